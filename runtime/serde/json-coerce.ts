import { Decimal } from '../../common/decimal.ts';
import { fitDecimal } from '../../common/decimal-types.ts';
import { ProcessingError } from '../../common/errors.ts';
import { parseJavaDouble, parseJavaInt, parseJavaLong } from '../../common/java-format.ts';
import { isLosslessNumber, stringifyJson, type LosslessNumber } from '../../common/json-values.ts';
import { decodeBase64 } from '../../common/string-parse.ts';
import { formatType, type SqlType, type StructField } from '../../common/types.ts';

/**
 * Coercion of a parsed JSON tree (numbers as LosslessNumber, or as plain JS numbers where
 * json-parse.ts found every number to be an integer literal of at most 15 digits, other than -0:
 * such a number is read exactly as the LosslessNumber of its text) to an engine value of a SQL type,
 * following ksqlDB's KsqlJsonDeserializer:
 * - BOOLEAN only from true/false; INTEGER/BIGINT/DOUBLE from numbers (fractions truncate, wide
 *   integers wrap like Java's intValue/longValue) or from numeric strings;
 * - STRING from anything: numbers and booleans as their text, objects as compact JSON, arrays as
 *   `[a, b]`; DECIMAL from a number or a numeric string, rescaled HALF_UP to the column's scale;
 * - BYTES from base64 text; TIMESTAMP/TIME/DATE from integers (ms, ms of day, days) or their text;
 * - STRUCT fields match the exact name first, then the upper-cased JSON key.
 * Errors carry ksqlDB's message and a JSON path, e.g. `..., path: $.ORDER.ID`.
 */
export type JsonCoercer = (node: unknown, path: string) => unknown;

export class CoercionError extends ProcessingError {}

export function jsonCoercerFor(type: SqlType): JsonCoercer {
  const inner = buildCoercer(type);
  return (node, path) => (node === null || node === undefined ? null : inner(node, path));
}

function buildCoercer(type: SqlType): JsonCoercer {
  switch (type.kind) {
    case 'BOOLEAN':
      return (n, p) => (typeof n === 'boolean' ? n : fail(n, 'BOOLEAN', p));
    case 'INTEGER':
    case 'DATE':
    case 'TIME':
      return intCoercer(type);
    case 'BIGINT':
    case 'TIMESTAMP':
      return longCoercer(type);
    case 'DOUBLE':
      return doubleCoercer;
    case 'STRING':
      return stringCoercer;
    case 'DECIMAL':
      return decimalCoercer(type.precision, type.scale);
    case 'BYTES':
      return bytesCoercer;
    case 'ARRAY':
      return arrayCoercer(type);
    case 'MAP':
      return mapCoercer(type);
    case 'STRUCT':
      return structCoercer(type);
  }
}

/** The Jackson node class ksqlDB's messages name for a JSON value. */
function nodeType(n: unknown): string {
  if (typeof n === 'string') return 'TextNode';
  if (typeof n === 'boolean') return 'BooleanNode';
  if (typeof n === 'number') return (n | 0) === n ? 'IntNode' : 'LongNode';
  if (Array.isArray(n)) return 'ArrayNode';
  if (isLosslessNumber(n)) {
    if (!/^-?\d+$/.test(n.value)) return 'DecimalNode';
    const v = BigInt(n.value);
    return BigInt.asIntN(32, v) === v ? 'IntNode' : BigInt.asIntN(64, v) === v ? 'LongNode' : 'BigIntegerNode';
  }
  return 'ObjectNode';
}

function fail(n: unknown, required: string, path: string): never {
  throw new CoercionError(`Can't convert type. sourceType: ${nodeType(n)}, requiredType: ${required}, path: ${path}`);
}

function failString(required: string, path: string): never {
  throw new CoercionError(`Can't coerce string to type. targetType: ${required}, path: ${path}`);
}

/** The integer part of a JSON number (Jackson's `bigIntegerValue()`: fractions truncate). */
function integerOf(n: LosslessNumber): bigint {
  return /^-?\d+$/.test(n.value) ? BigInt(n.value) : Decimal.parse(n.value).toBigInt();
}

function intCoercer(type: SqlType): JsonCoercer {
  const name = type.kind === 'INTEGER' ? 'INTEGER' : type.kind;
  return (n, p) => {
    // A plain number is a safe integer: ToInt32 wraps it as BigInt.asIntN(32) would.
    if (typeof n === 'number') return n | 0;
    if (isLosslessNumber(n)) return Number(BigInt.asIntN(32, integerOf(n)));
    if (typeof n === 'string') return parseJavaInt(n) ?? failString(name, p);
    return fail(n, name, p);
  };
}

function longCoercer(type: SqlType): JsonCoercer {
  const asNumber = type.kind === 'TIMESTAMP';
  return (n, p) => {
    let v: bigint | null;
    if (typeof n === 'number') return asNumber ? n : BigInt(n);
    if (isLosslessNumber(n)) v = BigInt.asIntN(64, integerOf(n));
    else if (typeof n === 'string') v = parseJavaLong(n) ?? failString(type.kind, p);
    else return fail(n, type.kind, p);
    return asNumber ? Number(v) : v;
  };
}

