import type { SqlType } from '../../common/types.ts';
import type { SerdeColumn } from './format.ts';

export type NullableRepresentation = 'none' | 'optional' | 'wrapper';

export interface ProtoDeriveOptions {
  /** A single STRUCT key column becomes the message itself. */
  readonly unwrapped: boolean;
  readonly nullable: NullableRepresentation;
  /** Top-level message name (`fullSchemaName`); defaults to ksqlDB's ConnectDefault1. */
  readonly name?: string;
}

const WRAPPERS: Partial<Record<SqlType['kind'], string>> = {
  BOOLEAN: 'google.protobuf.BoolValue',
  INTEGER: 'google.protobuf.Int32Value',
  BIGINT: 'google.protobuf.Int64Value',
  DOUBLE: 'google.protobuf.DoubleValue',
  STRING: 'google.protobuf.StringValue',
  BYTES: 'google.protobuf.BytesValue',
};

const SCALARS: Partial<Record<SqlType['kind'], string>> = { BOOLEAN: 'bool', INTEGER: 'int32', BIGINT: 'int64', DOUBLE: 'double', STRING: 'string', BYTES: 'bytes' };

const IMPORTS: Partial<Record<SqlType['kind'], string>> = {
  DECIMAL: 'confluent/type/decimal.proto',
  TIMESTAMP: 'google/protobuf/timestamp.proto',
  DATE: 'google/type/date.proto',
  TIME: 'google/type/timeofday.proto',
};

/**
 * The `.proto` text ksqlDB registers for a source's columns (Connect schema → Protobuf): one
 * message `ConnectDefault1` with fields numbered from 1, nested STRUCTs as nested messages named
 * `ConnectDefault2`, …, MAPs as `map<string, V>`, logical types as Confluent / Google well-known
 * messages; primitives are plain proto3 scalars (no nulls) unless `nullable` says otherwise.
 */
export function protoSchemaFor(columns: readonly SerdeColumn[], opts: ProtoDeriveOptions): string {
  const imports = new Set<string>();
  let counter = 1;
  const message = (name: string, fields: readonly SerdeColumn[], indent: string): string => {
    const nested: string[] = [];
    const lines = fields.map((f, i) => `${indent}  ${fieldType(f.type, nested, indent + '  ', true)} ${f.name} = ${i + 1};`);
    const body = nested.length > 0 ? [...lines, '', ...nested] : lines;
    return `${indent}message ${name} {\n${body.join('\n')}\n${indent}}`;
  };
  const fieldType = (t: SqlType, nested: string[], indent: string, top: boolean): string => {
    if (t.kind === 'ARRAY') return `repeated ${fieldType(t.element, nested, indent, false)}`;
    if (t.kind === 'MAP') return `map<string, ${fieldType(t.value, nested, indent, false)}>`;
    if (t.kind === 'STRUCT') {
      const name = `ConnectDefault${++counter}`;
      nested.push(message(name, t.fields, indent));
      return name;
    }
    const imported = IMPORTS[t.kind];
    if (imported) {
      imports.add(imported);
      return WELL_KNOWN[t.kind as keyof typeof WELL_KNOWN];
    }
    if (top && opts.nullable === 'wrapper') {
      imports.add('google/protobuf/wrappers.proto');
      return WRAPPERS[t.kind]!;
    }
    return `${top && opts.nullable === 'optional' ? 'optional ' : ''}${SCALARS[t.kind]!}`;
  };
  const only = columns[0];
  const fields = opts.unwrapped && columns.length === 1 && only?.type.kind === 'STRUCT' ? only.type.fields : columns;
  const fullName = opts.name ?? 'ConnectDefault1';
  const dot = fullName.lastIndexOf('.');
  const text = message(fullName.slice(dot + 1), fields, '');
  const pkg = dot > 0 ? `package ${fullName.slice(0, dot)};\n\n` : '';
  const head = [...imports].sort().map((i) => `import "${i}";\n`).join('');
  return `syntax = "proto3";\n\n${pkg}${head}${head ? '\n' : ''}${text}\n`;
}

const WELL_KNOWN = {
  DECIMAL: 'confluent.type.Decimal',
  TIMESTAMP: 'google.protobuf.Timestamp',
  DATE: 'google.type.Date',
  TIME: 'google.type.TimeOfDay',
} as const;

/** `.proto` sources of the imports above that protobufjs does not bundle. */
export const EXTRA_PROTO_FILES: Readonly<Record<string, string>> = {
  'confluent/type/decimal.proto':
    'syntax = "proto3"; package confluent.type; message Decimal { bytes value = 1; uint32 precision = 2; int32 scale = 3; }',
  'google/type/date.proto': 'syntax = "proto3"; package google.type; message Date { int32 year = 1; int32 month = 2; int32 day = 3; }',
  'google/type/timeofday.proto':
    'syntax = "proto3"; package google.type; message TimeOfDay { int32 hours = 1; int32 minutes = 2; int32 seconds = 3; int32 nanos = 4; }',
};
