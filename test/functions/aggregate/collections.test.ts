import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../common/decimal.ts';
import { BIGINT, BOOLEAN, BYTES, DATE, DOUBLE, INTEGER, STRING, array, decimal, struct } from '../../../common/types.ts';
import { accOf, col, replay, replayTable, resolve } from './helpers.ts';

const dec = (s: string): Decimal => Decimal.parse(s);
const bytes = (b64: string): Uint8Array => new Uint8Array(Buffer.from(b64, 'base64'));

describe('MIN and MAX (max-group-by.json)', () => {
  it('ignore nulls and are null until a value arrives', () => {
    const out = replay(resolve('MAX', [DOUBLE]), col([null, -1000000.123, 0.0, 5.1, null]));
    expect(out).toEqual([null, -1000000.123, 0, 5.1, 5.1]);
    expect(replay(resolve('MIN', [INTEGER]), col([null, 3, 1, 2]))).toEqual([null, 3, 1, 1]);
  });

  it('compare decimals, dates, strings and bytes', () => {
    const out = replay(resolve('MAX', [decimal(4, 2)]), col([dec('-10.12'), dec('00.00'), dec('05.10'), null, dec('20.99'), dec('10.11')]));
    expect(out.map(String)).toEqual(['-10.12', '0.00', '5.10', '5.10', '20.99', '20.99']);
    expect(replay(resolve('MIN', [DATE]), col([5, 2, 9]))).toEqual([5, 2, 2]);
    expect(replay(resolve('MIN', [STRING]), col(['b', 'a', 'c']))).toEqual(['b', 'a', 'a']);
    const maxBytes = replay(resolve('MAX', [BYTES]), col(['Qg==', 'QQ==', 'Rg==', 'RA=='].map(bytes)));
    expect(maxBytes.map((b) => Buffer.from(b as Uint8Array).toString('base64'))).toEqual(['Qg==', 'Qg==', 'Rg==', 'Rg==']);
  });

  it('merge session windows', () => {
    const r = resolve('MAX', [BIGINT]);
    expect(r.impl.merge!(accOf(r, col([1n, 7n])), accOf(r, col([3n])))).toBe(7n);
    expect(r.impl.merge!(null, 4n)).toBe(4n);
  });
});

describe('COLLECT_LIST (collect-list.json)', () => {
  it('keeps every value in order, nulls included', () => {
    const out = replay(resolve('COLLECT_LIST', [STRING]), col(['baz', 'baz', 'foo', null]));
    expect(out).toEqual([['baz'], ['baz', 'baz'], ['baz', 'baz', 'foo'], ['baz', 'baz', 'foo', null]]);
  });

  it('collects structs and arrays', () => {
    const t = struct([{ name: 'A', type: STRING }, { name: 'B', type: BIGINT }]);
    const out = replay(resolve('COLLECT_LIST', [t]), col([{ A: 'a', B: 1n }, null]));
    expect(out[1]).toEqual([{ A: 'a', B: 1n }, null]);
    expect(replay(resolve('COLLECT_LIST', [array(INTEGER)]), col([[1, 2]]))).toEqual([[[1, 2]]]);
  });

  it('honours ksql.functions.collect_list.limit (collect_list with limit of 1)', () => {
    const r = resolve('COLLECT_LIST', [INTEGER], [], { 'ksql.functions.collect_list.limit': 1 });
    expect(replay(r, col([0, 100]))).toEqual([[0], [0]]);
    const fromString = resolve('COLLECT_LIST', [INTEGER], [], { 'ksql.functions.collect_list.limit': '2' });
    expect(replay(fromString, col([1, 2, 3]))[2]).toEqual([1, 2]);
    expect(fromString.impl.merge!([1], [2, 3])).toEqual([1, 2]);
  });

  it('retracts the last equal value (collect_list int table)', () => {
    const r = resolve('COLLECT_LIST', [INTEGER]);
    expect(replayTable(r, [['add', 0], ['undo', 0], ['add', 100], ['add', 5], ['add', 100], ['undo', 100]])).toEqual([[0], [], [100], [100, 5], [100, 5, 100], [100, 5]]);
    const d = resolve('COLLECT_LIST', [decimal(4, 1)]);
    expect(d.impl.undo!(accOf(d, col([dec('1.0'), dec('2.0')])), [dec('1.0')])).toEqual([dec('2.0')]);
  });

  it('returns a copy, so later adds do not change an emitted result', () => {
    const r = resolve('COLLECT_LIST', [INTEGER]);
    const acc = accOf(r, col([1]));
    const first = r.impl.result(acc);
    r.impl.add(acc, [2]);
    expect(first).toEqual([1]);
  });
});

describe('COLLECT_SET', () => {
  it('keeps distinct values in arrival order, up to the limit', () => {
    expect(replay(resolve('COLLECT_SET', [STRING]), col(['a', 'b', 'a', null, null]))).toEqual([['a'], ['a', 'b'], ['a', 'b'], ['a', 'b', null], ['a', 'b', null]]);
    const limited = resolve('COLLECT_SET', [INTEGER], [], { 'ksql.functions.collect_set.limit': 2 });
    expect(replay(limited, col([1, 1, 2, 3]))[3]).toEqual([1, 2]);
    expect(limited.impl.merge!([1], [1, 4, 5])).toEqual([1, 4]);
  });
});

