import avsc from 'avsc';
import { ProcessingError } from '../../common/errors.ts';
import type { AvroSchema } from './avro-schema.ts';

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
    type = avsc.Type.forSchema(schema as avsc.Schema, { registry: { long: bigintLong }, wrapUnions: 'never' });
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
