import { ProcessingError } from '../../common/errors.ts';

/**
 * Confluent wire framing: magic byte 0, the schema id as a 4-byte big-endian int, then the payload.
 * Protobuf adds the message-index path after the id (zig-zag varints; `[0]` is written as a single 0).
 */
export const MAGIC_BYTE = 0;

export interface Framed {
  readonly schemaId: number;
  readonly payload: Uint8Array;
  /** Protobuf only: the path of the message within the schema file. */
  readonly messageIndexes?: readonly number[];
}

export function frame(schemaId: number, payload: Uint8Array, messageIndexes?: readonly number[]): Uint8Array {
  const indexes = messageIndexes === undefined ? [] : encodeIndexes(messageIndexes);
  const out = new Uint8Array(5 + indexes.length + payload.length);
  out[0] = MAGIC_BYTE;
  new DataView(out.buffer).setInt32(1, schemaId, false);
  out.set(indexes, 5);
  out.set(payload, 5 + indexes.length);
  return out;
}

/** Splits a framed record; `withIndexes` reads the Protobuf message-index path. */
export function unframe(bytes: Uint8Array, withIndexes = false): Framed {
  if (bytes.length < 5 || bytes[0] !== MAGIC_BYTE) throw new ProcessingError('Unknown magic byte!');
  const schemaId = new DataView(bytes.buffer, bytes.byteOffset, bytes.length).getInt32(1, false);
  if (!withIndexes) return { schemaId, payload: bytes.subarray(5) };
  let pos = 5;
  const next = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[pos++];
      if (b === undefined) throw new ProcessingError('Truncated Protobuf message indexes');
      result |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) break;
      shift += 7;
    }
    return (result >>> 1) ^ -(result & 1);
  };
  const count = next();
  const messageIndexes = count === 0 ? [0] : Array.from({ length: count }, next);
  return { schemaId, payload: bytes.subarray(pos), messageIndexes };
}

function encodeIndexes(indexes: readonly number[]): number[] {
  if (indexes.length === 1 && indexes[0] === 0) return [0];
  return [indexes.length, ...indexes].flatMap(zigzagVarint);
}

function zigzagVarint(n: number): number[] {
  let v = ((n << 1) ^ (n >> 31)) >>> 0;
  const out: number[] = [];
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
  return out;
}
