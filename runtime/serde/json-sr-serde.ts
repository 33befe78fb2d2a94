import type { SqlType } from '../../common/types.ts';
import type { RowSerde, SerdeColumn } from './format.ts';
import { JsonRowSerde } from './json-serde.ts';
import type { SchemaRegistry } from './schema-registry.ts';
import { frame } from './sr-framing.ts';

/**
 * JSON_SR: JSON text behind Confluent framing. Writes register the JSON Schema derived from the
 * columns; reads skip the framing (JsonRowSerde accepts it) and coerce by column type as JSON does.
 */
export class JsonSrRowSerde implements RowSerde {
  private readonly json: JsonRowSerde;
  private id: number | undefined;

  constructor(
    private readonly columns: readonly SerdeColumn[],
    private readonly unwrapped: boolean,
    target: string,
    private readonly registry: SchemaRegistry,
    private readonly subject: string,
  ) {
    this.json = new JsonRowSerde(columns, unwrapped, target);
  }

  serialize(row: readonly unknown[] | null): Uint8Array | null {
    const payload = this.json.serialize(row);
    if (payload === null) return null;
    this.id ??= this.registry.register(this.subject, { schemaType: 'JSON', schema: JSON.stringify(jsonSrSchemaFor(this.columns, this.unwrapped)) });
    return frame(this.id, payload);
  }

  deserialize(bytes: Uint8Array | null): unknown[] | null {
    return this.json.deserialize(bytes);
  }
}

/** The JSON Schema ksqlDB registers for key or value columns: an unwrapped single column is nullable. */
export function jsonSrSchemaFor(columns: readonly SerdeColumn[], unwrapped: boolean): object {
  return unwrapped && columns.length === 1 ? optional(jsonSchemaOf(columns[0]!.type)) : objectSchema(columns);
}

const optional = (s: object): object => ({ oneOf: [{ type: 'null' }, s] });

function objectSchema(fields: readonly { readonly name: string; readonly type: SqlType }[]): object {
  const properties = Object.fromEntries(fields.map((f, i) => [f.name, { ...optional(jsonSchemaOf(f.type)), 'connect.index': i }]));
  return { type: 'object', properties };
}

/** The JSON Schema ksqlDB's Connect converter writes for a SQL type (connect.type hints included). */
export function jsonSchemaOf(t: SqlType): object {
  switch (t.kind) {
    case 'BOOLEAN':
      return { type: 'boolean' };
    case 'INTEGER':
      return { type: 'integer', 'connect.type': 'int32' };
    case 'BIGINT':
      return { type: 'integer', 'connect.type': 'int64' };
    case 'DOUBLE':
      return { type: 'number', 'connect.type': 'float64' };
    case 'STRING':
      return { type: 'string' };
    case 'BYTES':
      return { type: 'string', 'connect.type': 'bytes' };
    case 'DECIMAL':
      return { type: 'number', title: 'org.apache.kafka.connect.data.Decimal', 'connect.type': 'bytes', 'connect.parameters': { scale: String(t.scale), 'connect.decimal.precision': String(t.precision) } };
    case 'TIMESTAMP':
      return { type: 'integer', title: 'org.apache.kafka.connect.data.Timestamp', 'connect.type': 'int64' };
    case 'DATE':
      return { type: 'integer', title: 'org.apache.kafka.connect.data.Date', 'connect.type': 'int32' };
    case 'TIME':
      return { type: 'integer', title: 'org.apache.kafka.connect.data.Time', 'connect.type': 'int32' };
    case 'ARRAY':
      return { type: 'array', items: optional(jsonSchemaOf(t.element)) };
    case 'MAP':
      return { type: 'object', additionalProperties: optional(jsonSchemaOf(t.value)), 'connect.type': 'map' };
    case 'STRUCT':
      return objectSchema(t.fields);
  }
}
