import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../common/decimal.ts';
import { ProcessingError } from '../../../common/errors.ts';
import { BIGINT, DOUBLE, INTEGER, decimal } from '../../../common/types.ts';
import { accOf, col, replay, replayTable, resolve } from './helpers.ts';

const dec = (s: string): Decimal => Decimal.parse(s);

describe('COUNT', () => {
  it('counts rows, or non-null values (count.json)', () => {
    expect(replay(resolve('COUNT', []), [[], [], []])).toEqual([1n, 2n, 3n]);
    expect(replay(resolve('COUNT', [INTEGER]), col([1, null, 3]))).toEqual([1n, 1n, 2n]);
  });

  it('counts back to zero in a table (should count back to zero)', () => {
    const r = resolve('COUNT', [BIGINT]);
    expect(replayTable(r, [['add', 3n], ['add', 3n], ['undo', 3n], ['undo', 3n]])).toEqual([1n, 2n, 1n, 0n]);
    expect(r.impl.merge!(2n, 3n)).toBe(5n);
  });
});

describe('SUM', () => {
  it('skips nulls and starts at zero', () => {
    expect(replay(resolve('SUM', [INTEGER]), col([null, 5, null, -2]))).toEqual([0, 5, 5, 3]);
    expect(replay(resolve('SUM', [BIGINT]), col([1n, null, 2n]))).toEqual([1n, 1n, 3n]);
    expect(replay(resolve('SUM', [DOUBLE]), col([0.5, 0.25]))).toEqual([0.5, 0.75]);
  });

  it('wraps INT and BIGINT like Java', () => {
    expect(replay(resolve('SUM', [INTEGER]), col([2147483647, 1]))).toEqual([2147483647, -2147483648]);
    expect(replay(resolve('SUM', [BIGINT]), col([9223372036854775807n, 1n]))[1]).toBe(-9223372036854775808n);
  });

  it('retracts and merges (group-by.json: 20 → 40 → 60, then 0 on delete)', () => {
    const r = resolve('SUM', [INTEGER]);
    expect(replayTable(r, [['add', 20], ['undo', 20], ['add', 40], ['undo', 40], ['add', 60], ['undo', 60]])).toEqual([20, 0, 40, 0, 60, 0]);
    expect(r.impl.merge!(2, 3)).toBe(5);
  });

  it('keeps DECIMAL precision and fails a record that overflows it', () => {
    const r = resolve('SUM', [decimal(4, 2)]);
    expect(String(r.impl.result(r.impl.init()))).toBe('0.00');
    expect(replay(r, col([dec('10.50'), null, dec('-0.25')])).map(String)).toEqual(['10.50', '10.50', '10.25']);
    const acc = accOf(r, col([dec('99.99')]));
    expect(() => r.impl.add(acc, [dec('0.01')])).toThrow(ProcessingError);
    expect(() => r.impl.add(acc, [dec('0.01')])).toThrow(
      'Numeric field overflow: A field with precision 4 and scale 2 must round to an absolute value less than 10^2. Got 100.0',
    );
    expect(String(r.impl.undo!(accOf(r, col([dec('1.00'), dec('2.50')])), [dec('1.00')]))).toBe('2.50');
  });
});

