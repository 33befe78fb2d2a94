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

export function splitWindowedKey(bytes: Uint8Array, w: WindowedKey): SplitKey {
  const n = suffixLength(w.type);
  if (bytes.length < n) throw new ProcessingError(`A ${w.type.toLowerCase()}-windowed key needs at least ${n} bytes, got ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = bytes.length - n;
  const inner = bytes.subarray(0, at);
  if (w.type === 'SESSION') {
    return { inner, end: Number(view.getBigInt64(at)), start: Number(view.getBigInt64(at + 8)) };
  }
  const start = Number(view.getBigInt64(at));
  return { inner, start, end: start + (w.sizeMs ?? 0) };
}

export function joinWindowedKey(inner: Uint8Array, type: WindowedKey['type'], start: number, end: number): Uint8Array {
  const n = suffixLength(type);
  const out = new Uint8Array(inner.length + n);
  out.set(inner, 0);
  const view = new DataView(out.buffer);
  if (type === 'SESSION') {
    view.setBigInt64(inner.length, BigInt(end));
    view.setBigInt64(inner.length + 8, BigInt(start));
  } else {
    view.setBigInt64(inner.length, BigInt(start));
  }
  return out;
}
