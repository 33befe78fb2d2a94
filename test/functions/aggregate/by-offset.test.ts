import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../common/decimal.ts';
import { INTEGER, STRING, decimal, map, DOUBLE } from '../../../common/types.ts';
import { accOf, col, replay, resolve, sessionMerge } from './helpers.ts';

describe('EARLIEST_BY_OFFSET (earliest-offset-udaf.json)', () => {
  const earliest = (lits: unknown[] = []) => resolve('EARLIEST_BY_OFFSET', [INTEGER], lits);

  it('keeps the first value, ignoring nulls by default', () => {
    expect(replay(earliest(), col([12, null, 13]))).toEqual([12, 12, 12]);
    expect(replay(earliest([true]), col([null, 13]))).toEqual([null, 13]);
    expect(replay(earliest(), col([null, null]))).toEqual([null, null]);
  });

  it('keeps a first null when nulls are not ignored', () => {
    expect(replay(earliest([false]), col([null, 13]))).toEqual([null, null]);
    expect(replay(earliest([false]), col([12, null, 13]))).toEqual([12, 12, 12]);
  });

  it('keeps the first N', () => {
    expect(replay(earliest([2]), col([null, 13]))).toEqual([[], [13]]);
    expect(replay(earliest([2]), col([12, null, 13]))).toEqual([[12], [12], [12, 13]]);
    expect(replay(earliest([2, false]), col([null, 13]))).toEqual([[null], [null, 13]]);
    expect(replay(earliest([2, false]), col([12, null, 13]))).toEqual([[12], [12, null], [12, null]]);
  });

  it('keeps other types as they are', () => {
    const d = resolve('EARLIEST_BY_OFFSET', [decimal(3, 2)], [true]);
    expect(replay(d, col([Decimal.parse('3.40'), Decimal.parse('8.90')])).map(String)).toEqual(['3.40', '3.40']);
    const m = resolve('EARLIEST_BY_OFFSET', [map(STRING, DOUBLE)]);
    expect(replay(m, col([new Map([['Early0', 1.234]]), new Map([['Later0', 3.6789]])]))[1]).toEqual(new Map([['Early0', 1.234]]));
  });

  it('merges session windows by arrival order', () => {
    const r = earliest();
    const s1 = accOf(r, col([1]));
    const s2 = accOf(r, col([3]));
    expect(sessionMerge(r, [s1, s2], [2])).toBe(1);
    const ignoring = earliest([true]);
    expect(sessionMerge(ignoring, [accOf(ignoring, col([null])), accOf(ignoring, col([1]))], [null])).toBe(1);
    const keeping = earliest([false]);
    expect(sessionMerge(keeping, [accOf(keeping, col([null])), accOf(keeping, col([1]))], [null])).toBe(null);
  });

  it('merges session windows, N values', () => {
    const keep = earliest([2, false]);
    expect(sessionMerge(keep, [accOf(keep, col([null])), accOf(keep, col([1]))], [null])).toEqual([null, 1]);
    const ignore = earliest([2, true]);
    expect(sessionMerge(ignore, [accOf(ignore, col([null])), accOf(ignore, col([1]))], [null])).toEqual([1]);
    expect(sessionMerge(keep, [accOf(keep, col([null])), accOf(keep, col([null]))], [null])).toEqual([null, null]);
  });
});

describe('LATEST_BY_OFFSET (latest-offset-udaf.json)', () => {
  const latest = (lits: unknown[] = []) => resolve('LATEST_BY_OFFSET', [INTEGER], lits);

  it('keeps the last value, ignoring nulls by default', () => {
    expect(replay(latest([true]), col([12, null, 13]))).toEqual([12, 12, 13]);
    expect(replay(latest(), col([null, null]))).toEqual([null, null]);
    expect(replay(latest([false]), col([12, null, 13]))).toEqual([12, null, 13]);
  });

  it('keeps the last N, oldest first', () => {
    expect(replay(latest([2, true]), col([12, null, 13]))).toEqual([[12], [12], [12, 13]]);
    expect(replay(latest([2, false]), col([12, null, 13]))).toEqual([[12], [12, null], [null, 13]]);
    expect(replay(latest([2]), col([null, null]))).toEqual([[], []]);
  });

  it('merges session windows', () => {
    const r = latest();
    expect(sessionMerge(r, [accOf(r, col([1])), accOf(r, col([3]))], [2])).toBe(2);
    expect(sessionMerge(r, [accOf(r, col([1])), accOf(r, col([null]))], [2])).toBe(2);
    // "with nulls ignored when merging": the merge keeps 1, the null row is skipped.
    expect(sessionMerge(r, [accOf(r, col([1]))], [null])).toBe(1);
    // Not ignoring nulls, the fresh initial entry is newer than the stored one.
    const keeping = latest([false]);
    expect(sessionMerge(keeping, [accOf(keeping, col([1]))], [null])).toBe(null);
    expect(sessionMerge(keeping, [accOf(keeping, col([1])), accOf(keeping, col([null]))], [2])).toBe(2);
  });

  it('merges session windows, N values', () => {
    const ignore = latest([2, true]);
    expect(sessionMerge(ignore, [accOf(ignore, col([1])), accOf(ignore, col([null]))], [2])).toEqual([1, 2]);
    const keep = latest([2, false]);
    expect(sessionMerge(keep, [accOf(keep, col([1])), accOf(keep, col([null]))], [2])).toEqual([null, 2]);
    expect(sessionMerge(keep, [accOf(keep, col([null])), accOf(keep, col([null]))], [null])).toEqual([null, null]);
    // More than N across the sessions: the latest N survive.
    const three = latest([2, true]);
    expect(three.impl.result(three.impl.merge!(accOf(three, col([1, 2])), accOf(three, col([3]))))).toEqual([2, 3]);
  });
});
