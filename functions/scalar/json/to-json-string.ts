import type { SqlType } from '../../../common/types.ts';
import type { ScalarFunction } from '../../function.ts';
import type { Decimal } from '../../../common/decimal.ts';
import { formatDouble } from '../../../common/java-format.ts';
import { formatDate, formatTime, formatTimestamp } from '../../../common/time-format.ts';
import { P } from '../../param-types.ts';
import { bound } from '../../define.ts';

type Writer = (v: unknown) => string;

/** A JSON writer for values of one SQL type, built once per call site. */
export function jsonWriter(t: SqlType): Writer {
  const w = inner(t);
  return (v) => (v === null || v === undefined ? 'null' : w(v));
}

function inner(t: SqlType): Writer {
  switch (t.kind) {
    case 'BOOLEAN':
    case 'INTEGER':
    case 'BIGINT':
      return (v) => String(v);
    case 'DOUBLE':
      return (v) => formatDouble(v as number);
    case 'DECIMAL':
      return (v) => (v as Decimal).toString();
    case 'STRING':
      return (v) => JSON.stringify(v);
    case 'BYTES':
      return (v) => JSON.stringify(Buffer.from(v as Uint8Array).toString('base64'));
    case 'TIMESTAMP':
      return (v) => JSON.stringify(formatTimestamp(v as number));
    case 'DATE':
      return (v) => JSON.stringify(formatDate(v as number));
    case 'TIME':
      return (v) => JSON.stringify(formatTime(v as number));
    case 'ARRAY': {
      const el = jsonWriter(t.element);
      return (v) => `[${(v as unknown[]).map(el).join(',')}]`;
    }
    case 'MAP': {
      const key = jsonWriter(t.key);
      const val = jsonWriter(t.value);
      // JSON keys are strings: non-string keys are written as their JSON text, quoted.
      const k = t.key.kind === 'STRING' ? key : (x: unknown) => JSON.stringify(key(x));
      return (v) => `{${[...(v as Map<unknown, unknown>)].map(([a, b]) => `${k(a)}:${val(b)}`).join(',')}}`;
    }
    case 'STRUCT': {
      const fields = t.fields.map((f) => [f.name, JSON.stringify(f.name), jsonWriter(f.type)] as const);
      return (v) => `{${fields.map(([name, q, w]) => `${q}:${w((v as Record<string, unknown>)[name] ?? null)}`).join(',')}}`;
    }
  }
}

export const toJsonString: ScalarFunction = {
  name: 'to_json_string',
  category: 'JSON',
  description: 'Serializes any value to JSON text (NULL becomes the text null).',
  signatures: [
    bound([P.ANY], P.STRING, (t) => jsonWriter(t.paramTypes[0]!), { nullSafe: true, names: ['val'] }),
  ],
};
