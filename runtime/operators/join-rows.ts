/** What every join operator shares: the output row layout, null keys, store keys and output records. */
import type { Step } from '../../plan/steps.ts';
import type { Rec } from '../record.ts';

export type Row = readonly unknown[];

/** Column counts of the two inputs: the output value is left key, left value, right key, right value. */
export interface JoinLayout {
  readonly leftKey: number;
  readonly leftValue: number;
  readonly rightKey: number;
  readonly rightValue: number;
}

export function joinLayout(left: Step, right: Step): JoinLayout {
  return {
    leftKey: left.schema.key.length,
    leftValue: left.schema.value.length,
    rightKey: right.schema.key.length,
    rightValue: right.schema.value.length,
  };
}

/** The joined row; a missing side (null value) is NULL-padded, its key columns included. */
export function joinRow(layout: JoinLayout, lk: Row, lv: Row | null, rk: Row, rv: Row | null): unknown[] {
  const out = new Array<unknown>(layout.leftKey + layout.leftValue + layout.rightKey + layout.rightValue);
  let i = 0;
  i = fill(out, i, lv === null ? null : lk, layout.leftKey);
  i = fill(out, i, lv, layout.leftValue);
  i = fill(out, i, rv === null ? null : rk, layout.rightKey);
  fill(out, i, rv, layout.rightValue);
  return out;
}

function fill(out: unknown[], at: number, from: Row | null, n: number): number {
  for (let j = 0; j < n; j++) out[at + j] = from === null ? null : (from[j] ?? null);
  return at + n;
}

/** A Kafka null key: no key bytes, or a key whose columns are all null. */
export function hasNullKey(r: Rec): boolean {
  if (r.nullKey === true) return true;
  if (r.key.length === 0) return false;
  for (let i = 0; i < r.key.length; i++) if (r.key[i] !== null && r.key[i] !== undefined) return false;
  return true;
}

/** The state key of a record: its key, plus the window bounds for windowed sources. */
export function stateKey(r: Rec): Row {
  return r.windowStart === undefined ? r.key : [...r.key, r.windowStart, r.windowEnd ?? null];
}

/**
 * An output record at the triggering record's position, in `r`'s window. `oldValue` is set on
 * table changes only (undefined on streams, as on every stream record).
 */
export function joinedRec(r: Rec, key: Row, value: Row | null, timestamp: number, oldValue?: Row | null): Rec {
  return {
    key,
    value,
    oldValue,
    timestamp,
    partition: r.partition,
    offset: r.offset,
    headers: r.headers,
    windowStart: r.windowStart,
    windowEnd: r.windowEnd,
  };
}
