import { InternalError } from '../../common/errors.ts';
import { decodeJsonText, encodeJsonText } from '../serde/json-utf8.ts';
import type { LogHeader, LogRecord } from './log.ts';

/**
 * Binary layouts of the embedded log's LevelDB keys and values. Keys are fixed-width big-endian so
 * LevelDB's bytewise order is offset order, and a partition is one contiguous key range.
 *
 * Records are stored in chunks: the consecutive records one write appends to one partition (split
 * past CHUNK_RECORDS or CHUNK_BYTES), under the key of the chunk's LAST offset. LevelDB's per-entry
 * cost then falls on chunks, not records, and the first key ≥ recordKey(offset) is the chunk that
 * holds `offset`, because a partition's chunks cover its offsets without gaps.
 *
 * record key   = topicId u32 | partition u32 | last offset u64     (16 bytes)
 * commit key   = topicId u32 | partition u32 | group utf8
 * chunk value  = count u32 | record*
 * record       = timestamp f64 | key | value | headerCount u32 | (name | value)*
 *   where bytes = length i32 (-1 for null) + data, and a header name = length u32 + utf8.
 */

/** Bumped when the layout changes; `EmbeddedLog.open` refuses a directory written with another. */
export const LAYOUT_VERSION = 2;
export const CHUNK_RECORDS = 1024;
const CHUNK_BYTES = 256 * 1024;
const NO_HEADERS: readonly LogHeader[] = Object.freeze([]);

export function partitionPrefix(topicId: number, partition: number): Uint8Array {
  const out = new Uint8Array(8);
  writeU32(out, 0, topicId);
  writeU32(out, 4, partition);
  return out;
}

/**
 * The key of a record (of the chunk ending at it), after an optional keyspace prefix; offsets stay
 * below 2^53, so a float-free u64 split into two u32 is exact.
 */
export function recordKey(topicId: number, partition: number, offset: number, prefix?: Uint8Array): Uint8Array {
  const at = prefix?.length ?? 0;
  const out = new Uint8Array(at + 16);
  if (prefix) out.set(prefix);
  writeU32(out, at, topicId);
  writeU32(out, at + 4, partition);
  writeU32(out, at + 8, Math.floor(offset / 0x1_0000_0000));
  writeU32(out, at + 12, offset >>> 0);
  return out;
}

export function offsetOfRecordKey(key: Uint8Array): number {
  const at = key.length - 16;
  return readU32(key, at + 8) * 0x1_0000_0000 + readU32(key, at + 12);
}

export function commitKey(topicId: number, partition: number, group: string, prefix?: Uint8Array): Uint8Array {
  const name = encodeJsonText(group);
  const at = prefix?.length ?? 0;
  const out = new Uint8Array(at + 8 + name.length);
  if (prefix) out.set(prefix);
  writeU32(out, at, topicId);
  writeU32(out, at + 4, partition);
  out.set(name, at + 8);
  return out;
}

/** The smallest key greater than every key that starts with `prefix` (the end of a range). */
export function prefixEnd(prefix: Uint8Array): Uint8Array {
  const out = prefix.slice();
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i]! < 0xff) {
      out[i]! += 1;
      return out.subarray(0, i + 1);
    }
  }
  throw new InternalError('prefixEnd of an all-0xff prefix');
}

/** Splits one partition's appended records into chunks: [from, to) index ranges. */
export function chunkRanges(records: readonly LogRecord[]): [number, number][] {
  const ranges: [number, number][] = [];
  let from = 0;
  let bytes = 0;
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    bytes += 24 + (r.key?.length ?? 0) + (r.value?.length ?? 0);
    if (i + 1 - from >= CHUNK_RECORDS || bytes >= CHUNK_BYTES) {
      ranges.push([from, i + 1]);
      from = i + 1;
      bytes = 0;
    }
  }
  if (from < records.length) ranges.push([from, records.length]);
  return ranges;
}

