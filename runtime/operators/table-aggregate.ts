import { keyString } from '../../common/values.ts';
import type { StepOf } from '../../plan/steps.ts';
import { recWith, type Rec } from '../record.ts';
import { aggregateRecord, buildAggregator, type AggState } from './aggregator.ts';
import { groupKeyReader } from './group-key.ts';
import { reportError, type Downstream } from './operator.ts';
import type { AggregateDeps } from './stream-aggregate.ts';

/**
 * GROUP BY over a table. A change retracts the old row from its group, then adds the new row to
 * its group: one output when both halves hit the same group, two (old group first) when the row
 * moved. A delete only retracts; a group is never deleted (COUNT goes back to 0). A half whose
 * group key is null, or with no stored group to retract from, is skipped.
 */
export function tableAggregate(step: StepOf<'TableAggregate'>, deps: AggregateDeps, next: Downstream): Downstream {
  const agg = buildAggregator(step.aggregates, deps, 'undo');
  const groupKey = groupKeyReader(step.groupKeys.map(deps.compile), deps.ctx);
  const store = deps.state.keyValue<AggState>(step.id);

  const retract = (r: Rec, old: Rec, key: unknown[], addNew: boolean): void => {
    const s = store.get(key);
    if (!s) return addNew ? add(r, key) : undefined;
    const oldValue = agg.result(s);
    agg.load(old);
    agg.undo(s);
    s.ts = Math.max(s.ts, r.timestamp);
    if (addNew) {
      agg.load(r);
      agg.add(s);
    }
    store.put(key, s);
    next(aggregateRecord(r, key, agg.result(s), oldValue, s.ts));
  };
  const add = (r: Rec, key: unknown[]): void => {
    let s = store.get(key);
    const oldValue = s ? agg.result(s) : null;
    if (s) s.ts = Math.max(s.ts, r.timestamp);
    else s = agg.init(r.timestamp);
    agg.load(r);
    agg.add(s);
    store.put(key, s);
    next(aggregateRecord(r, key, agg.result(s), oldValue, s.ts));
  };

  return (r: Rec) => {
    try {
      const old = r.oldValue ? recWith(r, r.key, r.oldValue, r.oldValue) : undefined;
      const oldKey = old ? groupKey(old, true) : null;
      const newKey = r.value !== null ? groupKey(r) : null;
      if (oldKey && newKey && keyString(oldKey) === keyString(newKey)) return retract(r, old!, oldKey, true);
      if (oldKey) retract(r, old!, oldKey, false);
      if (newKey) add(r, newKey);
    } catch (e) {
      reportError(deps.ctx, 'RECORD_PROCESSING_ERROR', `Error in aggregation ${step.id}`, e);
    }
  };
}