const doubleCoercer: JsonCoercer = (n, p) => {
  if (typeof n === 'number') return n;
  if (isLosslessNumber(n)) return Number(n.value);
  if (typeof n === 'string') return parseJavaDouble(n) ?? failString('DOUBLE', p);
  return fail(n, 'DOUBLE', p);
};

const stringCoercer: JsonCoercer = (n, p) => {
  if (typeof n === 'string') return n;
  if (typeof n === 'boolean') return String(n);
  if (typeof n === 'number') return String(n);
  if (isLosslessNumber(n)) return /^-?\d+$/.test(n.value) ? BigInt(n.value).toString() : Decimal.parse(n.value).toJavaString();
  if (Array.isArray(n)) return '[' + n.map((e, i) => String(stringElement(e, `${p}[${i}]`))).join(', ') + ']';
  return stringifyJson(n);
};

const stringElement = (e: unknown, p: string): unknown => (e === null ? null : stringCoercer(e, p));

function decimalCoercer(precision: number, scale: number): JsonCoercer {
  const required = `DECIMAL(${precision}, ${scale})`;
  return (n, p) => {
    let d: Decimal | null = null;
    if (typeof n === 'number') d = Decimal.parse(String(n));
    else if (isLosslessNumber(n)) d = Decimal.parse(n.value);
    else if (typeof n === 'string') d = Decimal.tryParse(n);
    if (d === null) return fail(n, required, p);
    try {
      return fitDecimal(d, precision, scale);
    } catch (e) {
      throw new CoercionError(`${(e as Error).message}, path: ${p}`);
    }
  };
}

const bytesCoercer: JsonCoercer = (n, p) => {
  if (typeof n !== 'string') return fail(n, 'BYTES', p);
  const bytes = decodeBase64(n);
  if (bytes === null) throw new CoercionError(`Value is not a valid Base64 encoded string: ${n}, path: ${p}`);
  return bytes;
};

function arrayCoercer(type: Extract<SqlType, { kind: 'ARRAY' }>): JsonCoercer {
  const el = jsonCoercerFor(type.element);
  const required = formatType(type);
  return (n, p) => (Array.isArray(n) ? n.map((e, i) => el(e, `${p}[${i}]`)) : fail(n, required, p));
}

function isObject(n: unknown): n is Record<string, unknown> {
  return typeof n === 'object' && n !== null && !Array.isArray(n) && !isLosslessNumber(n);
}

function mapCoercer(type: Extract<SqlType, { kind: 'MAP' }>): JsonCoercer {
  const val = jsonCoercerFor(type.value);
  const required = formatType(type);
  return (n, p) => {
    if (!isObject(n)) return fail(n, required, p);
    const out = new Map<unknown, unknown>();
    for (const k of Object.keys(n)) out.set(k, val(n[k], `${p}.${k}.value`));
    return out;
  };
}

function structCoercer(type: Extract<SqlType, { kind: 'STRUCT' }>): JsonCoercer {
  const fill = fieldFiller(type.fields);
  const required = formatType(type);
  return (n, p) => {
    if (!isObject(n)) return fail(n, required, p);
    const out: Record<string, unknown> = {};
    fill(n, p, (i, name, v) => (out[name] = v));
    return out;
  };
}

/**
 * Reads a wrapped row: the top-level JSON object's fields, matched to `columns` like struct
 * fields, into an array in column order. JSON `null` is a null row.
 */
export function rowCoercer(columns: readonly StructField[]): (n: unknown) => unknown[] | null {
  const fill = fieldFiller(columns);
  const required = formatType({ kind: 'STRUCT', fields: columns });
  return (n) => {
    if (n === null) return null;
    if (!isObject(n)) return fail(n, required, '$');
    const out = new Array<unknown>(columns.length);
    fill(n, '$', (i, _name, v) => (out[i] = v));
    return out;
  };
}

type FieldSink = (index: number, name: string, value: unknown) => void;

/** Matches each field to the exact JSON key, else to the upper-cased key (ksqlDB's rule). */
function fieldFiller(fields: readonly StructField[]): (n: Record<string, unknown>, p: string, sink: FieldSink) => void {
  const plan = fields.map((f) => ({ name: f.name, coerce: jsonCoercerFor(f.type) }));
  return (n, p, sink) => {
    let upper: Map<string, unknown> | undefined;
    for (let i = 0; i < plan.length; i++) {
      const f = plan[i]!;
      let v = Object.hasOwn(n, f.name) ? n[f.name] : undefined;
      if (v === undefined) {
        upper ??= upperCaseKeys(n);
        v = upper.get(f.name);
      }
      sink(i, f.name, f.coerce(v ?? null, `${p}.${f.name}`));
    }
  };
}

function upperCaseKeys(n: Record<string, unknown>): Map<string, unknown> {
  const m = new Map<string, unknown>();
  for (const k of Object.keys(n)) m.set(k.toUpperCase(), n[k]);
  return m;
}