/** Encodes `records[from, to)` as one chunk value, in one allocation. */
export function encodeChunk(records: readonly LogRecord[], from: number, to: number): Uint8Array {
  let size = 4;
  let names: Uint8Array[] | undefined;
  for (let i = from; i < to; i++) {
    const r = records[i]!;
    size += 20 + (r.key?.length ?? 0) + (r.value?.length ?? 0);
    for (const h of r.headers) {
      const name = encodeJsonText(h.key);
      (names ??= []).push(name);
      size += 8 + name.length + (h.value?.length ?? 0);
    }
  }
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  writeU32(out, 0, to - from);
  let at = 4;
  let n = 0;
  const putBytes = (bytes: Uint8Array | null): void => {
    if (bytes === null) {
      view.setInt32(at, -1);
      at += 4;
      return;
    }
    writeU32(out, at, bytes.length);
    out.set(bytes, at + 4);
    at += 4 + bytes.length;
  };
  for (let i = from; i < to; i++) {
    const r = records[i]!;
    view.setFloat64(at, r.timestamp);
    at += 8;
    putBytes(r.key);
    putBytes(r.value);
    writeU32(out, at, r.headers.length);
    at += 4;
    for (const h of r.headers) {
      putBytes(names![n++]!);
      putBytes(h.value);
    }
  }
  return out;
}

/**
 * Reads the records of chunk `data` (whose last offset is `last`) with offsets in [from, until),
 * handing each to `take`. Bytes are plain Uint8Array views on `data` (not Buffers, not copies),
 * like MemoryLog returns.
 */
export function readChunk(data: Uint8Array, last: number, from: number, until: number, take: (record: LogRecord, offset: number) => void): void {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const buffer = data.buffer;
  const base = data.byteOffset;
  let at = 4;
  const takeBytes = (): Uint8Array | null => {
    const length = view.getInt32(at);
    at += 4;
    if (length < 0) return null;
    const bytes = new Uint8Array(buffer, base + at, length);
    at += length;
    return bytes;
  };
  const skipBytes = (): void => {
    const length = view.getInt32(at);
    at += length < 0 ? 4 : 4 + length;
  };
  const count = view.getUint32(0);
  const first = last - count + 1;
  const end = Math.min(until, last + 1);
  for (let offset = first; offset < end; offset++) {
    if (offset < from) {
      at += 8;
      skipBytes();
      skipBytes();
      const headers = view.getUint32(at);
      at += 4;
      for (let h = 0; h < 2 * headers; h++) skipBytes();
      continue;
    }
    const timestamp = view.getFloat64(at);
    at += 8;
    const key = takeBytes();
    const value = takeBytes();
    const headerCount = view.getUint32(at);
    at += 4;
    let headers = NO_HEADERS;
    if (headerCount > 0) {
      const list: LogHeader[] = [];
      for (let h = 0; h < headerCount; h++) list.push({ key: decodeJsonText(takeBytes() ?? new Uint8Array()), value: takeBytes() });
      headers = list;
    }
    take({ key, value, timestamp, headers }, offset);
  }
}

/** One record on its own, as a one-record chunk (tests, tools). */
export function encodeRecord(record: LogRecord): Uint8Array {
  return encodeChunk([record], 0, 1);
}

export function decodeRecord(data: Uint8Array): LogRecord {
  let out: LogRecord | undefined;
  readChunk(data, 0, 0, 1, (record) => (out = record));
  if (!out) throw new InternalError('decodeRecord of an empty chunk');
  return out;
}

export function utf8(text: string): Uint8Array {
  return encodeJsonText(text);
}

export function writeJson(value: unknown): Uint8Array {
  return encodeJsonText(JSON.stringify(value));
}

export function readJson<T>(bytes: Uint8Array): T {
  return JSON.parse(decodeJsonText(bytes)) as T;
}

/** The first 4 bytes of every record and commit key of a topic. */
export function topicPrefix(id: number): Uint8Array {
  return partitionPrefix(id, 0).subarray(0, 4);
}

function writeU32(out: Uint8Array, at: number, v: number): void {
  out[at] = v >>> 24;
  out[at + 1] = v >>> 16;
  out[at + 2] = v >>> 8;
  out[at + 3] = v;
}

function readU32(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
}
