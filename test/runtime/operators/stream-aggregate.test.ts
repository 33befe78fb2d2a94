import { describe, expect, it } from 'vitest';
import { BIGINT, STRING } from '../../../common/types.ts';
import type { AggregateCall, WindowSpec } from '../../../plan/steps.ts';
import { aggregate, countStar, drive, keyRef, source, valCol, valRef } from './helpers.ts';

const DAY = 86_400_000;
const input = source('StreamSource', [valCol('VALUE', BIGINT)]);
const max: AggregateCall = { name: 'MAX', argTypes: [BIGINT], args: [valRef(0, BIGINT)], literals: [] };
const hopping = (sizeMs: number, advanceMs: number, graceMs: number): WindowSpec => ({ type: 'HOPPING', sizeMs, advanceMs, graceMs, retentionMs: sizeMs + graceMs });
const session = (gapMs: number, graceMs: number): WindowSpec => ({ type: 'SESSION', gapMs, graceMs, retentionMs: gapMs + graceMs });

describe('stream aggregation', () => {
  it('counts per key with the previous count as old value (count.json :: count)', () => {
    const d = drive(aggregate(input, [keyRef(0)], [countStar]));
    d.send('0', { VALUE: 1 });
    d.send('0', { VALUE: 2 });
    d.send('100', { VALUE: 3 });
    d.send('100', null);
    expect(d.out).toEqual([
      { key: '0', value: 1n, old: null, ts: 0 },
      { key: '0', value: 2n, old: 1n, ts: 0 },
      { key: '100', value: 1n, old: null, ts: 0 },
    ]);
  });

  it('drops rows whose group key is null, and logs them', () => {
    const d = drive(aggregate(source('StreamSource', [valCol('NAME', STRING)]), [valRef(0, STRING)], [countStar]));
    d.send('a', { NAME: null });
    d.send('a', { NAME: 'x' }, 5);
    expect(d.out).toEqual([{ key: 'x', value: 1n, old: null, ts: 5 }]);
    expect(d.log.errorCount()).toBe(1);
  });

  it('stamps results with the largest timestamp aggregated so far', () => {
    const d = drive(aggregate(input, [keyRef(0)], [countStar]));
    d.send('k', { VALUE: 1 }, 10);
    d.send('k', { VALUE: 1 }, 4);
    expect(d.out.map((o) => o.ts)).toEqual([10, 10]);
  });

  it('drops a record for a tumbling window that closed (end ≤ stream time − grace) and counts it', () => {
    const d = drive(aggregate(input, [keyRef(0)], [countStar], { type: 'TUMBLING', sizeMs: 10, advanceMs: 10, graceMs: 5, retentionMs: 15 }));
    d.send('k', { VALUE: 1 }, 0);
    d.send('k', { VALUE: 1 }, 20);
    d.send('k', { VALUE: 1 }, 9);
    d.send('k', { VALUE: 1 }, 16);
    expect(d.out).toEqual([
      { key: 'k', value: 1n, old: null, ts: 0, win: [0, 10] },
      { key: 'k', value: 1n, old: null, ts: 20, win: [20, 30] },
      { key: 'k', value: 1n, old: null, ts: 16, win: [10, 20] },
    ]);
    expect(d.topology.lateRecords.get('Aggregate/Aggregate')).toBe(1);
  });

  it('updates hopping windows in start order and skips only the closed ones (hopping-windows.json :: out of order - explicit grace period)', () => {
    const d = drive(aggregate(input, [keyRef(0)], [max], hopping(30_000, 15_000, 60_000)));
    const inputs: [string, number, number][] = [
      ['0', 0, 0], ['0', 1, 89_999], ['0', 5, 10_009], ['0', 0, 90_000], ['0', 6, 10_010],
      ['1', 100, 10_009], ['1', 101, 30_000], ['1', 200, 86_412_022], ['1', 200, 60_000],
    ];
    for (const [k, v, ts] of inputs) d.send(k, { VALUE: v }, ts);
    expect(d.out.map((o) => [o.key, o.value, o.ts, o.win])).toEqual([
      ['0', 0n, 0, [0, 30_000]],
      ['0', 1n, 89_999, [60_000, 90_000]],
      ['0', 1n, 89_999, [75_000, 105_000]],
      ['0', 5n, 10_009, [0, 30_000]],
      ['0', 1n, 90_000, [75_000, 105_000]],
      ['0', 0n, 90_000, [90_000, 120_000]],
      ['1', 101n, 30_000, [15_000, 45_000]],
      ['1', 101n, 30_000, [30_000, 60_000]],
      ['1', 200n, 86_412_022, [86_385_000, 86_415_000]],
      ['1', 200n, 86_412_022, [86_400_000, 86_430_000]],
    ]);
  });

  it('re-emits a hopping window at max(record ts, stored ts) (hopping-windows.json :: min hopping)', () => {
    const min: AggregateCall = { ...max, name: 'MIN' };
    const d = drive(aggregate(input, [keyRef(0)], [min], hopping(30_000, 10_000, DAY - 30_000)));
    d.send('0', { VALUE: 0 }, 0);
    d.send('0', { VALUE: 5 }, 10_000);
    d.send('100', { VALUE: 100 }, 30_000);
    expect(d.out.map((o) => [o.key, o.value, o.ts, o.win])).toEqual([
      ['0', 0n, 0, [0, 30_000]],
      ['0', 0n, 10_000, [0, 30_000]],
      ['0', 5n, 10_000, [10_000, 40_000]],
      ['100', 100n, 30_000, [10_000, 40_000]],
      ['100', 100n, 30_000, [20_000, 50_000]],
      ['100', 100n, 30_000, [30_000, 60_000]],
    ]);
  });
});

