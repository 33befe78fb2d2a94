import { keyString } from '../../common/values.ts';
import type { StepOf } from '../../plan/steps.ts';
import type { Evaluator, Rec } from '../record.ts';
import type { KeyValueStore, StateProvider } from '../state/state-store.ts';
import { hasNullKey, joinedRec, joinLayout, joinRow, stateKey, type Row } from './join-rows.ts';
import { reportError, type Downstream, type OperatorContext } from './operator.ts';
import type { TimedRow } from './table-table-join.ts';

/** A left row with its key columns and the foreign key computed from it. */
interface LeftRow extends TimedRow {
  readonly key: Row;
  readonly fk: unknown;
}

/**
 * A foreign-key table-table join: `foreignKey` over each left row is matched against the right
 * table's primary key; the result is keyed by the left key. Kafka Streams' subscription protocol
 * collapsed into one task: the left rows, the right rows and an index foreign key → left keys.
 * Left updates always re-emit; a right change re-emits every left row that references it.
 */
export function foreignKeyJoin(
  step: StepOf<'ForeignKeyJoin'>,
  foreignKey: Evaluator,
  state: StateProvider,
  ctx: OperatorContext,
  next: Downstream,
): { left: Downstream; right: Downstream } {
  const layout = joinLayout(step.left, step.right);
  const leftJoin = step.joinType === 'LEFT';
  const lefts = state.keyValue<LeftRow>(`${step.id}/LeftTable`);
  const rights = state.keyValue<TimedRow>(`${step.id}/RightTable`);
  const index = state.keyValue<Row[]>(`${step.id}/ForeignKeyIndex`);

  const rightOf = (fk: unknown): TimedRow | undefined => (fk === null || fk === undefined ? undefined : rights.get([fk]));
  /** The result for a left row and the right row it references, or null when there is none. */
  const result = (l: LeftRow, right: Row | null): Row | null =>
    right === null && !leftJoin ? null : joinRow(layout, l.key, l.row, [l.fk], right);
  const evalForeignKey = (r: Rec): unknown => {
    try {
      return foreignKey(r) ?? null;
    } catch (e) {
      reportError(ctx, 'RECORD_PROCESSING_ERROR', `Error computing the foreign key of ${step.id}`, e);
      return null;
    }
  };

  const left = (r: Rec): void => {
    if (hasNullKey(r)) return;
    const key = stateKey(r);
    const old = lefts.get(key);
    const oldResult = old ? result(old, rightOf(old.fk)?.row ?? null) : null;
    if (r.value === null) {
      if (!old) return;
      lefts.delete(key);
      unindex(index, old.fk, key);
      const right = rightOf(old.fk);
      next(joinedRec(r, r.key, null, right ? Math.max(r.timestamp, right.ts) : r.timestamp, oldResult));
      return;
    }
    const fk = evalForeignKey(r);
    const moved = !old || (old.fk !== fk && keyString([old.fk]) !== keyString([fk]));
    if (old && moved) unindex(index, old.fk, key);
    const row: LeftRow = { key: r.key, row: r.value, ts: r.timestamp, fk };
    lefts.put(key, row);
    if (moved && fk !== null) addIndex(index, fk, key);
    const right = rightOf(fk);
    const value = result(row, right?.row ?? null);
    // INNER without a match: nothing for a new row, a tombstone to unset an earlier result.
    if (value === null && !old) return;
    next(joinedRec(r, r.key, value, right ? Math.max(r.timestamp, right.ts) : r.timestamp, oldResult));
  };

  const right = (r: Rec): void => {
    if (hasNullKey(r)) return;
    const key = stateKey(r);
    const old = rights.get(key)?.row ?? null;
    if (r.value === null) rights.delete(key);
    else rights.put(key, { row: r.value, ts: r.timestamp });
    const referencing = index.get(key);
    if (!referencing) return;
    for (const lk of referencing) {
      const l = lefts.get(lk);
      if (l) next(joinedRec(r, l.key, result(l, r.value), r.timestamp, result(l, old)));
    }
  };

  return { left, right };
}

function addIndex(index: KeyValueStore<Row[]>, fk: unknown, leftKey: Row): void {
  const ik = [fk];
  const keys = index.get(ik) ?? [];
  keys.push(leftKey);
  index.put(ik, keys);
}

function unindex(index: KeyValueStore<Row[]>, fk: unknown, leftKey: Row): void {
  if (fk === null || fk === undefined) return;
  const ik = [fk];
  const keys = index.get(ik);
  if (!keys) return;
  const id = keyString(leftKey);
  const rest = keys.filter((k) => keyString(k) !== id);
  if (rest.length === 0) index.delete(ik);
  else index.put(ik, rest);
}
