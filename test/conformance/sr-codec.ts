import type { Column } from '../../common/schema.ts';
import { avroSchemaFor, type AvroSchema } from '../../runtime/serde/avro-schema.ts';
import { namedTypes } from '../../runtime/serde/avro-walk.ts';
import { avroCodec } from '../../runtime/serde/avsc-type.ts';
import { jsonSrSchemaFor } from '../../runtime/serde/json-sr-serde.ts';
import { indexesOf, loadProto } from '../../runtime/serde/protobuf-load.ts';
import { protoSchemaFor, type ProtoDeriveOptions } from '../../runtime/serde/protobuf-schema.ts';
import type { RegisteredSchema, SchemaRegistry } from '../../runtime/serde/schema-registry.ts';
import { frame, unframe } from '../../runtime/serde/sr-framing.ts';
import type { JavaValue } from './java-value.ts';
import { type JsonNode, toJsonText } from './json-text.ts';
import type { FormatInfo } from './session-api.ts';
import { avroFromJson, SchemaConvertError } from './sr-encode-avro.ts';
import { protoFromJson } from './sr-encode-proto.ts';
import { javaFromAvro, javaFromProto } from './sr-decode.ts';

/** Where one key or value of a topic is encoded: its format, columns and registry subject. */
export interface SrTarget {
  readonly format: FormatInfo;
  readonly columns: readonly Column[];
  readonly registry: SchemaRegistry;
  readonly subject: string;
  readonly isKey: boolean;
}

const unwrapped = (t: SrTarget): boolean => t.columns.length === 1 && (t.isKey || t.format.features.includes('UNWRAP_SINGLES'));
const nullable = (f: FormatInfo): 'none' | 'optional' | 'wrapper' => {
  const v = f.properties['nullableRepresentation']?.toLowerCase();
  return v === 'optional' || v === 'wrapper' ? v : 'none';
};

const protoOptions = (t: SrTarget): ProtoDeriveOptions => {
  const name = t.format.properties['fullSchemaName'];
  return { unwrapped: t.isKey, nullable: nullable(t.format), ...(name ? { name } : {}) };
};

/** The latest schema under the subject, or the one ksqlDB derives from the columns (§1.1 b), registered. */
function latestSchema(t: SrTarget): RegisteredSchema {
  const found = t.registry.latest(t.subject);
  if (found) return found;
  const format = t.format.format;
  const fullName = t.format.properties['fullSchemaName'];
  const schema =
    format === 'AVRO'
      ? JSON.stringify(avroSchemaFor(t.columns, { unwrapped: unwrapped(t), isKey: t.isKey, ...(fullName ? { fullName } : {}) }))
      : format === 'PROTOBUF'
        ? protoSchemaFor(t.columns, protoOptions(t))
        : JSON.stringify(jsonSrSchemaFor(t.columns, unwrapped(t)));
  t.registry.register(t.subject, { schemaType: format === 'AVRO' ? 'AVRO' : format === 'PROTOBUF' ? 'PROTOBUF' : 'JSON', schema });
  return t.registry.latest(t.subject)!;
}

/** Serializes an input node with the latest schema of the subject and its id (§2 "In"). */
export function encodeSr(node: JsonNode, t: SrTarget): Uint8Array {
  if (t.format.format === 'PROTOBUF_NOSR') {
    const type = loadProto(protoSchemaFor(t.columns, protoOptions(t))).messages[0]!;
    return type.encode(type.fromObject(protoFromJson(node, type))).finish();
  }
  const latest = latestSchema(t);
  switch (t.format.format) {
    case 'AVRO': {
      const schema = JSON.parse(latest.schema) as AvroSchema;
      return frame(latest.id, avroCodec(schema).encode(avroFromJson(node, schema, namedTypes(schema))));
    }
    case 'PROTOBUF': {
      const file = loadProto(latest.schema, latest.references, t.registry);
      const name = t.format.properties['fullSchemaName'];
      const type = (name ? file.byName(name) : undefined) ?? file.messages[0]!;
      return frame(latest.id, type.encode(type.fromObject(protoFromJson(node, type))).finish(), indexesOf(file, type));
    }
    case 'JSON_SR':
      return frame(latest.id, new TextEncoder().encode(toJsonText(node)));
    default:
      throw new SchemaConvertError(`format ${t.format.format} is not a schema-registry format`);
  }
}

/** Deserializes an output with its writer schema into Java-typed values (§2 "Out"). */
export function decodeSr(bytes: Uint8Array, t: SrTarget): JavaValue | { readonly json: string } {
  if (t.format.format === 'PROTOBUF_NOSR') {
    const type = loadProto(protoSchemaFor(t.columns, protoOptions(t))).messages[0]!;
    return javaFromProto(type.decode(bytes) as unknown as Record<string, unknown>, type);
  }
  const framed = unframe(bytes, t.format.format === 'PROTOBUF');
  if (t.format.format === 'JSON_SR') return { json: new TextDecoder().decode(framed.payload) };
  const writer = t.registry.byId(framed.schemaId);
  if (!writer) throw new SchemaConvertError(`schema id ${framed.schemaId} is not registered`);
  if (t.format.format === 'AVRO') {
    const schema = JSON.parse(writer.schema) as AvroSchema;
    return javaFromAvro(avroCodec(schema).decode(framed.payload), schema, namedTypes(schema));
  }
  const type = loadProto(writer.schema, writer.references, t.registry).byIndexes(framed.messageIndexes ?? [0]);
  return javaFromProto(type.decode(framed.payload) as unknown as Record<string, unknown>, type);
}
