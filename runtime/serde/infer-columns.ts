import protobuf from 'protobufjs';
import { AnalysisError } from '../../common/errors.ts';
import type { Column } from '../../common/schema.ts';
import type { SqlType, StructField } from '../../common/types.ts';
import type { AvroObject, AvroSchema } from './avro-schema.ts';
import { namedTypes, nonNullBranches, recordFields, resolveAvro } from './avro-walk.ts';
import { loadProto } from './protobuf-load.ts';
import type { RegistrySchema, SchemaRegistry } from './schema-registry.ts';

export interface InferOptions {
  /** WRAP_SINGLE_VALUE=false: a record value becomes one ROWVAL column. */
  readonly wrapSingleValue?: boolean;
  /** PROTOBUF: the message to use (`fullSchemaName`), else the first one. */
  readonly fullSchemaName?: string;
  /** Resolves Protobuf schema references. */
  readonly registry?: SchemaRegistry;
  /**
   * KEY_/VALUE_SCHEMA_ID: the physical schema is used exactly, so field names keep their case;
   * otherwise they are upper-cased like unquoted identifiers.
   */
  readonly preserveNames?: boolean;
}

/**
 * Columns ksqlDB infers from a registered schema (CREATE without a column list). A value
 * record/message gives one column per field; any other value schema (or WRAP_SINGLE_VALUE=false)
 * is one `ROWVAL` column. A Protobuf key is always a message, so its fields are the key columns;
 * any other key is one `ROWKEY` column of the whole schema's type.
 */
export function inferColumns(schema: RegistrySchema, format: string, isKey: boolean, opts: InferOptions = {}): Column[] {
  const namespace = isKey ? 'KEY' : 'VALUE';
  const name = format.toUpperCase();
  const inferred = sqlTypeOf(schema, name, opts);
  const type = opts.preserveNames ? inferred : upperCased(inferred);
  const single = (t: SqlType): Column[] => [{ name: isKey ? 'ROWKEY' : 'ROWVAL', type: t, namespace }];
  const perField = type.kind === 'STRUCT' && (isKey ? name.startsWith('PROTOBUF') : opts.wrapSingleValue !== false);
  return perField ? type.fields.map((f) => ({ name: f.name, type: f.type, namespace })) : single(type);
}

/** Struct field names upper-cased at every depth (through arrays and map values). */
function upperCased(t: SqlType): SqlType {
  switch (t.kind) {
    case 'STRUCT':
      return { kind: 'STRUCT', fields: t.fields.map((f) => ({ name: f.name.toUpperCase(), type: upperCased(f.type) })) };
    case 'ARRAY':
      return { kind: 'ARRAY', element: upperCased(t.element) };
    case 'MAP':
      return { kind: 'MAP', key: t.key, value: upperCased(t.value) };
    default:
      return t;
  }
}

function sqlTypeOf(schema: RegistrySchema, format: string, opts: InferOptions): SqlType {
  switch (format) {
    case 'AVRO': {
      const parsed = JSON.parse(schema.schema) as AvroSchema;
      return fromAvro(parsed, namedTypes(parsed));
    }
    case 'PROTOBUF':
    case 'PROTOBUF_NOSR': {
      const file = loadProto(schema.schema, schema.references, opts.registry);
      const message = opts.fullSchemaName ? file.byName(opts.fullSchemaName) : file.messages[0];
      if (!message) throw new AnalysisError(`Schema for message ${opts.fullSchemaName ?? ''} not found in the Protobuf schema`);
      return fromProtoMessage(message);
    }
    case 'JSON_SR':
    case 'JSON':
      return fromJsonSchema(JSON.parse(schema.schema) as JsonSchemaNode);
    default:
      throw new AnalysisError(`${format} does not support schema inference`);
  }
}

const struct = (fields: readonly StructField[]): SqlType => ({ kind: 'STRUCT', fields });

function fromAvro(s: AvroSchema, names: ReadonlyMap<string, AvroObject>): SqlType {
  const r = resolveAvro(s, names);
  if (r.kind === 'union') {
    const branches = nonNullBranches(r.branches);
    if (branches.length === 1) return fromAvro(branches[0]!, names);
    return struct(branches.map((b, i) => ({ name: `${typeof b === 'string' ? b : 'branch'}${i}`, type: fromAvro(b, names) })));
  }
  if (r.kind === 'primitive') {
    const logical = r.logical?.['logicalType'];
    if (logical === 'decimal') return { kind: 'DECIMAL', precision: Number(r.logical!['precision'] ?? 64), scale: Number(r.logical!['scale'] ?? 0) };
    if (logical === 'date') return { kind: 'DATE' };
    if (logical === 'time-millis') return { kind: 'TIME' };
    if (logical === 'timestamp-millis') return { kind: 'TIMESTAMP' };
    const byName: Record<string, SqlType> = { boolean: { kind: 'BOOLEAN' }, int: { kind: 'INTEGER' }, long: { kind: 'BIGINT' }, float: { kind: 'DOUBLE' }, double: { kind: 'DOUBLE' }, string: { kind: 'STRING' }, bytes: { kind: 'BYTES' } };
    const t = byName[r.name];
    if (!t) throw new AnalysisError(`Unsupported Avro type: ${r.name}`);
    return t;
  }
  const o = r.node;
  const fields = recordFields(o);
  if (fields) return struct(fields.map((f) => ({ name: String(f['name']), type: fromAvro(f.type, names) })));
  if (o.type === 'array') return { kind: 'ARRAY', element: fromAvro(o['items'] as AvroSchema, names) };
  if (o.type === 'map') return { kind: 'MAP', key: { kind: 'STRING' }, value: fromAvro(o['values'] as AvroSchema, names) };
  if (o.type === 'enum') return { kind: 'STRING' };
  if (o.type === 'fixed') return { kind: 'BYTES' };
  throw new AnalysisError(`Unsupported Avro type: ${String(o.type)}`);
}

