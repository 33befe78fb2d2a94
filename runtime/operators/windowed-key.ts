import { ProcessingError } from '../../common/errors.ts';
import type { WindowedKey } from '../../plan/steps.ts';

/**
 * Kafka Streams' windowed key layout: the inner key's bytes, then the window start as an 8-byte
 * big-endian long (time windows), or the end then the start (session windows).
 */
export interface SplitKey {
  readonly inner: Uint8Array;
  readonly start: number;
  readonly end: number;
}

const suffixLength = (type: WindowedKey['type']): number => (type === 'SESSION' ? 16 : 8);

/**
 * The window start of a time-windowed key, without splitting it (no subarray, no object): for
 * per-record paths that need only the start and the inner key's length (`length - 8`).
 */
export function timeWindowStart(bytes: Uint8Array): number {
  if (bytes.length < 8) throw new ProcessingError(`A time-windowed key needs at least 8 bytes, got ${bytes.length}`);
  return readLong(bytes, bytes.length - 8);
}

export function splitWindowedKey(bytes: Uint8Array, w: WindowedKey): SplitKey {
  const n = suffixLength(w.type);
  if (bytes.length < n) throw new ProcessingError(`A ${w.type.toLowerCase()}-windowed key needs at least ${n} bytes, got ${bytes.length}`);
  const at = bytes.length - n;
  const inner = bytes.subarray(0, at);
  if (w.type === 'SESSION') return { inner, end: readLong(bytes, at), start: readLong(bytes, at + 8) };
  const start = readLong(bytes, at);
  return { inner, start, end: start + (w.sizeMs ?? 0) };
}

export function joinWindowedKey(inner: Uint8Array, type: WindowedKey['type'], start: number, end: number): Uint8Array {
  const out = new Uint8Array(inner.length + suffixLength(type));
  out.set(inner, 0);
  if (type === 'SESSION') {
    writeLong(out, inner.length, end);
    writeLong(out, inner.length + 8, start);
  } else {
    writeLong(out, inner.length, start);
  }
  return out;
}

// Big-endian two's-complement longs without BigInt or a DataView: exact for |v| < 2^53, which
// covers every epoch-millisecond time (a wider stored long loses precision as Number() would).
const TWO_32 = 0x1_0000_0000;

function writeLong(out: Uint8Array, at: number, v: number): void {
  const hi = Math.floor(v / TWO_32);
  const lo = v - hi * TWO_32;
  out[at] = hi >>> 24;
  out[at + 1] = hi >>> 16;
  out[at + 2] = hi >>> 8;
  out[at + 3] = hi;
  out[at + 4] = lo >>> 24;
  out[at + 5] = lo >>> 16;
  out[at + 6] = lo >>> 8;
  out[at + 7] = lo;
}

function readLong(bytes: Uint8Array, at: number): number {
  const hi = (bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!;
  const lo = ((bytes[at + 4]! << 24) | (bytes[at + 5]! << 16) | (bytes[at + 6]! << 8) | bytes[at + 7]!) >>> 0;
  return hi * TWO_32 + lo;
}
