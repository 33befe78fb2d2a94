import { Decimal } from './decimal.ts';
import { formatDouble } from './java-format.ts';
import { formatDate, formatTimestamp } from './time-format.ts';
import type { SqlType, Struct } from './types.ts';

/**
 * `String.valueOf(javaObject)` for a value of `type`: what ksqlDB's `CAST(x AS STRING)` gives for
 * ARRAY, MAP and STRUCT, which print their elements with the elements' Java `toString`
 * (`[1, 3]`, `{this=1}`, `Struct{F0=1,f1=3}`).
 */
export function javaToString(value: unknown, type: SqlType): string {
  if (value === null || value === undefined) return 'null';
  switch (type.kind) {
    case 'BOOLEAN':
    case 'INTEGER':
    case 'BIGINT':
    case 'STRING':
      return String(value);
    case 'DOUBLE':
      return formatDouble(value as number);
    case 'DECIMAL':
      return (value as Decimal).toJavaString();
    case 'BYTES': {
      const n = (value as Uint8Array).length;
      return `java.nio.HeapByteBuffer[pos=0 lim=${n} cap=${n}]`;
    }
    case 'TIMESTAMP':
      return sqlTimestampString(value as number);
    case 'DATE':
      return formatDate(value as number);
    case 'TIME':
      return formatTimeOfDay(value as number);
    case 'ARRAY':
      return '[' + (value as readonly unknown[]).map((e) => javaToString(e, type.element)).join(', ') + ']';
    case 'MAP':
      return mapString(value as Map<unknown, unknown>, type.key, type.value);
    case 'STRUCT':
      return structString(value as Struct, type.fields);
  }
}

function mapString(m: Map<unknown, unknown>, key: SqlType, val: SqlType): string {
  const parts: string[] = [];
  for (const [k, v] of m) parts.push(`${javaToString(k, key)}=${javaToString(v, val)}`);
  return '{' + parts.join(', ') + '}';
}

/** Kafka Connect's `Struct.toString()` skips null fields and joins with a bare comma. */
function structString(s: Struct, fields: readonly { name: string; type: SqlType }[]): string {
  const parts: string[] = [];
  for (const f of fields) {
    const v = s[f.name];
    if (v !== null && v !== undefined) parts.push(`${f.name}=${javaToString(v, f.type)}`);
  }
  return 'Struct{' + parts.join(',') + '}';
}

/** `java.sql.Timestamp.toString()` (JVM in UTC): `yyyy-mm-dd hh:mm:ss.f`, fraction trimmed. */
function sqlTimestampString(ms: number): string {
  const iso = formatTimestamp(ms);
  const fraction = iso.slice(20).replace(/0+$/, '') || '0';
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${fraction}`;
}

/** `java.sql.Time.toString()`: always `hh:mm:ss`. */
function formatTimeOfDay(ms: number): string {
  const secs = Math.floor(ms / 1000);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(Math.floor(secs / 3600))}:${pad(Math.floor((secs % 3600) / 60))}:${pad(secs % 60)}`;
}
