import type protobuf from 'protobufjs';
import { ProcessingError } from '../../common/errors.ts';
import type { StructField } from '../../common/types.ts';
import type { RowSerde, SerdeColumn } from './format.ts';
import { indexesOf, loadProto, type ProtoFile } from './protobuf-load.ts';
import { protoSchemaFor, type NullableRepresentation } from './protobuf-schema.ts';
import { protoReader, protoWriter } from './protobuf-values.ts';
import type { SchemaRegistry } from './schema-registry.ts';
import { frame, unframe } from './sr-framing.ts';

export interface ProtobufSerdeOptions {
  /** A single STRUCT key column: the message is the struct itself. */
  readonly unwrapped: boolean;
  readonly nullable: NullableRepresentation;
  /** PROTOBUF (framed, registry-backed) or PROTOBUF_NOSR (bare message, schema from the columns). */
  readonly registry: SchemaRegistry | undefined;
  readonly subject: string;
  readonly target: string;
  readonly fullName?: string;
  readonly schemaId?: number;
}

type Obj = Record<string, unknown>;

interface Codec {
  readonly type: protobuf.Type;
  readonly read: (msg: Obj) => Obj;
}

/** PROTOBUF and PROTOBUF_NOSR rows. Message types and converters are built once per schema id. */
export class ProtobufRowSerde implements RowSerde {
  private readonly fields: readonly StructField[];
  private readonly structKey: boolean;
  private writer: (Codec & { readonly id: number; readonly indexes: number[]; readonly write: (v: Obj) => Obj }) | undefined;
  private readonly readers = new Map<string, Codec>();

  constructor(
    private readonly columns: readonly SerdeColumn[],
    private readonly opts: ProtobufSerdeOptions,
  ) {
    const only = columns[0];
    this.structKey = opts.unwrapped && columns.length === 1 && only?.type.kind === 'STRUCT';
    this.fields = this.structKey && only?.type.kind === 'STRUCT' ? only.type.fields : columns;
  }

  serialize(row: readonly unknown[] | null): Uint8Array | null {
    if (row === null) return null;
    const w = (this.writer ??= this.buildWriter());
    const struct = this.structKey ? ((row[0] ?? {}) as Obj) : Object.fromEntries(this.columns.map((c, i) => [c.name, row[i] ?? null]));
    let payload: Uint8Array;
    try {
      payload = w.type.encode(w.type.fromObject(w.write(struct))).finish();
    } catch (e) {
      throw new ProcessingError(`Failed to serialize ${this.opts.target}. ${(e as Error).message}`);
    }
    return this.opts.registry ? frame(w.id, payload, w.indexes) : payload;
  }

  private buildWriter(): Codec & { readonly id: number; readonly indexes: number[]; readonly write: (v: Obj) => Obj } {
    const { registry, subject } = this.opts;
    let text: string;
    let file: ProtoFile;
    let id = 0;
    if (registry && this.opts.schemaId !== undefined) {
      const found = registry.byId(this.opts.schemaId);
      if (!found) throw new ProcessingError(`Schema id ${this.opts.schemaId} does not exist in the Schema Registry`);
      id = this.opts.schemaId;
      file = loadProto(found.schema, found.references, registry);
    } else {
      const name = this.opts.fullName;
      text = protoSchemaFor(this.columns, { unwrapped: this.opts.unwrapped, nullable: this.opts.nullable, ...(name !== undefined ? { name } : {}) });
      if (registry) id = registry.register(subject, { schemaType: 'PROTOBUF', schema: text });
      file = loadProto(text);
    }
    const type = this.messageOf(file);
    return { id, indexes: indexesOf(file, type), type, read: protoReader(type, this.fields), write: protoWriter(type, this.fields) };
  }

  private messageOf(file: ProtoFile): protobuf.Type {
    const name = this.opts.fullName;
    const type = name === undefined ? file.messages[0] : file.byName(name);
    if (!type) throw new ProcessingError(`Schema for message ${name ?? '(first)'} not found`);
    return type;
  }

  deserialize(bytes: Uint8Array | null): unknown[] | null {
    if (bytes === null) return null;
    try {
      let codec: Codec;
      let payload = bytes;
      if (this.opts.registry) {
        const framed = unframe(bytes, true);
        payload = framed.payload;
        codec = this.readerFor(framed.schemaId, framed.messageIndexes ?? [0]);
      } else {
        codec = (this.writer ??= this.buildWriter());
      }
      const struct = codec.read(codec.type.decode(payload) as unknown as Obj);
      return this.structKey ? [struct] : this.columns.map((c) => struct[c.name] ?? null);
    } catch (e) {
      throw new ProcessingError(`Failed to deserialize ${this.opts.target}. ${(e as Error).message}`);
    }
  }

  private readerFor(id: number, indexes: readonly number[]): Codec {
    const key = `${id}:${indexes.join(',')}`;
    let r = this.readers.get(key);
    if (r) return r;
    const found = this.opts.registry!.byId(id);
    if (!found) throw new ProcessingError(`Schema not found; error code: 40403 (schema id ${id})`);
    if (found.schemaType !== 'PROTOBUF') throw new ProcessingError(`Schema id ${id} is ${found.schemaType}, not PROTOBUF`);
    const file = loadProto(found.schema, found.references, this.opts.registry);
    const type = file.byIndexes(indexes);
    r = { type, read: protoReader(type, this.fields) };
    this.readers.set(key, r);
    return r;
  }
}
