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

/** A compiled expression over one record. */
export type Evaluator = (r: Rec) => unknown;
