import { InternalError } from '../../common/errors.ts';
import type { LogHeader, LogRecord } from './log.ts';

/**
 * Binary layouts of the embedded log's LevelDB keys and values. Keys are fixed-width big-endian so
 * LevelDB's bytewise order is offset order, and a partition is one contiguous key range.
 *
 * record key  = topicId u32 | partition u32 | offset u64     (16 bytes)
 * commit key  = topicId u32 | partition u32 | group utf8
 * record value = timestamp f64 | key | value | headerCount u32 | (name | value)*
 *   where bytes = length i32 (-1 for null) + data, and a header name = length u32 + utf8.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function partitionPrefix(topicId: number, partition: number): Uint8Array {
  const out = new Uint8Array(8);
  const view = new DataView(out.buffer);
  view.setUint32(0, topicId);
  view.setUint32(4, partition);
  return out;
}

/** The key of a record; offsets stay below 2^53, so a float-free u64 split into two u32 is exact. */
export function recordKey(topicId: number, partition: number, offset: number): Uint8Array {
  const out = new Uint8Array(16);
  out.set(partitionPrefix(topicId, partition));
  const view = new DataView(out.buffer);
  view.setUint32(8, Math.floor(offset / 0x1_0000_0000));
  view.setUint32(12, offset >>> 0);
  return out;
}

export function offsetOfRecordKey(key: Uint8Array): number {
  const view = new DataView(key.buffer, key.byteOffset, key.byteLength);
  return view.getUint32(8) * 0x1_0000_0000 + view.getUint32(12);
}

export function commitKey(topicId: number, partition: number, group: string): Uint8Array {
  const name = encoder.encode(group);
  const out = new Uint8Array(8 + name.length);
  out.set(partitionPrefix(topicId, partition));
  out.set(name, 8);
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

export function encodeRecord(record: LogRecord): Uint8Array {
  const names = record.headers.map((h) => encoder.encode(h.key));
  let size = 8 + 4 + (record.key?.length ?? 0) + 4 + (record.value?.length ?? 0) + 4;
  record.headers.forEach((h, i) => (size += 4 + names[i]!.length + 4 + (h.value?.length ?? 0)));
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let at = 0;
  const putBytes = (bytes: Uint8Array | null): void => {
    view.setInt32(at, bytes === null ? -1 : bytes.length);
    at += 4;
    if (bytes !== null) out.set(bytes, at);
    at += bytes?.length ?? 0;
  };
  view.setFloat64(at, record.timestamp);
  at += 8;
  putBytes(record.key);
  putBytes(record.value);
  view.setUint32(at, record.headers.length);
  at += 4;
  record.headers.forEach((h, i) => {
    putBytes(names[i]!);
    putBytes(h.value);
  });
  return out;
}

export function decodeRecord(data: Uint8Array): LogRecord {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let at = 0;
  // Views on LevelDB's buffer instead of copies; plain Uint8Array (not Buffer) like MemoryLog returns.
  const takeBytes = (): Uint8Array | null => {
    const length = view.getInt32(at);
    at += 4;
    if (length < 0) return null;
    const bytes = new Uint8Array(data.buffer, data.byteOffset + at, length);
    at += length;
    return bytes;
  };
  const timestamp = view.getFloat64(at);
  at += 8;
  const key = takeBytes();
  const value = takeBytes();
  const count = view.getUint32(at);
  at += 4;
  const headers: LogHeader[] = [];
  for (let i = 0; i < count; i++) {
    const name = decoder.decode(takeBytes() ?? new Uint8Array());
    headers.push({ key: name, value: takeBytes() });
  }
  return { key, value, timestamp, headers };
}

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

export function writeJson(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value));
}

export function readJson<T>(bytes: Uint8Array): T {
  return JSON.parse(decoder.decode(bytes)) as T;
}

/** The first 4 bytes of every record and commit key of a topic. */
export function topicPrefix(id: number): Uint8Array {
  return partitionPrefix(id, 0).subarray(0, 4);
}
