import { InternalError } from '../../common/errors.ts';
import type { WindowSpec } from '../../plan/steps.ts';
import type { Rec } from '../record.ts';
import type { AggregateParts } from './aggregate-parts.ts';

/** The time a windowed aggregation closes its windows by. */
export interface WindowClock {
  /** Notes a record that reached the operator; returns the clock's time. */
  observe(r: Rec): number;
  /**
   * Calls `listener` when the clock moves without a record reaching the operator (a watermark
   * advance), with the last record the operator saw; never before the first one.
   */
  onAdvance(listener: (time: number, last: Rec) => void): void;
}

/**
 * Stream time by default (the largest timestamp that reached this operator, Kafka Streams' rule);
 * the task's watermark when the window closes on it (`WindowSpec.onWatermark`).
 */
export function windowClock(p: AggregateParts, w: WindowSpec): WindowClock {
  if (!w.onWatermark) {
    let streamTime = Number.NEGATIVE_INFINITY;
    return {
      observe: (r) => (r.timestamp > streamTime ? (streamTime = r.timestamp) : streamTime),
      onAdvance: () => undefined,
    };
  }
  const marks = p.ctx.watermarks;
  if (!marks) throw new InternalError(`${p.id} closes on a watermark but its task has none`);
  let last: Rec | undefined;
  return {
    observe: (r) => {
      last = r;
      return marks.current;
    },
    onAdvance: (listener) => marks.onAdvance((time) => last && listener(time, last)),
  };
}
