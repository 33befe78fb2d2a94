import type { WindowSpec } from '../../plan/steps.ts';
import type { Rec } from '../record.ts';
import type { StoreEntry } from '../state/state-store.ts';
import type { AggregateParts } from './aggregate-parts.ts';
import { aggregateRecord, type AggState } from './aggregator.ts';
import { countLate, type Downstream } from './operator.ts';
import { windowClock } from './window-clock.ts';

/**
 * TUMBLING and HOPPING aggregation. Windows are `[start, start + size)` aligned to epoch 0 with no
 * negative starts; a record updates its windows in start order, skipping those already closed
 * (`end ≤ close clock − grace`), where the clock is the largest timestamp that reached this
 * operator (stream time) or the task's watermark. Results carry max(record ts, stored ts).
 */
export function timeWindowAggregate(p: AggregateParts, w: WindowSpec, size: number): Downstream {
  const advance = w.advanceMs ?? size;
  const store = p.state.window<AggState>(p.id, w.retentionMs);
  const emitFinal = p.emitFinal ? finalEmitter(p, store.fetchAll.bind(store), size) : undefined;
  const clock = windowClock(p, w);
  if (emitFinal) clock.onAdvance((time, last) => emitFinal(last, time - w.graceMs));
  return (r: Rec) => {
    const key = p.admit(r);
    if (key === null) return;
    const ts = r.timestamp;
    const closeTime = clock.observe(r) - w.graceMs;
    for (let start = Math.floor(Math.max(0, ts - size + advance) / advance) * advance; start <= ts; start += advance) {
      const end = start + size;
      if (end <= closeTime) {
        countLate(p.ctx, p.id);
        continue;
      }
      let s = store.get(key, start);
      const oldValue = s && !emitFinal ? p.agg.result(s) : null;
      if (s) s.ts = Math.max(s.ts, ts);
      else s = p.agg.init(ts);
      p.agg.add(s);
      store.put(key, start, s);
      if (!emitFinal) p.next(aggregateRecord(r, key, p.agg.result(s), oldValue, s.ts, start, end));
    }
    if (emitFinal) emitFinal(r, closeTime);
  };
}

/**
 * EMIT FINAL: when a record moves the close time (stream time − grace) forward, every window of
 * every key that closed since the last emission goes out once, by start then key, at its stored
 * timestamp. Windows the store has already expired are never emitted (Kafka Streams does the same).
 */
function finalEmitter(
  p: AggregateParts,
  fetchAll: (from: number, to: number) => StoreEntry<AggState>[],
  size: number,
): (r: Rec, closeTime: number) => void {
  let lastClose = -1;
  return (r, closeTime) => {
    if (closeTime <= lastClose) return;
    const closed = fetchAll(lastClose - size + 1, closeTime - size);
    lastClose = closeTime;
    closed.sort((a, b) => a.start! - b.start! || p.compareKeys(a.key, b.key));
    for (const e of closed) {
      p.next(aggregateRecord(r, e.key, p.agg.result(e.value), null, e.value.ts, e.start, e.start! + size));
    }
  };
}
