import type { StepOf } from '../../plan/steps.ts';
import type { Rec } from '../record.ts';
import type { StateProvider, WindowStore } from '../state/state-store.ts';
import { HeldOuterRecords, type EmitHeld, type Held } from './held-outer-records.ts';
import { hasNullKey, joinedRec, joinLayout, joinRow, stateKey, type JoinLayout, type Row } from './join-rows.ts';
import type { Downstream } from './operator.ts';

const DAY_MS = 86_400_000;

/** One input as Kafka Streams' join processor for it sees things. */
interface Side {
  /** The query's left input (decides where its columns go). */
  readonly isLeft: boolean;
  /** Kafka's left side: the left input, or the right input of a RIGHT join (run as a swapped LEFT). */
  readonly primary: boolean;
  readonly outer: boolean;
  readonly store: WindowStore<Row[]>;
  /** An other-side record joins when its ts ∈ [ts − before, ts + after]. */
  readonly before: number;
  readonly after: number;
}

/**
 * A windowed stream-stream join: a window store per side (retention before + after + grace) and
 * Kafka Streams' join processor on each side, sharing one stream time. Without GRACE, unmatched
 * outer records go out at once, null-padded; with GRACE they are held until their window closes.
 */
export function streamStreamJoin(
  step: StepOf<'StreamStreamJoin'>,
  state: StateProvider,
  next: Downstream,
  accept?: (joined: Rec) => boolean,
): { left: Downstream; right: Downstream } {
  const { beforeMs: before, afterMs: after, joinType } = step;
  const grace = step.graceMs ?? Math.max(DAY_MS - 2 * before, 0);
  const retention = before + after + grace;
  const layout = joinLayout(step.left, step.right);
  const rightPrimary = joinType === 'RIGHT';
  const left: Side = {
    isLeft: true,
    primary: !rightPrimary,
    outer: joinType === 'LEFT' || joinType === 'OUTER',
    store: state.window<Row[]>(`${step.id}/LeftWindow`, retention),
    before: rightPrimary ? after : before,
    after: rightPrimary ? before : after,
  };
  const right: Side = {
    isLeft: false,
    primary: rightPrimary,
    outer: joinType === 'RIGHT' || joinType === 'OUTER',
    store: state.window<Row[]>(`${step.id}/RightWindow`, retention),
    before: rightPrimary ? before : after,
    after: rightPrimary ? after : before,
  };
  const held =
    step.graceMs !== undefined && joinType !== 'INNER'
      ? new HeldOuterRecords(state.window<Held>(`${step.id}/OuterHeld`, Number.MAX_SAFE_INTEGER), grace, after, before)
      : undefined;
  const times = { stream: Number.NEGATIVE_INFINITY };
  return {
    left: sideProcessor(left, right, layout, held, times, next, accept),
    right: sideProcessor(right, left, layout, held, times, next, accept),
  };
}

function sideProcessor(
  self: Side,
  other: Side,
  layout: JoinLayout,
  held: HeldOuterRecords | undefined,
  times: { stream: number },
  next: Downstream,
  accept: ((joined: Rec) => boolean) | undefined,
): Downstream {
  const padded = (key: Row, value: Row): Row => (self.isLeft ? joinRow(layout, key, value, key, null) : joinRow(layout, key, null, key, value));
  let trigger: Rec | undefined;
  const emitHeld: EmitHeld = (primary, h, row, timestamp) => {
    const r = trigger!;
    const isLeft = primary === self.primary ? self.isLeft : other.isLeft;
    const value = isLeft ? joinRow(layout, h.key, row, h.key, null) : joinRow(layout, h.key, null, h.key, row);
    const windowed = h.windowStart !== null;
    next({
      key: h.key,
      value,
      timestamp,
      partition: r.partition,
      offset: r.offset,
      headers: r.headers,
      windowStart: windowed ? h.windowStart! : undefined,
      windowEnd: windowed ? h.windowEnd! : undefined,
    });
  };

  return (r: Rec) => {
    const ts = r.timestamp;
    if (ts > times.stream) times.stream = ts;
    const nullKey = hasNullKey(r);
    if (self.outer && nullKey && r.value !== null) return next(joinedRec(r, r.key, padded(r.key, r.value), ts));
    if (nullKey || r.value === null) return;
    if (held && ts === times.stream) {
      trigger = r;
      held.emitClosed(self.after, times.stream, emitHeld);
    }
    const key = stateKey(r);
    const to = Math.max(0, ts + self.after);
    const matches = other.store.fetch(key, Math.max(0, ts - self.before), to);
    let matched = 0;
    for (const m of matches) {
      const at = Math.max(ts, m.start!);
      let accepted = 0;
      for (const row of m.value) {
        const value = self.isLeft ? joinRow(layout, r.key, r.value, r.key, row) : joinRow(layout, r.key, row, r.key, r.value);
        const joined = joinedRec(r, r.key, value, at);
        // Pairs failing the residual (non-equi) condition are not matches.
        if (accept && !accept(joined)) continue;
        accepted++;
        next(joined);
      }
      if (accepted > 0) held?.cancel(other.primary, key, m.start!);
      matched += accepted;
    }
    if (self.outer && matched === 0) {
      if (!held || to < times.stream) next(joinedRec(r, r.key, padded(r.key, r.value), ts));
      else held.hold(self.primary, key, r);
    }
    const list = self.store.get(key, ts);
    if (list) list.push(r.value);
    self.store.put(key, ts, list ?? [r.value]);
  };
}