describe('HISTOGRAM', () => {
  it('counts each string, and retracts', () => {
    const r = resolve('HISTOGRAM', [STRING]);
    const out = replayTable(r, [['add', 'a'], ['add', 'b'], ['add', 'a'], ['undo', 'b'], ['undo', 'zz']]);
    expect(out[2]).toEqual(new Map([['a', 2n], ['b', 1n]]));
    expect(out[4]).toEqual(new Map([['a', 2n]]));
    const merged = r.impl.merge!(accOf(r, col(['a'])), accOf(r, col(['a', 'c'])));
    expect(merged).toEqual(new Map([['a', 2n], ['c', 1n]]));
  });

  it('stops at 1000 distinct values', () => {
    const r = resolve('HISTOGRAM', [STRING]);
    const acc = accOf(r, col(Array.from({ length: 1001 }, (_, i) => `v${i}`)));
    expect((acc as Map<string, bigint>).size).toBe(1000);
    expect((r.impl.add(acc, ['v0']) as Map<string, bigint>).get('v0')).toBe(2n);
  });
});

describe('TOPK (topk-group-by.json)', () => {
  it('topk integer', () => {
    const out = replay(resolve('TOPK', [INTEGER], [3]), col([0, 100, 99, 7, 100]));
    expect(out).toEqual([[0], [100, 0], [100, 99, 0], [100, 99, 7], [100, 100, 99]]);
  });

  it('topk string, ignoring nulls', () => {
    expect(replay(resolve('TOPK', [STRING], [3]), col(['a', 'b', null, 'c', 'b', 'd']))[5]).toEqual(['d', 'c', 'b']);
  });

  it('topk integer struct: equal sort values keep arrival order', () => {
    const out = replay(resolve('TOPK', [INTEGER, STRING], [3]), [[0, 'zero'], [100, 'one'], [99, 'two'], [null, 'three'], [100, null]]);
    const s = (sort: number, c: string | null) => ({ sort_col: sort, col0: c });
    expect(out[2]).toEqual([s(100, 'one'), s(99, 'two'), s(0, 'zero')]);
    expect(out[3]).toEqual(out[2]);
    expect(out[4]).toEqual([s(100, 'one'), s(100, null), s(99, 'two')]);
  });

  it('merges two sorted lists', () => {
    const r = resolve('TOPK', [BIGINT], [3]);
    expect(r.impl.merge!(accOf(r, col([5n, 1n])), accOf(r, col([5n, 4n, 3n])))).toEqual([5n, 5n, 4n]);
  });
});

describe('TOPKDISTINCT', () => {
  it('keeps the k largest distinct values (topkdistinct hopping)', () => {
    expect(replay(resolve('TOPKDISTINCT', [DOUBLE], [2]), col([0.0, 100.0, 100.0, 50.0]))).toEqual([[0], [100, 0], [100, 0], [100, 50]]);
    const d = resolve('TOPKDISTINCT', [decimal(3, 1)], [2]);
    expect(d.returnType).toEqual(array(decimal(3, 1)));
    expect(replay(d, col([dec('1.0'), dec('1.0')]))[1]).toEqual([dec('1.0')]);
    const r = resolve('TOPKDISTINCT', [INTEGER], [3]);
    expect(r.impl.merge!([9, 5, 1], [9, 6])).toEqual([9, 6, 5]);
  });
});

describe('COUNT_DISTINCT (count-distinct.json)', () => {
  it('estimates distinct non-null values', () => {
    expect(replay(resolve('COUNT_DISTINCT', [STRING]), col(['one', 'two', 'one', 'two', null]))).toEqual([1n, 2n, 2n, 2n, 2n]);
  });

  it('is close for many values of other types, and merges', () => {
    const r = resolve('COUNT_DISTINCT', [BIGINT]);
    const acc = accOf(r, col(Array.from({ length: 5000 }, (_, i) => BigInt(i % 2500))));
    const n = Number(r.impl.result(acc));
    expect(Math.abs(n - 2500)).toBeLessThan(75);
    const other = accOf(r, col(Array.from({ length: 2500 }, (_, i) => BigInt(i + 2500))));
    expect(Math.abs(Number(r.impl.result(r.impl.merge!(acc, other))) - 5000)).toBeLessThan(150);
    expect(replay(resolve('COUNT_DISTINCT', [BOOLEAN]), col([true, false, true]))[2]).toBe(2n);
    expect(replay(resolve('COUNT_DISTINCT', [DOUBLE]), col([1.5, 2.5, 1.5]))[2]).toBe(2n);
  });
});

describe('ATTR (attr.json)', () => {
  it('is the single value, or null when values differ', () => {
    expect(replay(resolve('ATTR', [STRING]), col(['1', '2', '3']))).toEqual(['1', null, null]);
    expect(replay(resolve('ATTR', [STRING]), col(['1', null, '1']))).toEqual(['1', null, null]);
    expect(replay(resolve('ATTR', [STRING]), col([null, null]))).toEqual([null, null]);
    const t = struct([{ name: 'A', type: STRING }, { name: 'B', type: INTEGER }]);
    expect(replay(resolve('ATTR', [t]), col([{ A: 'a', B: 1 }, { A: 'a', B: 1 }]))[1]).toEqual({ A: 'a', B: 1 });
  });

  it('table attr with tombstones', () => {
    const r = resolve('ATTR', [STRING]);
    const out = replayTable(r, [['add', '1'], ['add', '1'], ['undo', '1'], ['undo', '1'], ['add', '2'], ['add', '3'], ['undo', '3']]);
    expect(out).toEqual(['1', '1', '1', null, '2', null, '2']);
    expect(r.impl.result(r.impl.merge!(accOf(r, col(['x'])), accOf(r, col(['x']))))).toBe('x');
  });
});
