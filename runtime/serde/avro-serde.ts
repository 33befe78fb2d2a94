import { ProcessingError } from '../../common/errors.ts';
import type { SqlType } from '../../common/types.ts';
import { avroSchemaFor, type AvroSchema } from './avro-schema.ts';
import { avroReader, avroWriter, type Convert } from './avro-values.ts';
import { namedTypes } from './avro-walk.ts';
import { avroCodec, type AvroCodec } from './avsc-type.ts';
import type { RowSerde, SerdeColumn } from './format.ts';
import type { SchemaRegistry } from './schema-registry.ts';
import { frame, unframe } from './sr-framing.ts';

export interface AvroSerdeOptions {
  readonly unwrapped: boolean;
  readonly isKey: boolean;
  readonly registry: SchemaRegistry;
  readonly subject: string;
  readonly target: string;
  readonly fullName?: string;
  /** KEY_/VALUE_SCHEMA_ID: write with this registered schema instead of the derived one. */
  readonly schemaId?: number;
}

interface Codec {
  readonly codec: AvroCodec;
  readonly convert: Convert;
}

/**
 * AVRO with Confluent framing. Writes with the schema derived from the columns (registered under
 * the subject on first write) or with a fixed schema id; reads with the writer schema named by each
 * record's id, converted to the columns by name (case-insensitively). Codecs are built once per id.
 */
export class AvroRowSerde implements RowSerde {
  private readonly rowType: SqlType;
  private writer: (Codec & { readonly id: number }) | undefined;
  private readonly readers = new Map<number, Codec>();

  constructor(
    private readonly columns: readonly SerdeColumn[],
    private readonly opts: AvroSerdeOptions,
  ) {
    this.rowType = { kind: 'STRUCT', fields: columns };
  }

  private get shape(): SqlType {
    return this.opts.unwrapped ? this.columns[0]!.type : this.rowType;
  }

  serialize(row: readonly unknown[] | null): Uint8Array | null {
    if (row === null) return null;
    const w = (this.writer ??= this.buildWriter());
    const value = this.opts.unwrapped ? (row[0] ?? null) : Object.fromEntries(this.columns.map((c, i) => [c.name, row[i] ?? null]));
    if (this.opts.unwrapped && value === null && !this.opts.isKey) return null;
    return frame(w.id, w.codec.encode(w.convert(value)));
  }

  private buildWriter(): Codec & { readonly id: number } {
    const { registry, subject } = this.opts;
    let schema: AvroSchema;
    let id: number;
    if (this.opts.schemaId !== undefined) {
      const found = registry.byId(this.opts.schemaId);
      if (!found) throw new ProcessingError(`Schema id ${this.opts.schemaId} does not exist in the Schema Registry`);
      schema = JSON.parse(found.schema) as AvroSchema;
      id = this.opts.schemaId;
    } else {
      schema = avroSchemaFor(this.columns, this.opts);
      id = registry.register(subject, { schemaType: 'AVRO', schema: JSON.stringify(schema) });
    }
    return { id, codec: avroCodec(schema), convert: avroWriter(schema, namedTypes(schema), this.shape) };
  }

  deserialize(bytes: Uint8Array | null): unknown[] | null {
    if (bytes === null) return null;
    try {
      const { schemaId, payload } = unframe(bytes);
      const r = this.readerFor(schemaId);
      const value = r.convert(r.codec.decode(payload));
      if (value === null) return null;
      if (this.opts.unwrapped) return [value];
      const struct = value as Record<string, unknown>;
      return this.columns.map((c) => struct[c.name] ?? null);
    } catch (e) {
      throw new ProcessingError(`Failed to deserialize ${this.opts.target}. ${(e as Error).message}`);
    }
  }

  private readerFor(id: number): Codec {
    let r = this.readers.get(id);
    if (r) return r;
    const found = this.opts.registry.byId(id);
    if (!found) throw new ProcessingError(`Schema not found; error code: 40403 (schema id ${id})`);
    if (found.schemaType !== 'AVRO') throw new ProcessingError(`Schema id ${id} is ${found.schemaType}, not AVRO`);
    const schema = JSON.parse(found.schema) as AvroSchema;
    r = { codec: avroCodec(schema), convert: avroReader(schema, namedTypes(schema), this.shape) };
    this.readers.set(id, r);
    return r;
  }
}