describe('AVG (average-udaf.json)', () => {
  it('average int', () => {
    expect(replay(resolve('AVG', [INTEGER]), col([1, 2, 2, null]))).toEqual([1, 1.5, 1.6666666666666667, 1.6666666666666667]);
    expect(replay(resolve('AVG', [INTEGER]), col([2, 2, 0]))).toEqual([2, 2, 1.3333333333333333]);
  });

  it('average long', () => {
    expect(replay(resolve('AVG', [BIGINT]), col([-1n, 9223372036854775807n, 1n, null]))).toEqual([
      -1, 4.611686018427388e18, 3.0744573456182584e18, 3.0744573456182584e18,
    ]);
  });

  it('average double', () => {
    expect(replay(resolve('AVG', [DOUBLE]), col([-1.8, 9223372036854.775, 100.2, null]))).toEqual([
      -1.8, 4611686018426.487, 3074457345651.058, 3074457345651.058,
    ]);
    expect(replay(resolve('AVG', [DOUBLE]), col([2.3, -200000.6, 0.0]))).toEqual([2.3, -99999.15000000001, -66666.1]);
  });

  it('is 0.0 before any value, and retracts (average udaf with table)', () => {
    const r = resolve('AVG', [INTEGER]);
    expect(r.impl.result(r.impl.init())).toBe(0);
    expect(replayTable(r, [['add', 1], ['add', 2], ['undo', 1], ['add', null], ['undo', null], ['add', 4]])).toEqual([1, 1.5, 2, 2, 2, 3]);
  });

  it('merges sums and counts', () => {
    const r = resolve('AVG', [BIGINT]);
    const merged = r.impl.merge!(accOf(r, col([1n, 2n])), accOf(r, col([6n])));
    expect(merged).toEqual({ SUM: 9n, COUNT: 3n });
    expect(r.impl.result(merged)).toBe(3);
  });
});

describe('STDDEV_SAMP and STDDEV_SAMPLE', () => {
  it('STDDEV_SAMPLE is the sample standard deviation', () => {
    const r = resolve('STDDEV_SAMPLE', [DOUBLE]);
    const out = replay(r, col([2, 4, null, 4, 4, 5, 5, 7, 9]));
    expect(out.slice(0, 2)).toEqual([0, Math.SQRT2]);
    expect(out[8]).toBeCloseTo(Math.sqrt(32 / 7), 12);
  });

  it('STDDEV_SAMP returns the variance, as ksqlDB documents', () => {
    const out = replay(resolve('STDDEV_SAMP', [INTEGER]), col([2, 4, 4, 4, 5, 5, 7, 9]));
    expect(out[7]).toBeCloseTo(32 / 7, 12);
  });

  it('retracts and merges', () => {
    const r = resolve('STDDEV_SAMPLE', [BIGINT]);
    const acc = accOf(r, col([2n, 4n, 4n, 10n]));
    const undone = r.impl.undo!(acc, [10n]);
    expect(r.impl.result(undone)).toBeCloseTo(Math.sqrt(4 / 3), 12);
    const merged = r.impl.merge!(accOf(r, col([2n, 4n])), accOf(r, col([4n, 4n, 5n, 5n, 7n, 9n])));
    expect(r.impl.result(merged)).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(r.impl.result(accOf(r, col([5n])))).toBe(0);
  });
});

describe('CORRELATION (correlation-udaf.json)', () => {
  const nan = Number.NaN;

  it('correlation double', () => {
    const r = resolve('CORRELATION', [DOUBLE, DOUBLE]);
    expect(replay(r, [[1.5, 8.0], [-1.0, -2.0], [-4.5, -1.0], [null, -6.0]])).toEqual([nan, 1, 0.7580764521133173, 0.7580764521133173]);
    expect(replay(r, [[-3.5, -2.0], [13.1, null], [3.0, 11.0]])).toEqual([nan, nan, 1]);
  });

  it('correlation int (arguments widened to DOUBLE)', () => {
    const r = resolve('CORRELATION', [INTEGER, INTEGER]);
    expect(replay(r, [[1, 8], [-1, -2], [-4, -1], [null, -6]])).toEqual([nan, 1, 0.7455284088780169, 0.7455284088780169]);
  });

  it('correlation udaf with table', () => {
    const r = resolve('CORRELATION', [DOUBLE, DOUBLE]);
    const out = replayTable(r, [['add', 1.5, 8.0], ['add', -3.5, -2.0], ['undo', 1.5, 8.0], ['add', -1.0, -2.0], ['add', -4.5, -1.0]]);
    expect([out[0], out[1], out[3], out[4]]).toEqual([nan, 1, nan, -0.7205766921228921]);
    const merged = r.impl.merge!(accOf(r, [[1.5, 8.0]]), accOf(r, [[-1.0, -2.0], [-4.5, -1.0]]));
    expect(r.impl.result(merged)).toBe(0.7580764521133173);
  });
});
