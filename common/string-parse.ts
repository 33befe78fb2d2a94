import { Decimal } from './decimal.ts';
import { ProcessingError } from './errors.ts';
import { javaTrim, parseJavaDouble, parseJavaInt, parseJavaLong } from './java-format.ts';
import { parseDate, parseTime, parseTimestamp } from './time-format.ts';
import { formatType, type SqlType } from './types.ts';

/**
 * Reading SQL values from text: `CAST(<string> AS <type>)` and string literals coerced to a
 * column's type. Both trim the text first, as ksqlDB does. Failures throw ProcessingError with
 * ksqlDB's coercion message `invalid input syntax for type INTEGER: "<text>"`.
 */

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function invalidInput(type: SqlType, text: string): ProcessingError {
  return new ProcessingError(`invalid input syntax for type ${formatType(type)}: "${text}"`);
}

/** `SqlBooleans`: a non-empty case-insensitive prefix of `true`/`yes` or `false`/`no`. */
function booleanWord(text: string): boolean | null {
  const lower = text.toLowerCase();
  if (lower.length === 0) return null;
  if ('true'.startsWith(lower) || 'yes'.startsWith(lower)) return true;
  if ('false'.startsWith(lower) || 'no'.startsWith(lower)) return false;
  return null;
}

/** `CAST(text AS <to>)` for a primitive target. BOOLEAN is lenient: anything not true-ish is false. */
export function parseStringCast(text: string, to: SqlType): unknown {
  const t = javaTrim(text);
  if (to.kind === 'BOOLEAN') return booleanWord(t) === true;
  return parseTrimmed(text, t, to);
}

/** A string literal where a value of `to` is expected: strict, every failure is an error. */
export function parseStringLiteral(text: string, to: SqlType): unknown {
  const t = javaTrim(text);
  if (to.kind === 'BOOLEAN') {
    const b = booleanWord(t);
    if (b === null) throw invalidInput(to, text);
    return b;
  }
  return parseTrimmed(text, t, to);
}

function parseTrimmed(original: string, t: string, to: SqlType): unknown {
  const v = parseValue(t, to);
  if (v === null) throw invalidInput(to, original);
  return v;
}

function parseValue(t: string, to: SqlType): unknown {
  switch (to.kind) {
    case 'STRING':
      return t;
    case 'INTEGER':
      return parseJavaInt(t);
    case 'BIGINT':
      return parseJavaLong(t);
    case 'DOUBLE':
      return parseJavaDouble(t);
    case 'DECIMAL':
      return Decimal.tryParse(t);
    case 'TIMESTAMP':
      return parseTimestamp(t);
    case 'DATE':
      return parseDate(t);
    case 'TIME':
      return parseTime(t);
    case 'BYTES':
      return decodeBase64(t);
    default:
      throw new ProcessingError(`Cannot read ${formatType(to)} from a string`);
  }
}

/** Java's basic Base64 decoder: standard alphabet, padding optional; null if malformed. */
export function decodeBase64(text: string): Uint8Array | null {
  if (!BASE64.test(text) || text.length % 4 === 1) return null;
  return new Uint8Array(Buffer.from(text, 'base64'));
}

export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
