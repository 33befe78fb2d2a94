import { UnsupportedError } from '../../common/errors.ts';
import { AvroRowSerde } from './avro-serde.ts';
import { DelimitedRowSerde } from './delimited-serde.ts';
import { formatName, type FormatSpec, type RowSerde, type SerdeColumn, type SerdeOptions } from './format.ts';
import { JsonSrRowSerde } from './json-sr-serde.ts';
import { JsonRowSerde } from './json-serde.ts';
import { KafkaRowSerde, NoColumnsSerde } from './kafka-serde.ts';
import { ProtobufRowSerde } from './protobuf-serde.ts';
import type { NullableRepresentation } from './protobuf-schema.ts';
import { defaultSchemaRegistry, subjectFor } from './schema-registry.ts';
import { delimiterChar, validateFormat } from './validate-format.ts';

/**
 * Builds the serde for a source's key or value columns, resolving every per-column converter
 * once. Validates format and columns first (throws AnalysisError with ksqlDB's messages).
 *
 * Wrapping: a single key column is always written bare; a single value column is wrapped unless
 * WRAP_SINGLE_VALUE=false. DELIMITED and KAFKA never wrap; PROTOBUF always wraps (a single STRUCT
 * key is the message itself). AVRO, PROTOBUF and JSON_SR register and look up schemas in
 * `opts.schemaRegistry` under `<topic>-key|value`.
 */
export function createSerde(format: FormatSpec, columns: readonly SerdeColumn[], opts: SerdeOptions): RowSerde {
  validateFormat(format, columns, opts.isKey);
  const name = formatName(format);
  const target = `${opts.isKey ? 'key' : 'value'}${opts.topic === undefined ? '' : ` from topic: ${opts.topic}`}`;
  if (name === 'NONE' || columns.length === 0) return new NoColumnsSerde();
  if (name === 'KAFKA') return new KafkaRowSerde(columns[0]!.type, target);
  if (name === 'DELIMITED') {
    const delimiter = delimiterChar(format.delimiter, opts.isKey);
    return new DelimitedRowSerde(columns, delimiter, target);
  }
  const unwrapped = columns.length === 1 && (opts.isKey || opts.wrapSingleValue === false);
  if (name === 'JSON') return new JsonRowSerde(columns, unwrapped, target);
  const registry = opts.schemaRegistry ?? defaultSchemaRegistry();
  const subject = subjectFor(opts.topic ?? '', opts.isKey);
  const schemaId = format.schemaId === undefined ? undefined : Number(format.schemaId);
  const fixed = { ...(schemaId !== undefined ? { schemaId } : {}), ...(format.fullSchemaName ? { fullName: format.fullSchemaName } : {}) };
  switch (name) {
    case 'JSON_SR':
      return new JsonSrRowSerde(columns, unwrapped, target, registry, subject);
    case 'AVRO':
      return new AvroRowSerde(columns, { unwrapped, isKey: opts.isKey, registry, subject, target, ...fixed });
    case 'PROTOBUF':
    case 'PROTOBUF_NOSR':
      return new ProtobufRowSerde(columns, {
        unwrapped: opts.isKey,
        nullable: nullableOf(format.nullableRepresentation),
        registry: name === 'PROTOBUF' ? registry : undefined,
        subject,
        target,
        ...fixed,
      });
    default:
      throw new UnsupportedError(`The '${name}' format`);
  }
}

function nullableOf(value: string | undefined): NullableRepresentation {
  const v = value?.toLowerCase();
  return v === 'optional' || v === 'wrapper' ? v : 'none';
}
