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
