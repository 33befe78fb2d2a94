import kafkajs from 'kafkajs';
import type { LogHeader, LogRecord, StoredRecord } from './log.ts';
import type { RawFetchedPartition, WireMessage } from './kafka-wire.ts';

/**
 * Conversions between the `Log`'s records and kafkajs's wire records, and the read_committed
 * filtering a Java consumer does on a fetched partition.
 */

/** A view of the same bytes, not a copy: the `Log` forbids mutating appended arrays anyway. */
function toBuffer(bytes: Uint8Array | null): Buffer | null {
  if (bytes === null) return null;
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

const EMPTY = Buffer.alloc(0);

/**
 * kafkajs takes headers as an object, so repeated keys become an array under their key. Values
 * of one key keep their order; the order between different keys is the order each key first
 * appears (JS objects put integer-like keys first, the one reordering this can cause).
 *
 * A null header value is written as an empty one: kafkajs 2.2.4's record encoder measures every
 * header value with `Buffer.byteLength` before it checks for null, and throws on null. Lifting
 * this means encoding records without kafkajs's encoder.
 */
function toWireHeaders(headers: readonly LogHeader[]): WireMessage['headers'] {
  const out: Record<string, Buffer | (Buffer | null)[] | null> = {};
  for (const { key, value } of headers) {
    const bytes = toBuffer(value) ?? EMPTY;
    if (!Object.prototype.hasOwnProperty.call(out, key)) out[key] = bytes;
    else {
      const existing = out[key]!;
      out[key] = Array.isArray(existing) ? [...existing, bytes] : [existing, bytes];
    }
  }
  return out;
}

export function toWireMessage(record: LogRecord): WireMessage {
  return {
    key: toBuffer(record.key),
    value: toBuffer(record.value),
    timestamp: String(Math.trunc(record.timestamp)),
    headers: toWireHeaders(record.headers),
  };
}

/** What one fetched partition holds for a reader. */
export interface DecodedFetch {
  /** Readable records at or after the requested offset, in offset order. */
  readonly records: StoredRecord[];
  /**
   * The offset after the last batch the response covered, so a reader can step over offsets that
   * hold no readable record (transaction markers, aborted records). Equals the requested offset
   * when the response held nothing.
   */
  readonly next: number;
}

/** Control record types (`ControlRecordType` in Kafka): the key's second int16. */
const ABORT_MARKER = 0;

const NO_HEADERS: readonly LogHeader[] = Object.freeze([]);
/** Batch attributes: compression codec bits, LogAppendTime, transactional, control. */
const COMPRESSION_MASK = 0x07;
const LOG_APPEND_TIME = 0x08;
const TRANSACTIONAL = 0x10;
const CONTROL = 0x20;
/** baseOffset int64 + batchLength int32: what precedes a batch's length-counted part. */
const BATCH_PREFIX = 12;
/** From baseOffset to the first record: the fixed part of a magic-2 batch. */
const BATCH_HEADER = 61;

/**
 * The record batches of one fetched partition (`fetchRaw`'s record set, magic 2, the only format
 * Kafka 4 stores) read straight into `StoredRecord`s, filtered as Kafka's Java consumer does at
 * read_committed: the broker lists the aborted transactions that overlap the returned range; a
 * transactional batch from a producer with an aborted transaction open at that point is dropped,
 * and that producer's ABORT marker closes it; control batches are never records. A batch cut short at the end of the response (the broker fills the
 * byte budget with whole batches, then part of one) ends the read; compressed batches go through
 * kafkajs's codec registry (gzip built in; others once registered, as for kafkajs's consumer).
 * Keys, values and header values are views into the response buffer, not copies.
 */
export async function decodeRecordSet(topic: string, partition: number, fromOffset: number, data: RawFetchedPartition): Promise<DecodedFetch> {
  const aborted = [...data.abortedTransactions].sort((a, b) => a.firstOffset - b.firstOffset);
  const abortedProducers = new Set<bigint>();
  const records: StoredRecord[] = [];
  const buf = data.recordSet;
  let next = fromOffset;
  let at = 0;
  while (at + BATCH_PREFIX <= buf.length) {
    const baseOffset = Number(buf.readBigInt64BE(at));
    const batchLength = buf.readInt32BE(at + 8);
    const end = at + BATCH_PREFIX + batchLength;
    if (end > buf.length || batchLength < BATCH_HEADER - BATCH_PREFIX) break;
    const magic = buf.readInt8(at + 16);
    if (magic !== 2) throw new Error(`${topic}-${partition} holds a record batch of message format ${magic} at offset ${baseOffset}; KafkaLog reads format 2 (Kafka 0.11 and later) only.`);
    const attributes = buf.readInt16BE(at + 21);
    const lastOffset = baseOffset + buf.readInt32BE(at + 23);
    const baseTimestamp = Number(buf.readBigInt64BE(at + 27));
    const maxTimestamp = Number(buf.readBigInt64BE(at + 35));
    const producerId = buf.readBigInt64BE(at + 43);
    const count = buf.readInt32BE(at + 57);
    next = Math.max(next, lastOffset + 1);
    while (aborted.length > 0 && aborted[0]!.firstOffset <= lastOffset) abortedProducers.add(aborted.shift()!.producerId);
    const batchStart = at;
    at = end;
    if (attributes & CONTROL) {
      // A control batch holds one marker; ABORT closes the producer's aborted transaction.
      if (count > 0 && controlType(buf, batchStart + BATCH_HEADER) === ABORT_MARKER) abortedProducers.delete(producerId);
      continue;
    }
    if (attributes & TRANSACTIONAL && abortedProducers.has(producerId)) continue;
    if (lastOffset < fromOffset) continue;
    let body = buf.subarray(batchStart + BATCH_HEADER, end);
    const compression = attributes & COMPRESSION_MASK;
    if (compression !== 0) body = await decompress(compression, body, topic, partition, baseOffset);
    const fixedTime = attributes & LOG_APPEND_TIME ? maxTimestamp : undefined;
    readRecords(body, count, topic, partition, baseOffset, baseTimestamp, fixedTime, fromOffset, records);
  }
  return { records, next };
}

/** The records of one batch body, appended to `out` (those below `fromOffset` skipped). */
function readRecords(
  body: Buffer,
  count: number,
  topic: string,
  partition: number,
  baseOffset: number,
  baseTimestamp: number,
  fixedTime: number | undefined,
  fromOffset: number,
  out: StoredRecord[],
): void {
  const cursor = { at: 0 };
  for (let i = 0; i < count; i++) {
    const length = readVarint(body, cursor);
    const recordEnd = cursor.at + length;
    cursor.at += 1; // attributes
    const timestampDelta = readVarlong(body, cursor);
    const offset = baseOffset + readVarint(body, cursor);
    const key = readBytes(body, cursor);
    const value = readBytes(body, cursor);
    const headerCount = readVarint(body, cursor);
    let headers = NO_HEADERS;
    if (headerCount > 0) {
      const list: LogHeader[] = [];
      for (let h = 0; h < headerCount; h++) {
        const keyLength = readVarint(body, cursor);
        const headerKey = body.toString('utf8', cursor.at, cursor.at + keyLength);
        cursor.at += keyLength;
        list.push({ key: headerKey, value: readBytes(body, cursor) });
      }
      headers = list;
    }
    cursor.at = recordEnd;
    if (offset < fromOffset) continue;
    out.push({ topic, partition, offset, key, value, timestamp: fixedTime ?? baseTimestamp + timestampDelta, headers });
  }
}

/** A control record's type: the second int16 of its key (version, type). */
function controlType(buf: Buffer, recordAt: number): number {
  const cursor = { at: recordAt };
  readVarint(buf, cursor); // length
  cursor.at += 1; // attributes
  readVarlong(buf, cursor);
  readVarint(buf, cursor);
  const keyLength = readVarint(buf, cursor);
  return keyLength >= 4 ? buf.readInt16BE(cursor.at + 2) : -1;
}

async function decompress(codecType: number, body: Buffer, topic: string, partition: number, offset: number): Promise<Buffer> {
  // kafkajs is CommonJS whose exports Node cannot list for a named ESM import of this one.
  const factory = (kafkajs.CompressionCodecs as Record<number, (() => { decompress(data: Buffer): Promise<Buffer> }) | undefined>)[codecType];
  try {
    if (!factory) throw new Error(`no codec ${codecType}`);
    return await factory().decompress(body);
  } catch (e) {
    const names: Record<number, string> = { 1: 'gzip', 2: 'snappy', 3: 'lz4', 4: 'zstd' };
    throw new Error(
      `Could not decompress the ${names[codecType] ?? `codec ${codecType}`} batch at ${topic}-${partition} offset ${offset}: ${e instanceof Error ? e.message : String(e)}. ` +
        'kafkajs reads gzip itself; other codecs need their kafkajs codec package registered in CompressionCodecs.',
    );
  }
}

/** A zigzag varint (at most 32 bits). */
function readVarint(buf: Buffer, cursor: { at: number }): number {
  let value = 0;
  let shift = 0;
  let byte: number;
  do {
    byte = buf[cursor.at++]!;
    value |= (byte & 0x7f) << shift;
    shift += 7;
  } while (byte & 0x80 && shift < 35);
  return (value >>> 1) ^ -(value & 1);
}

/** A zigzag varlong, exact while it fits a double's 53 bits (timestamps do). */
function readVarlong(buf: Buffer, cursor: { at: number }): number {
  let value = 0;
  let scale = 1;
  let byte: number;
  do {
    byte = buf[cursor.at++]!;
    value += (byte & 0x7f) * scale;
    scale *= 128;
  } while (byte & 0x80 && scale <= 2 ** 63);
  // zigzag: even n is n/2, odd n is -(n+1)/2
  return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
}

/** Varint-length bytes (-1 = null) as a view of `buf`. */
function readBytes(buf: Buffer, cursor: { at: number }): Buffer | null {
  const length = readVarint(buf, cursor);
  if (length < 0) return null;
  const bytes = buf.subarray(cursor.at, cursor.at + length);
  cursor.at += length;
  return bytes;
}

/**
 * Kafka's record batch (magic 2, no compression, not transactional) holding `records` in order,
 * as the bytes of a Produce request's record set.
 *
 * kafkajs encodes each record into its own zero-filled 512-byte buffer and copies it twice more
 * before the batch is whole; at a live query's rates that was a third of its time, most of its
 * garbage. This writes the batch once into one buffer sized up front. Header values are written
 * as kafkajs does (null as empty), so every path of `KafkaLog` writes the same records.
 *
 * Layout: baseOffset int64, batchLength int32, partitionLeaderEpoch int32, magic int8, crc uint32
 * (CRC-32C of everything after it), attributes int16, lastOffsetDelta int32, baseTimestamp int64,
 * maxTimestamp int64, producerId int64, producerEpoch int16, baseSequence int32, record count
 * int32, then each record: length varint, attributes int8, timestampDelta varlong, offsetDelta
 * varint, key and value (varint length, -1 for null, then the bytes), header count varint, and
 * each header's key (varint length, UTF-8) and value. Varints are zigzag-encoded.
 */
export function encodeRecordBatch(records: readonly LogRecord[]): Buffer {
  const count = records.length;
  let baseTimestamp = Infinity;
  let maxTimestamp = -Infinity;
  for (const r of records) {
    const ts = Math.trunc(r.timestamp);
    if (ts < baseTimestamp) baseTimestamp = ts;
    if (ts > maxTimestamp) maxTimestamp = ts;
  }
  if (count === 0) baseTimestamp = maxTimestamp = 0;
  const bodySizes = new Int32Array(count);
  let total = BATCH_HEADER_SIZE;
  for (let i = 0; i < count; i++) {
    const r = records[i]!;
    let size = 1 + sizeOfZigZag(Math.trunc(r.timestamp) - baseTimestamp) + sizeOfZigZag(i);
    size += r.key === null ? 1 : sizeOfZigZag(r.key.length) + r.key.length;
    size += r.value === null ? 1 : sizeOfZigZag(r.value.length) + r.value.length;
    size += sizeOfZigZag(r.headers.length);
    for (const h of r.headers) {
      const keyLength = Buffer.byteLength(h.key, 'utf8');
      const valueLength = h.value?.length ?? 0;
      size += sizeOfZigZag(keyLength) + keyLength + sizeOfZigZag(valueLength) + valueLength;
    }
    bodySizes[i] = size;
    total += sizeOfZigZag(size) + size;
  }
  const out = Buffer.allocUnsafe(total);
  out.writeBigInt64BE(0n, 0); // baseOffset: the broker assigns offsets
  out.writeInt32BE(total - 12, 8);
  out.writeInt32BE(-1, 12); // partitionLeaderEpoch
  out.writeInt8(2, 16); // magic
  // crc at 17, written last
  out.writeInt16BE(0, 21); // attributes: no compression, create time, not transactional
  out.writeInt32BE(count - 1, 23);
  out.writeBigInt64BE(BigInt(baseTimestamp), 27);
  out.writeBigInt64BE(BigInt(maxTimestamp), 35);
  out.writeBigInt64BE(-1n, 43); // producerId
  out.writeInt16BE(-1, 51); // producerEpoch
  out.writeInt32BE(-1, 53); // baseSequence
  out.writeInt32BE(count, 57);
  let at = BATCH_HEADER_SIZE;
  for (let i = 0; i < count; i++) {
    const r = records[i]!;
    at = writeZigZag(out, at, bodySizes[i]!);
    out[at++] = 0; // record attributes
    at = writeZigZag(out, at, Math.trunc(r.timestamp) - baseTimestamp);
    at = writeZigZag(out, at, i);
    at = writeBytes(out, at, r.key);
    at = writeBytes(out, at, r.value);
    at = writeZigZag(out, at, r.headers.length);
    for (const h of r.headers) {
      const keyLength = Buffer.byteLength(h.key, 'utf8');
      at = writeZigZag(out, at, keyLength);
      at += out.write(h.key, at, keyLength, 'utf8');
      at = writeBytes(out, at, h.value ?? EMPTY);
    }
  }
  if (at !== total) throw new Error(`record batch size mismatch: wrote ${at} of ${total} bytes`);
  out.writeUInt32BE(crc32c(out, 21, total), 17);
  return out;
}

/** Bytes of a record batch before its first record. */
const BATCH_HEADER_SIZE = 61;

function writeBytes(out: Buffer, at: number, bytes: Uint8Array | null): number {
  if (bytes === null) return writeZigZag(out, at, -1);
  const next = writeZigZag(out, at, bytes.length);
  out.set(bytes, next);
  return next + bytes.length;
}

/** Size of `n` (a safe integer) as a zigzag varint (varlong for large values). */
function sizeOfZigZag(n: number): number {
  let z = n >= 0 ? n * 2 : -n * 2 - 1;
  let size = 1;
  while (z >= 0x80) {
    z = Math.floor(z / 0x80);
    size++;
  }
  return size;
}

function writeZigZag(out: Buffer, at: number, n: number): number {
  let z = n >= 0 ? n * 2 : -n * 2 - 1;
  while (z >= 0x80) {
    out[at++] = (z % 0x80) | 0x80;
    z = Math.floor(z / 0x80);
  }
  out[at++] = z;
  return at;
}

/**
 * CRC-32C (Castagnoli, reflected polynomial 0x82F63B78) of `bytes[start, end)`, eight bytes a step:
 * table k maps a byte to its CRC followed by k zero bytes, so eight lookups fold eight bytes.
 */
export function crc32c(bytes: Uint8Array, start = 0, end = bytes.length): number {
  const t = CRC32C_TABLES;
  let crc = ~0;
  let i = start;
  for (; i + 8 <= end; i += 8) {
    const low = crc ^ (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24));
    crc =
      t[1792 + (low & 0xff)]! ^
      t[1536 + ((low >>> 8) & 0xff)]! ^
      t[1280 + ((low >>> 16) & 0xff)]! ^
      t[1024 + (low >>> 24)]! ^
      t[768 + bytes[i + 4]!]! ^
      t[512 + bytes[i + 5]!]! ^
      t[256 + bytes[i + 6]!]! ^
      t[bytes[i + 7]!]!;
  }
  for (; i < end; i++) crc = t[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return ~crc >>> 0;
}

const CRC32C_TABLES = ((): Int32Array => {
  const t = new Int32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    t[n] = c;
  }
  for (let n = 0; n < 256; n++) {
    for (let k = 1; k < 8; k++) {
      const previous = t[(k - 1) * 256 + n]!;
      t[k * 256 + n] = t[previous & 0xff]! ^ (previous >>> 8);
    }
  }
  return t;
})();
