import { isLosslessNumber } from 'lossless-json';
import { Decimal } from '../common/decimal.ts';
import { formatDouble } from '../common/java-format.ts';
import { formatDate, formatTime, formatTimestamp } from '../common/time-format.ts';
import type { SqlType } from '../common/types.ts';

/**
 * Writes engine values as JSON text the way ksqlDB's API mapper does. JSON.stringify cannot be used:
 * BIGINT is a JS bigint (exact int64), DECIMAL a `Decimal` written as a plain number, BYTES base64,
 * MAP an object. When the SQL type is known, temporal values become ksqlDB's strings and DOUBLEs
 * are written as Java does (`1.0`).
 */
export function writeJson(value: unknown, type?: SqlType): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'bigint':
      return value.toString();
    case 'number':
      return writeNumber(value, type);
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      return writeObject(value, type);
    default:
      return 'null';
  }
}

function writeNumber(n: number, type: SqlType | undefined): string {
  if (!Number.isFinite(n)) return JSON.stringify(String(n));
  switch (type?.kind) {
    case 'TIMESTAMP':
      return JSON.stringify(formatTimestamp(n));
    case 'DATE':
      return JSON.stringify(formatDate(n));
    case 'TIME':
      return JSON.stringify(formatTime(n));
    case 'DOUBLE':
      return formatDouble(n);
    default:
      return JSON.stringify(n);
  }
}

function writeObject(value: object, type: SqlType | undefined): string {
  if (value instanceof Decimal || isLosslessNumber(value)) return value.toString();
  if (value instanceof Uint8Array) return JSON.stringify(Buffer.from(value).toString('base64'));
  if (Array.isArray(value)) {
    const element = type?.kind === 'ARRAY' ? type.element : undefined;
    return `[${value.map((v: unknown) => writeJson(v, element)).join(',')}]`;
  }
  if (value instanceof Map) {
    const valueType = type?.kind === 'MAP' ? type.value : undefined;
    const parts = [...value.entries()].map(([k, v]) => `${JSON.stringify(String(k))}:${writeJson(v, valueType)}`);
    return `{${parts.join(',')}}`;
  }
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  const fields = type?.kind === 'STRUCT' ? type.fields : [];
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  const parts = entries.map(([k, v]) => {
    const fieldType = fields.find((f) => f.name === k)?.type;
    return `${JSON.stringify(k)}:${writeJson(v, fieldType)}`;
  });
  return `{${parts.join(',')}}`;
}
