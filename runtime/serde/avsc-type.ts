import avsc from 'avsc';
import { ProcessingError } from '../../common/errors.ts';
import type { AvroObject, AvroSchema } from './avro-schema.ts';

/** Avro longs as JS bigint, so BIGINT keeps all 64 bits. */
const bigintLong = avsc.types.LongType.__with({
  fromBuffer: (buf: Buffer): bigint => buf.readBigInt64LE(0),
  toBuffer: (n: bigint): Buffer => {
    const buf = Buffer.alloc(8);
    buf.writeBigInt64LE(n);
    return buf;
  },
  fromJSON: (n: number | string): bigint => BigInt(n),
  toJSON: (n: bigint): number => Number(n),
  isValid: (n: unknown): boolean => typeof n === 'bigint',
  compare: (a: bigint, b: bigint): number => (a < b ? -1 : a > b ? 1 : 0),
});

/** An avsc codec for a schema: longs as bigint, unions unwrapped (the branch is picked by value). */
export interface AvroCodec {
  encode(value: unknown): Uint8Array;
  decode(bytes: Uint8Array): unknown;
}

export function avroCodec(schema: AvroSchema): AvroCodec {
  let type: avsc.Type;
  try {
    type = avsc.Type.forSchema(plainLongs(schema) as avsc.Schema, { registry: { long: bigintLong }, wrapUnions: 'never' });
  } catch (e) {
    throw new ProcessingError(`Invalid Avro schema: ${e instanceof Error ? e.message : String(e)}`);
  }
  return {
    encode(value) {
      try {
        return type.toBuffer(value);
      } catch (e) {
        throw new ProcessingError(`Cannot encode Avro: ${e instanceof Error ? e.message : String(e)}`);
      }
    },
    decode(bytes) {
      try {
        return type.fromBuffer(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
      } catch (e) {
        throw new ProcessingError(`Cannot decode Avro: ${e instanceof Error ? e.message : String(e)}`);
      }
    },
  };
}

/**
 * `{type: "long", logicalType: ...}` would make avsc build its own number-based long; the codec
 * converts logical types itself, so such nodes become the plain name and use the bigint long.
 */
function plainLongs(s: AvroSchema): AvroSchema {
  if (typeof s === 'string') return s;
  if (Array.isArray(s)) return (s as readonly AvroSchema[]).map(plainLongs);
  const o = s as AvroObject;
  if (o.type === 'long') return 'long';
  const out: Record<string, unknown> = { ...o, type: plainLongs(o.type) };
  if (Array.isArray(o['fields'])) out['fields'] = (o['fields'] as AvroObject[]).map((f) => ({ ...f, type: plainLongs(f.type) }));
  if (o['items'] !== undefined) out['items'] = plainLongs(o['items'] as AvroSchema);
  if (o['values'] !== undefined) out['values'] = plainLongs(o['values'] as AvroSchema);
  return out as unknown as AvroSchema;
}
