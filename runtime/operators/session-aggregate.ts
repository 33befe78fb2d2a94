import type { WindowSpec } from '../../plan/steps.ts';
import type { Rec } from '../record.ts';
import type { SessionStore } from '../state/state-store.ts';
import type { AggregateParts } from './aggregate-parts.ts';
import { aggregateRecord, type AggState } from './aggregator.ts';
import { countLate, type Downstream } from './operator.ts';
import { windowClock } from './window-clock.ts';

/**
 * SESSION aggregation. An event at ts merges every session of its key with `end ≥ ts − gap` and
 * `start ≤ ts + gap` into `[min start, max end]`. Unless that is just `[ts, ts]`, each merged
 * session is first retracted with a tombstone (at its end time), then the merged result goes out
 * at its end time. The event is dropped when the merged end is below the close clock (stream time or
 * the task's watermark) − grace − gap.
 */
export function sessionAggregate(p: AggregateParts, w: WindowSpec, gap: number): Downstream {
  const store = p.state.session<AggState>(p.id, w.retentionMs);
  const emitFinal = p.emitFinal ? finalEmitter(p, store) : undefined;
  const clock = windowClock(p, w);
  if (emitFinal) clock.onAdvance((time, last) => emitFinal(last, time - w.graceMs - gap));
  return (r: Rec) => {
    const key = p.admit(r);
    if (key === null) return;
    const ts = r.timestamp;
    const closeTime = clock.observe(r) - w.graceMs - gap;
    const found = store.findSessions(key, ts - gap, ts + gap);
    const oldRows = emitFinal || found.length === 0 ? undefined : found.map((f) => p.agg.result(f.value));
    const s = p.agg.init(ts);
    let start = ts;
    let end = ts;
    for (const f of found) {
      start = Math.min(start, f.start!);
      end = Math.max(end, f.end!);
      p.agg.merge(s, f.value);
    }
    if (end < closeTime) {
      countLate(p.ctx, p.id);
    } else {
      if (start !== ts || end !== ts) {
        found.forEach((f, i) => {
          store.delete(key, f.start!, f.end!);
          if (oldRows) p.next(aggregateRecord(r, key, null, oldRows[i]!, f.end!, f.start, f.end));
        });
      }
      p.agg.add(s);
      s.ts = end;
      store.put(key, start, end, s);
      if (!emitFinal) p.next(aggregateRecord(r, key, p.agg.result(s), null, end, start, end));
    }
    if (emitFinal) emitFinal(r, closeTime);
  };
}

/**
 * EMIT FINAL for sessions: when the close time (stream time − grace − gap) moves forward, every
 * session that ended in `[last close time, close time − 1]` goes out once, by end then key.
 */
function finalEmitter(p: AggregateParts, store: SessionStore<AggState>): (r: Rec, closeTime: number) => void {
  let lastClose = -1;
  return (r, closeTime) => {
    if (closeTime <= lastClose) return;
    const closed = store.fetchEnded(Math.max(0, lastClose), closeTime - 1);
    lastClose = closeTime;
    closed.sort((a, b) => a.end! - b.end! || p.compareKeys(a.key, b.key) || a.start! - b.start!);
    for (const e of closed) p.next(aggregateRecord(r, e.key, p.agg.result(e.value), null, e.end!, e.start, e.end));
  };
}
