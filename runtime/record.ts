/** The record operators pass to each other: key and value decoded into column arrays. */
export interface Header {
  readonly key: string;
  readonly value: Uint8Array | null;
}

export interface Rec {
  /** Key columns in schema order; empty when the key has no columns. */
  readonly key: readonly unknown[];
  /** Value columns in schema order, or null for a tombstone / null value. */
  readonly value: readonly unknown[] | null;
  /**
   * For table changes: the key's previous value (null when it had none). Undefined on streams and
   * where the upstream is not materialized.
   */
  readonly oldValue?: readonly unknown[] | null;
  readonly timestamp: number;
  readonly partition: number;
  readonly offset: number;
  readonly headers: readonly Header[];
  /** The record had no key at all (Kafka null key), as opposed to a key whose columns are null. */
  readonly nullKey?: boolean;
  readonly windowStart?: number;
  readonly windowEnd?: number;
}

/**
 * `r` with other key, value and old value columns: the record an operator passes on. Written as
 * one object literal of every field rather than a spread (`{ ...r, value }`): on Node 20 a spread
 * copy is allocated where the next young-generation collection promotes it, so a spread per record
 * fills the old generation and brings full collections, and every copy gets the same shape.
 */
export function recWith(
  r: Rec,
  key: readonly unknown[],
  value: readonly unknown[] | null,
  oldValue: readonly unknown[] | null | undefined,
  nullKey: boolean | undefined = r.nullKey,
  windowEnd: number | undefined = r.windowEnd,
): Rec {
  return { key, value, oldValue, timestamp: r.timestamp, partition: r.partition, offset: r.offset, headers: r.headers, nullKey, windowStart: r.windowStart, windowEnd };
}

/** A compiled expression over one record. */
export type Evaluator = (r: Rec) => unknown;
