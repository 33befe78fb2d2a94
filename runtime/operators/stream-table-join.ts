import type { StepOf } from '../../plan/steps.ts';
import type { Rec } from '../record.ts';
import type { StateProvider } from '../state/state-store.ts';
import { hasNullKey, joinedRec, joinLayout, joinRow, stateKey, type Row } from './join-rows.ts';
import type { Downstream } from './operator.ts';

/**
 * Stream records look up the table's current row (no time synchronization: whatever the table
 * holds when the stream record arrives) and go out at the stream record's timestamp. Table
 * changes only update the materialized rows. LEFT pads a missing row, and a null-key stream
 * record, with right-side nulls; INNER drops both. Null-value stream records are dropped.
 */
export function streamTableJoin(
  step: StepOf<'StreamTableJoin'>,
  state: StateProvider,
  next: Downstream,
  accept?: (joined: Rec) => boolean,
): { left: Downstream; right: Downstream } {
  const table = state.keyValue<Row>(`${step.id}/RightTable`);
  const layout = joinLayout(step.left, step.right);
  const leftJoin = step.joinType === 'LEFT';

  const right = (r: Rec): void => {
    if (hasNullKey(r)) return;
    if (r.value === null) table.delete(stateKey(r));
    else table.put(stateKey(r), r.value);
  };

  const left = (r: Rec): void => {
    if (r.value === null) return;
    if (hasNullKey(r)) {
      if (leftJoin) next(joinedRec(r, r.key, joinRow(layout, r.key, r.value, r.key, null), r.timestamp));
      return;
    }
    const row = table.get(stateKey(r));
    if (row !== undefined) {
      const joined = joinedRec(r, r.key, joinRow(layout, r.key, r.value, r.key, row), r.timestamp);
      // A row failing the residual (non-equi) condition is no match.
      if (!accept || accept(joined)) return next(joined);
    }
    if (leftJoin) next(joinedRec(r, r.key, joinRow(layout, r.key, r.value, r.key, null), r.timestamp));
  };

  return { left, right };
}
