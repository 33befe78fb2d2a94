import { InternalError } from '../../common/errors.ts';
import { comparatorFor } from '../../common/values.ts';
import type { StepOf, WindowSpec } from '../../plan/steps.ts';
import type { Rec } from '../record.ts';
import type { StateProvider } from '../state/state-store.ts';
import { aggregateRecord, buildAggregator, type AggregatorDeps, type AggState } from './aggregator.ts';
import { groupKeyReader } from './group-key.ts';
import { reportError, type Downstream, type OperatorContext } from './operator.ts';
import { sessionAggregate } from './session-aggregate.ts';
import { timeWindowAggregate } from './time-window-aggregate.ts';
import type { AggregateParts } from './aggregate-parts.ts';

export interface AggregateDeps extends AggregatorDeps {
  readonly state: StateProvider;
  readonly ctx: OperatorContext;
}

/**
 * GROUP BY over a stream, non-windowed or windowed. Rows with a null value, or a group key that is
 * null or fails, are dropped before they reach the aggregation (and do not advance its time).
 * Each accepted row updates one group per window and emits the new result with the previous one.
 */
export function streamAggregate(step: StepOf<'StreamAggregate'>, deps: AggregateDeps, next: Downstream): Downstream {
  const w = step.window;
  const agg = buildAggregator(step.aggregates, deps, w?.type === 'SESSION' ? 'merge' : undefined);
  const groupKey = groupKeyReader(step.groupKeys.map(deps.compile), deps.ctx);
  const admit = (r: Rec): unknown[] | null => {
    if (r.value === null) return null;
    const key = groupKey(r);
    if (key === null) return null;
    try {
      agg.load(r);
    } catch (e) {
      reportError(deps.ctx, 'RECORD_PROCESSING_ERROR', 'Error evaluating aggregate arguments', e);
      return null;
    }
    return key;
  };
  const parts: AggregateParts = { id: step.id, agg, admit, ctx: deps.ctx, state: deps.state, next, emitFinal: step.emitFinal, compareKeys: keyComparator(step) };
  if (!w) return guarded(parts, unwindowed(parts));
  if (w.type === 'SESSION') return guarded(parts, sessionAggregate(parts, w, checked(w, w.gapMs)));
  return guarded(parts, timeWindowAggregate(parts, w, checked(w, w.sizeMs)));
}

function unwindowed(p: AggregateParts): Downstream {
  const store = p.state.keyValue<AggState>(p.id);
  return (r: Rec) => {
    const key = p.admit(r);
    if (key === null) return;
    let s = store.get(key);
    const oldValue = s ? p.agg.result(s) : null;
    if (s) s.ts = Math.max(s.ts, r.timestamp);
    else s = p.agg.init(r.timestamp);
    p.agg.add(s);
    store.put(key, s);
    p.next(aggregateRecord(r, key, p.agg.result(s), oldValue, s.ts));
  };
}

/** A failing aggregate function skips the row (logged); the query keeps running. */
function guarded(p: AggregateParts, op: Downstream): Downstream {
  return (r: Rec) => {
    try {
      op(r);
    } catch (e) {
      reportError(p.ctx, 'RECORD_PROCESSING_ERROR', `Error in aggregation ${p.id}`, e);
    }
  };
}

function checked(w: WindowSpec, ms: number | undefined): number {
  if (ms === undefined || ms <= 0) throw new InternalError(`${w.type} window without a valid size`);
  return ms;
}

/** Orders group keys as EMIT FINAL emits a batch of closed windows (by key, within a window time). */
function keyComparator(step: StepOf<'StreamAggregate'>): (a: readonly unknown[], b: readonly unknown[]) => number {
  const cmps = step.schema.key.map((c) => comparatorFor(c.type));
  return (a, b) => {
    for (let i = 0; i < cmps.length; i++) {
      const c = cmps[i]!(a[i], b[i]);
      if (c !== 0) return c;
    }
    return 0;
  };
}