describe('session aggregation', () => {
  it('retracts merged sessions with tombstones before the merged result (session-windows.json :: out of order - no grace period)', () => {
    const d = drive(aggregate(input, [keyRef(0)], [max], session(30_000, DAY - 30_000)));
    const inputs: [string, number, number][] = [
      ['0', 0, 0], ['0', 1, 70_010], ['0', 5, 10_009], ['0', 6, 10_010],
      ['1', 100, 10_009], ['1', 101, 10_010], ['1', 200, 86_412_022], ['1', 200, 60_000],
    ];
    for (const [k, v, ts] of inputs) d.send(k, { VALUE: v }, ts);
    expect(d.out.map((o) => [o.key, o.value, o.ts, o.win])).toEqual([
      ['0', 0n, 0, [0, 0]],
      ['0', 1n, 70_010, [70_010, 70_010]],
      ['0', null, 0, [0, 0]],
      ['0', 5n, 10_009, [0, 10_009]],
      ['0', null, 10_009, [0, 10_009]],
      ['0', 6n, 10_010, [0, 10_010]],
      ['1', 100n, 10_009, [10_009, 10_009]],
      ['1', null, 10_009, [10_009, 10_009]],
      ['1', 101n, 10_010, [10_009, 10_010]],
      ['1', 200n, 86_412_022, [86_412_022, 86_412_022]],
      ['1', 200n, 60_000, [60_000, 60_000]],
    ]);
  });

  it('hides sessions past retention and drops events whose merged end is too late (session-windows.json :: out of order - explicit grace period)', () => {
    const d = drive(aggregate(input, [keyRef(0)], [max], session(30_000, 60_000)));
    const inputs: [string, number, number][] = [
      ['0', 0, 0], ['0', 1, 100_010], ['0', 5, 10_009], ['0', 6, 10_010],
      ['1', 100, 10_009], ['1', 101, 10_010], ['1', 200, 86_412_022], ['1', 200, 60_000],
    ];
    for (const [k, v, ts] of inputs) d.send(k, { VALUE: v }, ts);
    expect(d.out.map((o) => [o.key, o.value, o.ts, o.win])).toEqual([
      ['0', 0n, 0, [0, 0]],
      ['0', 1n, 100_010, [100_010, 100_010]],
      ['0', 6n, 10_010, [10_010, 10_010]],
      ['1', 101n, 10_010, [10_010, 10_010]],
      ['1', 200n, 86_412_022, [86_412_022, 86_412_022]],
    ]);
    expect(d.topology.lateRecords.get('Aggregate/Aggregate')).toBe(3);
  });
});
