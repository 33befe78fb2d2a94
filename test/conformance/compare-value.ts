import type { LosslessNumber } from 'lossless-json';
import {
  type JavaDecimal,
  type JavaValue,
  LONG_MAX,
  LONG_MIN,
  decimalEquals,
  decimalIntegral,
  javaToPlain,
  parseDecimal,
  truncateDecimal,
} from './java-value.ts';
import {
  type JsonArray,
  type JsonNode,
  type JsonObject,
  isIntegerLiteral,
  isJsonArray,
  isJsonNumber,
  toJsonText,
} from './json-text.ts';

/** Renders an actual value for failure messages. */
export const showActual = (v: JavaValue): string => toJsonText(javaToPlain(v));

const describe = (path: string, expected: JsonNode, actual: JavaValue): string =>
  `${path} expected ${toJsonText(expected)} got ${showActual(actual)}${actual === null ? '' : ` (${actual.kind})`}`;

/**
 * ksqlDB's ExpectedRecordComparator (§3.3): the expected JSON node type picks the rule, the actual
 * Java type decides. Returns undefined on a match, else a readable mismatch at `path`.
 */
export function valueMismatch(expected: JsonNode, actual: JavaValue, path: string): string | undefined {
  if (expected === null) return actual === null ? undefined : describe(path, expected, actual);
  if (typeof expected === 'boolean') {
    return actual?.kind === 'boolean' && actual.value === expected ? undefined : describe(path, expected, actual);
  }
  if (typeof expected === 'string') return textMatches(expected, actual) ? undefined : describe(path, expected, actual);
  if (isJsonNumber(expected)) return numberMatches(expected, actual) ? undefined : describe(path, expected, actual);
  if (isJsonArray(expected)) return arrayMismatch(expected, actual, path);
  return objectMismatch(expected, actual, path);
}

function textMatches(expected: string, actual: JavaValue): boolean {
  if (actual === null) return false;
  if (actual.kind === 'string') return actual.value === expected;
  if (actual.kind === 'decimal') {
    const e = parseDecimal(expected);
    return e !== undefined && decimalEquals(e, actual.value);
  }
  if (actual.kind === 'bytes') return Buffer.from(actual.value).toString('base64') === expected;
  return false;
}

/** The expected literal as Jackson types it: IntNode/LongNode/BigIntegerNode or DecimalNode. */
function expectedIntegral(expected: LosslessNumber): bigint {
  const text = expected.toString();
  if (isIntegerLiteral(text)) return BigInt(text);
  const d = parseDecimal(text);
  return d ? truncateDecimal(d) : 0n;
}

function numberMatches(expected: LosslessNumber, actual: JavaValue): boolean {
  if (actual === null) return false;
  switch (actual.kind) {
    case 'int':
      // intValue()/longValue() truncate a decimal and wrap an out-of-range integer.
      return BigInt.asIntN(32, expectedIntegral(expected)) === BigInt(actual.value);
    case 'long':
      return BigInt.asIntN(64, expectedIntegral(expected)) === actual.value;
    case 'double':
      return Math.abs(Number(expected.toString()) - actual.value) < 1e-6;
    case 'decimal':
      return decimalMatches(expected.toString(), actual.value);
    default:
      return false;
  }
}

function decimalMatches(text: string, actual: JavaDecimal): boolean {
  if (isIntegerLiteral(text)) {
    const e = BigInt(text);
    // Only an Int/Long node qualifies, and the actual must have no decimal places.
    if (e < LONG_MIN || e > LONG_MAX || actual.scale > 0) return false;
    return decimalIntegral(actual) === e;
  }
  const e = parseDecimal(text);
  return e !== undefined && decimalEquals(e, actual);
}

function arrayMismatch(expected: JsonArray, actual: JavaValue, path: string): string | undefined {
  if (actual?.kind !== 'list') return describe(path, expected, actual);
  if (actual.value.length !== expected.length) {
    return `${path} expected ${expected.length} elements got ${actual.value.length}: ${describe(path, expected, actual)}`;
  }
  for (let i = 0; i < expected.length; i++) {
    const m = valueMismatch(expected[i] ?? null, actual.value[i] ?? null, `${path}[${i}]`);
    if (m) return m;
  }
  return undefined;
}

function objectMismatch(expected: JsonObject, actual: JavaValue, path: string): string | undefined {
  if (actual?.kind !== 'map') return describe(path, expected, actual);
  const fields = Object.entries(expected);
  if (actual.value.size !== fields.length) {
    const names = [...actual.value.keys()].join(', ');
    return `${path} expected ${fields.length} fields got ${actual.value.size} (${names}): ${describe(path, expected, actual)}`;
  }
  for (const [name, e] of fields) {
    // A missing field and a null field look the same: both fall back to the upper-cased name.
    let a = actual.value.get(name) ?? null;
    if (a === null) a = actual.value.get(name.toUpperCase()) ?? null;
    const m = valueMismatch(e, a, `${path}.${name}`);
    if (m) return m;
  }
  return undefined;
}
