import type { LogHeader, LogRecord, StoredRecord } from './log.ts';
import type { WireFetchedMessage, WireFetchedPartition, WireMessage } from './kafka-wire.ts';

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

function fromWireHeaders(headers: WireFetchedMessage['headers']): LogHeader[] {
  const out: LogHeader[] = [];
  for (const [key, value] of Object.entries(headers)) {
    if (Array.isArray(value)) for (const v of value) out.push({ key, value: v });
    else out.push({ key, value });
  }
  return out;
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

/**
 * Turns a read_committed Fetch response for one partition into readable records, as Kafka's
 * Java consumer does: the broker lists the aborted transactions that overlap the returned
 * range; a transactional batch from a producer with an aborted transaction open at that point is
 * dropped, and that producer's ABORT marker closes it. Control batches are never records.
 */
export function decodeFetchedPartition(topic: string, partition: number, fromOffset: number, data: WireFetchedPartition): DecodedFetch {
  const aborted = [...(data.abortedTransactions ?? [])]
    .map((t) => ({ producerId: t.producerId, firstOffset: Number(t.firstOffset) }))
    .sort((a, b) => a.firstOffset - b.firstOffset);
  const abortedProducers = new Set<string>();
  const records: StoredRecord[] = [];
  let next = fromOffset;
  let batch: WireFetchedMessage['batchContext'] | undefined;
  let skipBatch = false;
  for (const message of data.messages) {
    if (message.batchContext !== batch) {
      batch = message.batchContext;
      const lastOffset = Number(batch.firstOffset) + batch.lastOffsetDelta;
      next = Math.max(next, lastOffset + 1);
      while (aborted.length > 0 && aborted[0]!.firstOffset <= lastOffset) abortedProducers.add(aborted.shift()!.producerId);
      skipBatch = batch.isControlBatch || (batch.inTransaction && abortedProducers.has(batch.producerId));
    }
    if (message.isControlRecord) {
      if (message.key !== null && message.key.length >= 4 && message.key.readInt16BE(2) === ABORT_MARKER) {
        abortedProducers.delete(batch.producerId);
      }
      continue;
    }
    if (skipBatch) continue;
    const offset = Number(message.offset);
    // A batch is returned whole, so it may start before the offset asked for.
    if (offset < fromOffset) continue;
    records.push({
      topic,
      partition,
      offset,
      key: message.key,
      value: message.value,
      timestamp: Number(message.timestamp),
      headers: fromWireHeaders(message.headers),
    });
  }
  return { records, next };
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
