import type { StepOf } from '../../plan/steps.ts';
import type { Rec } from '../record.ts';
import type { KeyValueStore, StateProvider } from '../state/state-store.ts';
import { hasNullKey, joinedRec, joinLayout, joinRow, stateKey, type JoinLayout, type Row } from './join-rows.ts';
import type { Downstream } from './operator.ts';

/** A materialized input row and the timestamp of the change that wrote it. */
export interface TimedRow {
  readonly row: Row;
  readonly ts: number;
}

interface Side {
  readonly isLeft: boolean;
  readonly store: KeyValueStore<TimedRow>;
  /** This side's rows appear in the result without a match (LEFT's left, FULL's both). */
  readonly outer: boolean;
}

/**
 * A primary-key table-table join (Kafka Streams' KTableKTable{Inner,Left,Outer}Join, RIGHT as LEFT
 * swapped). Each change on one side is joined with the other side's current row and goes out as
 * a table change whose `oldValue` is the key's previous result. Timestamp: max(change ts, other
 * row's ts), or the change's ts when the other row is missing.
 */
export function tableTableJoin(step: StepOf<'TableTableJoin'>, state: StateProvider, next: Downstream): { left: Downstream; right: Downstream } {
  const layout = joinLayout(step.left, step.right);
  const t = step.joinType;
  const left: Side = { isLeft: true, store: state.keyValue<TimedRow>(`${step.id}/LeftTable`), outer: t === 'LEFT' || t === 'OUTER' };
  const right: Side = { isLeft: false, store: state.keyValue<TimedRow>(`${step.id}/RightTable`), outer: t === 'RIGHT' || t === 'OUTER' };
  return { left: sideProcessor(left, right, layout, next), right: sideProcessor(right, left, layout, next) };
}

function sideProcessor(self: Side, other: Side, layout: JoinLayout, next: Downstream): Downstream {
  const join = (key: Row, mine: Row | null, theirs: Row | null): Row =>
    self.isLeft ? joinRow(layout, key, mine, key, theirs) : joinRow(layout, key, theirs, key, mine);

  return (r: Rec) => {
    if (hasNullKey(r)) return;
    const key = stateKey(r);
    const n = r.value;
    const o = self.store.get(key)?.row ?? null;
    if (n === null) self.store.delete(key);
    else self.store.put(key, { row: n, ts: r.timestamp });

    const theirs = other.store.get(key);
    const x = theirs?.row ?? null;
    if (x === null && (!self.outer || (n === null && o === null))) return;
    // With the other row present, an outer other side keeps the row alive even without this side.
    const keepsAlive = other.outer && x !== null;
    const value = n !== null || keepsAlive ? join(r.key, n, x) : null;
    const oldValue = o !== null || keepsAlive ? join(r.key, o, x) : null;
    const ts = theirs === undefined ? r.timestamp : Math.max(r.timestamp, theirs.ts);
    next(joinedRec(r, r.key, value, ts, oldValue));
  };
}
