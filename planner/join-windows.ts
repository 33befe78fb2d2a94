/**
 * Beyond ksqlDB: a windowed table may be joined to a windowed table (Nexmark-style "count and max
 * per auction per window"). The join matches rows of the same key *and* the same window, because
 * the table-table join's state is keyed by key plus window bounds. That only means something when
 * both tables cut time the same way, so both sides must have the same window type and size (and,
 * for hopping windows, the same advance); anything else is refused here rather than silently
 * joining windows that merely share a start.
 */
import { AnalysisError } from '../common/errors.ts';
import type { Span } from '../common/span.ts';
import type { WindowedKey } from '../plan/steps.ts';

interface WindowedInput {
  /** The input's alias, or the right-most alias of a join of them. */
  readonly text: string;
  readonly window?: WindowedKey;
}

/**
 * Refuses a windowed table-table join whose two windows differ. A hopping advance is compared
 * only when both are known: a table declared with `WINDOW_TYPE='HOPPING'` cannot state one.
 */
export function checkSameTableWindow(left: WindowedInput, right: WindowedInput, span: Span | undefined): void {
  const l = left.window;
  const r = right.window;
  if (!l || !r) return;
  const sameAdvance = l.advanceMs === undefined || r.advanceMs === undefined || l.advanceMs === r.advanceMs;
  if (l.type === r.type && l.sizeMs === r.sizeMs && sameAdvance) return;
  throw new AnalysisError(
    `Can not join windowed tables with different windows.\n\`${left.text}\` is ${describeWindow(l)}\n\`${right.text}\` is ${describeWindow(r)}\n` +
      'A windowed table-table join matches rows with the same key and window, so both tables must have the same window type and size (and, for HOPPING windows, the same advance).',
    span,
  );
}

/** A window as it would be written in SQL: `TUMBLING (SIZE 10 SECONDS)`, `SESSION`. */
export function describeWindow(w: WindowedKey): string {
  const parts = [
    ...(w.sizeMs !== undefined ? [`SIZE ${duration(w.sizeMs)}`] : []),
    ...(w.type === 'HOPPING' && w.advanceMs !== undefined ? [`ADVANCE BY ${duration(w.advanceMs)}`] : []),
  ];
  return parts.length > 0 ? `${w.type} (${parts.join(', ')})` : w.type;
}

const UNITS: readonly [number, string][] = [
  [86_400_000, 'DAY'],
  [3_600_000, 'HOUR'],
  [60_000, 'MINUTE'],
  [1000, 'SECOND'],
];

/** Milliseconds in the largest unit that divides them exactly. */
function duration(ms: number): string {
  const [size, unit] = UNITS.find(([size]) => ms !== 0 && ms % size === 0) ?? [1, 'MILLISECOND'];
  const n = ms / size;
  return `${n} ${unit}${n === 1 ? '' : 'S'}`;
}
