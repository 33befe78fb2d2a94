import { ProcessingError } from '../../common/errors.ts';
import type { SqlType } from '../../common/types.ts';
import { decodeUtf8, encodeUtf8, type RowSerde } from './format.ts';

interface Codec {
  encode(v: unknown): Uint8Array;
  decode(bytes: Uint8Array): unknown;
}

/**
 * Kafka's fixed-width serializers check the payload size with these messages. Encoding and
 * decoding go through one scratch DataView per codec (a DataView per record costs more than the
 * rest of the codec): values are written to the scratch bytes and copied out, or copied in and read.
 */
function sized(width: number, name: string, read: (d: DataView) => unknown, write: (d: DataView, v: unknown) => void): Codec {
  const scratch = new Uint8Array(8);
  const view = new DataView(scratch.buffer);
  return {
    encode(v) {
      write(view, v);
      const out = new Uint8Array(width);
      for (let i = 0; i < width; i++) out[i] = scratch[i]!;
      return out;
    },
    decode(bytes) {
      if (bytes.length !== width) {
        throw new ProcessingError(`Size of data received by ${name} is not ${width}`);
      }
      for (let i = 0; i < width; i++) scratch[i] = bytes[i]!;
      return read(view);
    },
  };
}

/** Int32 big-endian by shifts: no DataView at all, the common key type. */
const int32: Codec = {
  encode(v) {
    const x = (v as number) | 0;
    const out = new Uint8Array(4);
    out[0] = x >>> 24;
    out[1] = x >>> 16;
    out[2] = x >>> 8;
    out[3] = x;
    return out;
  },
  decode(bytes) {
    if (bytes.length !== 4) throw new ProcessingError('Size of data received by IntegerDeserializer is not 4');
    return (bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!;
  },
};

const CODECS: Partial<Record<SqlType['kind'], Codec>> = {
  INTEGER: int32,
  BIGINT: sized(8, 'LongDeserializer', (d) => d.getBigInt64(0), (d, v) => d.setBigInt64(0, v as bigint)),
  DOUBLE: sized(8, 'DoubleDeserializer', (d) => d.getFloat64(0), (d, v) => d.setFloat64(0, v as number)),
  STRING: { encode: (v) => encodeUtf8(v as string), decode: (b) => decodeUtf8(b) },
  BYTES: { encode: (v) => (v as Uint8Array).slice(), decode: (b) => b.slice() },
};

/** Whether the KAFKA format can carry a column of this type. */
export const kafkaSupports = (type: SqlType): boolean => CODECS[type.kind] !== undefined;

/**
 * The KAFKA format: one primitive column in Kafka's standard serializers' encoding
 * (big-endian int32/int64/float64, UTF-8 text, raw bytes). A null column is a null payload.
 */
export class KafkaRowSerde implements RowSerde {
  private readonly codec: Codec;

  constructor(
    type: SqlType,
    private readonly target: string,
  ) {
    const codec = CODECS[type.kind];
    if (!codec) throw new ProcessingError(`The 'KAFKA' format does not support type '${type.kind}'`);
    this.codec = codec;
  }

  serialize(row: readonly unknown[] | null): Uint8Array | null {
    const v = row === null ? null : (row[0] ?? null);
    return v === null ? null : this.codec.encode(v);
  }

  deserialize(bytes: Uint8Array | null): unknown[] | null {
    if (bytes === null) return null;
    try {
      return [this.codec.decode(bytes)];
    } catch (e) {
      throw new ProcessingError(`Failed to deserialize ${this.target} (KAFKA). ${(e as Error).message}`);
    }
  }
}

/**
 * NONE, and any format with no columns: nothing is written and the payload is ignored.
 * Reading always yields the empty row.
 */
export class NoColumnsSerde implements RowSerde {
  serialize(): Uint8Array | null {
    return null;
  }

  deserialize(): unknown[] | null {
    return [];
  }
}
