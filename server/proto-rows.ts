/**
 * Query rows as protobuf (`Accept: application/vnd.ksql.v1+protobuf`): the header carries the
 * proto3 schema of the result, as ksqlDB derives it from the columns (message `ConnectDefault1`,
 * nested structs and map entries numbered `ConnectDefault2`, ...), and each row is one message,
 * base64 in `protobufBytes`. Proto3 leaves unset (null) and default values off the wire.
 */
import protobuf from 'protobufjs';
import { Decimal } from '../common/decimal.ts';
import type { SqlType } from '../common/types.ts';
import { UnsupportedError } from '../common/errors.ts';

const SCALARS: Partial<Record<SqlType['kind'], string>> = { BOOLEAN: 'bool', INTEGER: 'int32', BIGINT: 'int64', DOUBLE: 'double', STRING: 'string', BYTES: 'bytes' };

export interface ProtoRows {
  /** The proto3 text of the row message. */
  readonly schema: string;
  /** One row's message bytes. */
  encode(values: readonly unknown[]): Uint8Array;
}

/** The row message of columns `names` of types `types` (undefined: a type protobuf rows cannot carry). */
export function protoRows(names: readonly string[], types: readonly (SqlType | undefined)[]): ProtoRows {
  let counter = 1;
  const message = (name: string, fields: readonly { name: string; type: SqlType | undefined }[], indent: string): string => {
    const nested: string[] = [];
    const lines = fields.map((f, i) => `${indent}  ${fieldType(f.type, f.name, nested, indent + '  ')} ${f.name} = ${i + 1};`);
    const body = nested.length > 0 ? [...lines, '', ...nested] : lines;
    return `${indent}message ${name} {\n${body.join('\n')}\n${indent}}`;
  };
  const fieldType = (t: SqlType | undefined, column: string, nested: string[], indent: string): string => {
    if (t === undefined) throw new UnsupportedError(`protobuf rows for column ${column} of an unknown type`);
    if (t.kind === 'ARRAY') return `repeated ${fieldType(t.element, column, nested, indent)}`;
    if (t.kind === 'STRUCT') {
      const name = `ConnectDefault${++counter}`;
      nested.push(message(name, t.fields.map((f) => ({ name: f.name, type: f.type })), indent));
      return name;
    }
    if (t.kind === 'MAP') {
      const name = `ConnectDefault${++counter}Entry`;
      nested.push(message(name, [{ name: 'key', type: t.key }, { name: 'value', type: t.value }], indent));
      return `repeated ${name}`;
    }
    const scalar = SCALARS[t.kind];
    if (!scalar) throw new UnsupportedError(`protobuf rows for column ${column} of type ${t.kind}`);
    return scalar;
  };
  const text = message('ConnectDefault1', names.map((name, i) => ({ name, type: types[i] })), '');
  const schema = `syntax = "proto3";\n\n${text}\n`;
  const type = protobuf.parse(schema, { keepCase: true }).root.lookupType('ConnectDefault1');
  return {
    schema,
    encode(values) {
      const fields: Record<string, unknown> = {};
      names.forEach((name, i) => {
        const v = wireValue(values[i], types[i]!);
        if (v !== undefined) fields[name] = v;
      });
      return type.encode(type.fromObject(fields)).finish();
    },
  };
}

/** A value as protobufjs takes it; undefined for null and proto3 defaults, which are not written. */
function wireValue(v: unknown, t: SqlType): unknown {
  if (v === null || v === undefined) return undefined;
  switch (t.kind) {
    case 'ARRAY': {
      const items = (v as readonly unknown[]).map((x) => wireValue(x, t.element) ?? defaultOf(t.element));
      return items.length === 0 ? undefined : items;
    }
    case 'MAP': {
      const entries = [...(v as Map<unknown, unknown>)].map(([k, x]) => dropUndefined({ key: wireValue(k, t.key), value: wireValue(x, t.value) }));
      return entries.length === 0 ? undefined : entries;
    }
    case 'STRUCT': {
      const o = v as Record<string, unknown>;
      return dropUndefined(Object.fromEntries(t.fields.map((f) => [f.name, wireValue(o[f.name], f.type)])));
    }
    case 'BIGINT':
      return v === 0n ? undefined : String(v);
    case 'INTEGER':
    case 'DOUBLE':
      return v === 0 ? undefined : v;
    case 'BOOLEAN':
      return v === false ? undefined : v;
    case 'STRING':
      return v === '' ? undefined : v;
    case 'BYTES':
      return (v as Uint8Array).length === 0 ? undefined : v;
    default:
      return v instanceof Decimal ? v.toString() : v;
  }
}

const defaultOf = (t: SqlType): unknown => (t.kind === 'STRING' ? '' : t.kind === 'BOOLEAN' ? false : t.kind === 'BYTES' ? new Uint8Array() : t.kind === 'BIGINT' ? '0' : 0);

function dropUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined));
}
