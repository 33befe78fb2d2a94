import { ProcessingError } from '../../common/errors.ts';
import type { SqlType } from '../../common/types.ts';
import { decodeUtf8, encodeUtf8, type RowSerde } from './format.ts';

interface Codec {
  encode(v: unknown): Uint8Array;
  decode(bytes: Uint8Array): unknown;
}

/** Kafka's fixed-width serializers check the payload size with these messages. */
function sized(width: number, name: string, read: (d: DataView) => unknown, write: (d: DataView, v: unknown) => void): Codec {
  return {
    encode(v) {
      const out = new Uint8Array(width);
      write(new DataView(out.buffer), v);
      return out;
    },
    decode(bytes) {
      if (bytes.length !== width) {
        throw new ProcessingError(`Size of data received by ${name} is not ${width}`);
      }
      return read(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    },
  };
}

const CODECS: Partial<Record<SqlType['kind'], Codec>> = {
  INTEGER: sized(4, 'IntegerDeserializer', (d) => d.getInt32(0), (d, v) => d.setInt32(0, v as number)),
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
