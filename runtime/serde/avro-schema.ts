import { AnalysisError } from '../../common/errors.ts';
import type { SqlType } from '../../common/types.ts';
import type { SerdeColumn } from './format.ts';

/** An Avro schema as JSON: a primitive name, a union list, or an object with `type`. */
export type AvroSchema = string | readonly AvroSchema[] | AvroObject;
export interface AvroObject {
  readonly type: AvroSchema;
  readonly [attribute: string]: unknown;
}

export const AVRO_NAMESPACE = 'io.confluent.ksql.avro_schemas';
export const DEFAULT_AVRO_NAME = `${AVRO_NAMESPACE}.KsqlDataSourceSchema`;

export interface AvroDeriveOptions {
  /** A single column written bare (a key, or a value with WRAP_SINGLE_VALUE=false). */
  readonly unwrapped: boolean;
  readonly isKey: boolean;
  /** The record's full name (`fullSchemaName`); defaults to ksqlDB's KsqlDataSourceSchema. */
  readonly fullName?: string;
}

/**
 * The Avro schema ksqlDB registers for a source's key or value columns: a record with optional
 * (null-union, default null) fields, nested records named `<parent>_<FIELD>`, Connect logical types.
 * An unwrapped key is the bare type; an unwrapped value is a null union.
 */
export function avroSchemaFor(columns: readonly SerdeColumn[], opts: AvroDeriveOptions): AvroSchema {
  const fullName = opts.fullName ?? DEFAULT_AVRO_NAME;
  const dot = fullName.lastIndexOf('.');
  const names: Naming = { name: fullName.slice(dot + 1), namespace: dot > 0 ? fullName.slice(0, dot) : undefined };
  const namespace = names.namespace === undefined ? {} : { namespace: names.namespace };
  if (opts.unwrapped && columns.length === 1) {
    const only = avroType(columns[0]!.type, names);
    if (columns[0]!.type.kind === 'STRUCT') return { ...(only as AvroObject), ...namespace };
    return opts.isKey ? only : optional(only);
  }
  return { type: 'record', name: names.name, ...namespace, fields: columns.map((c) => field(c.name, c.type, names)), 'connect.name': fullName };
}

/** A record's short name and the namespace every nested record shares (Avro inherits it). */
interface Naming {
  readonly name: string;
  readonly namespace: string | undefined;
}

const optional = (s: AvroSchema): AvroSchema => ['null', s];
const child = (n: Naming, suffix: string): Naming => ({ name: `${n.name}_${suffix}`, namespace: n.namespace });

const field = (name: string, type: SqlType, parent: Naming): AvroObject =>
  ({ name, type: optional(avroType(type, child(parent, name))), default: null }) as unknown as AvroObject;

/** Connect names every struct, so each record carries `connect.name` with its full name. */
function avroType(t: SqlType, n: Naming): AvroSchema {
  switch (t.kind) {
    case 'BOOLEAN':
      return 'boolean';
    case 'INTEGER':
      return 'int';
    case 'BIGINT':
      return 'long';
    case 'DOUBLE':
      return 'double';
    case 'STRING':
      return 'string';
    case 'BYTES':
      return 'bytes';
    case 'DECIMAL':
      return { type: 'bytes', logicalType: 'decimal', precision: t.precision, scale: t.scale };
    case 'TIMESTAMP':
      return { type: 'long', logicalType: 'timestamp-millis' };
    case 'DATE':
      return { type: 'int', logicalType: 'date' };
    case 'TIME':
      return { type: 'int', logicalType: 'time-millis' };
    case 'ARRAY':
      return { type: 'array', items: optional(avroType(t.element, n)) };
    case 'MAP':
      if (t.key.kind !== 'STRING') throw new AnalysisError('Avro only supports MAPs with STRING keys');
      return { type: 'map', values: optional(avroType(t.value, child(n, 'MapValue'))) };
    case 'STRUCT': {
      const fullName = n.namespace === undefined ? n.name : `${n.namespace}.${n.name}`;
      return { type: 'record', name: n.name, fields: t.fields.map((f) => field(f.name, f.type, n)), 'connect.name': fullName };
    }
  }
}

/**
 * Why ksqlDB cannot translate the columns to Avro, or null: non-STRING map keys, or a field name
 * Avro rejects (`Illegal initial character: 1abc`, `Illegal character in: a-b`).
 */
export function avroSchemaProblem(columns: readonly SerdeColumn[]): string | null {
  for (const c of columns) {
    const problem = nameProblem(c.name) ?? typeProblem(c.type);
    if (problem) return problem;
  }
  return null;
}

function typeProblem(t: SqlType): string | null {
  switch (t.kind) {
    case 'MAP':
      return t.key.kind !== 'STRING' ? 'Avro only supports MAPs with STRING keys' : typeProblem(t.value);
    case 'ARRAY':
      return typeProblem(t.element);
    case 'STRUCT':
      for (const f of t.fields) {
        const p = nameProblem(f.name) ?? typeProblem(f.type);
        if (p) return p;
      }
      return null;
    default:
      return null;
  }
}

function nameProblem(name: string): string | null {
  if (name.length === 0) return 'Schema is not compatible with Avro: Empty name';
  if (!/[A-Za-z_]/.test(name[0]!)) return `Schema is not compatible with Avro: Illegal initial character: ${name}`;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return `Schema is not compatible with Avro: Illegal character in: ${name}`;
  return null;
}