const PROTO_SCALARS: Record<string, SqlType> = {
  int32: { kind: 'INTEGER' }, sint32: { kind: 'INTEGER' }, sfixed32: { kind: 'INTEGER' },
  uint32: { kind: 'BIGINT' }, fixed32: { kind: 'BIGINT' }, int64: { kind: 'BIGINT' }, uint64: { kind: 'BIGINT' },
  sint64: { kind: 'BIGINT' }, fixed64: { kind: 'BIGINT' }, sfixed64: { kind: 'BIGINT' },
  float: { kind: 'DOUBLE' }, double: { kind: 'DOUBLE' }, bool: { kind: 'BOOLEAN' }, string: { kind: 'STRING' }, bytes: { kind: 'BYTES' },
};

function fromProtoMessage(t: protobuf.Type): SqlType {
  return struct(t.fieldsArray.map((f) => ({ name: f.name, type: fromProtoField(f) })));
}

function fromProtoField(f: protobuf.Field): SqlType {
  f.resolve();
  if (f instanceof protobuf.MapField) return { kind: 'MAP', key: { kind: 'STRING' }, value: fromProtoValue(f) };
  const value = fromProtoValue(f);
  return f.repeated ? { kind: 'ARRAY', element: value } : value;
}

function fromProtoValue(f: protobuf.Field): SqlType {
  const t = f.resolvedType;
  if (t instanceof protobuf.Enum) return { kind: 'STRING' };
  if (!(t instanceof protobuf.Type)) {
    const s = PROTO_SCALARS[f.type];
    if (!s) throw new AnalysisError(`Unsupported Protobuf type: ${f.type}`);
    return s;
  }
  switch (t.fullName) {
    case '.google.protobuf.Timestamp':
      return { kind: 'TIMESTAMP' };
    case '.google.type.Date':
      return { kind: 'DATE' };
    case '.google.type.TimeOfDay':
      return { kind: 'TIME' };
    case '.confluent.type.Decimal':
      return protoDecimal(f);
  }
  if (t.fullName.startsWith('.google.protobuf.') && t.name.endsWith('Value')) return fromProtoValue(t.fields['value']!);
  return fromProtoMessage(t);
}

/** DECIMAL from `[(confluent.field_meta) = { params: [{ key: "precision", value: "4" }, ...] }]`. */
function protoDecimal(f: protobuf.Field): SqlType {
  const parsed = (f as protobuf.Field & { parsedOptions?: readonly Record<string, unknown>[] }).parsedOptions ?? [];
  const meta = parsed.map((o) => o['(confluent.field_meta)'] as { params?: readonly { key?: string; value?: string }[] } | undefined);
  const params = meta.flatMap((m) => m?.params ?? []);
  const param = (key: string): number | undefined => {
    const v = params.find((p) => p.key === key)?.value;
    return v === undefined ? undefined : Number(v);
  };
  return { kind: 'DECIMAL', precision: param('precision') ?? 64, scale: param('scale') ?? 0 };
}

interface JsonSchemaNode {
  readonly type?: string | readonly string[];
  readonly properties?: Readonly<Record<string, JsonSchemaNode>>;
  readonly additionalProperties?: JsonSchemaNode | boolean;
  readonly items?: JsonSchemaNode;
  readonly oneOf?: readonly JsonSchemaNode[];
  readonly anyOf?: readonly JsonSchemaNode[];
  readonly 'connect.type'?: string;
  readonly title?: string;
  readonly 'connect.parameters'?: Readonly<Record<string, string>>;
}

function fromJsonSchema(s: JsonSchemaNode): SqlType {
  const options = (s.oneOf ?? s.anyOf)?.filter((o) => o.type !== 'null');
  if (options && options.length === 1) return fromJsonSchema(options[0]!);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'integer':
      return s['connect.type'] === 'int32' || s['connect.type'] === 'int16' || s['connect.type'] === 'int8' ? { kind: 'INTEGER' } : { kind: 'BIGINT' };
    case 'number': {
      if (s.title !== 'org.apache.kafka.connect.data.Decimal') return { kind: 'DOUBLE' };
      const p = s['connect.parameters'] ?? {};
      return { kind: 'DECIMAL', precision: Number(p['connect.decimal.precision'] ?? 64), scale: Number(p['scale'] ?? 0) };
    }
    case 'boolean':
      return { kind: 'BOOLEAN' };
    case 'string':
      return s['connect.type'] === 'bytes' ? { kind: 'BYTES' } : { kind: 'STRING' };
    case 'array':
      return { kind: 'ARRAY', element: fromJsonSchema(s.items ?? {}) };
    case 'object':
      if (s.properties) return struct(Object.entries(s.properties).map(([name, p]) => ({ name, type: fromJsonSchema(p) })));
      if (typeof s.additionalProperties === 'object') return { kind: 'MAP', key: { kind: 'STRING' }, value: fromJsonSchema(s.additionalProperties) };
      throw new AnalysisError('JSON schema object without properties cannot be inferred');
    default:
      throw new AnalysisError(`Unsupported JSON schema type: ${String(type)}`);
  }
}
