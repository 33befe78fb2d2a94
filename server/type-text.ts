import { decimal, type SqlType, type StructField } from '../common/types.ts';

const SIMPLE: Readonly<Record<string, SqlType['kind']>> = {
  BOOLEAN: 'BOOLEAN',
  INT: 'INTEGER',
  INTEGER: 'INTEGER',
  BIGINT: 'BIGINT',
  DOUBLE: 'DOUBLE',
  STRING: 'STRING',
  VARCHAR: 'STRING',
  BYTES: 'BYTES',
  TIMESTAMP: 'TIMESTAMP',
  DATE: 'DATE',
  TIME: 'TIME',
};

/**
 * Reads ksqlDB's type text (`columnTypes` of a query, e.g. ``STRUCT<`A` ARRAY<DOUBLE>>``) back into a
 * SqlType, so row values can be written by type. Unknown text gives `undefined`: written untyped.
 */
export function parseTypeText(text: string): SqlType | undefined {
  const t = text.trim();
  const simple = SIMPLE[t.toUpperCase()];
  if (simple) return { kind: simple } as SqlType;
  const open = t.search(/[<(]/);
  if (open < 0) return undefined;
  const head = t.slice(0, open).trim().toUpperCase();
  const inner = t.slice(open + 1, -1);
  switch (head) {
    case 'DECIMAL': {
      const [p, s] = inner.split(',').map((x) => Number(x.trim()));
      return p !== undefined && s !== undefined ? decimal(p, s) : undefined;
    }
    case 'ARRAY': {
      const element = parseTypeText(inner);
      return element && { kind: 'ARRAY', element };
    }
    case 'MAP': {
      const [k, v] = splitTopLevel(inner);
      const key = k === undefined ? undefined : parseTypeText(k);
      const value = v === undefined ? undefined : parseTypeText(v);
      return key && value && { kind: 'MAP', key, value };
    }
    case 'STRUCT':
      return parseStruct(inner);
    default:
      return undefined;
  }
}

function parseStruct(inner: string): SqlType | undefined {
  const fields: StructField[] = [];
  for (const part of inner.trim() === '' ? [] : splitTopLevel(inner)) {
    const m = /^\s*(?:`((?:[^`]|``)*)`|(\w+))\s+([\s\S]+)$/.exec(part);
    const type = m?.[3] === undefined ? undefined : parseTypeText(m[3]);
    if (!m || !type) return undefined;
    fields.push({ name: m[1]?.replace(/``/g, '`') ?? m[2] ?? '', type });
  }
  return { kind: 'STRUCT', fields };
}

/** Splits on commas that are not inside `<>`, `()` or back-quotes. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '`') quoted = !quoted;
    else if (quoted) continue;
    else if (c === '<' || c === '(') depth++;
    else if (c === '>' || c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}
