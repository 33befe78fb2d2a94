export { createSerde } from './create-serde.ts';
export { validateFormat, resolveDelimiter } from './validate-format.ts';
export { KNOWN_FORMATS, SCHEMA_REGISTRY_FORMATS, type FormatSpec, type RowSerde, type SerdeColumn, type SerdeOptions } from './format.ts';
export {
  InMemorySchemaRegistry,
  defaultSchemaRegistry,
  keySubject,
  subjectFor,
  valueSubject,
  type RegisteredSchema,
  type RegistrySchema,
  type SchemaReference,
  type SchemaRegistry,
  type SchemaType,
} from './schema-registry.ts';
export { avroSchemaFor, type AvroSchema } from './avro-schema.ts';
export { protoSchemaFor } from './protobuf-schema.ts';
export { inferColumns } from './infer-columns.ts';
