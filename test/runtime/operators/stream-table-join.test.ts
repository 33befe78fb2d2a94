import { describe, expect, it } from 'vitest';
import { STRING } from '../../../common/types.ts';
import { driveJoin, join, rows, src } from './join-helpers.ts';

const test = src('StreamSource', 'test_topic', 'T', ['NAME', 'VALUE'], { NAME: STRING });
const testTable = src('TableSource', 'test_table', 'TT', ['F1', 'F2'], { F1: STRING });
const cols = ['T_NAME', 'T_VALUE', 'TT_F1', 'TT_F2'];
const row = (name: string, value: number, f1: string | null, f2: number | null) => ({ T_NAME: name, T_VALUE: value, TT_F1: f1, TT_F2: f2 });

describe('stream-table join', () => {
  it('stream table left join (joins.json): the current row at the stream record\'s ts, right-nulls when missing', () => {
    const d = driveJoin(join('Join', 'LEFT', test, testTable, { kind: 'StreamTableJoin' }));
    d.send('test_table', 0, { F1: 'zero', F2: 0 }, 0);
    d.send('test_table', 10, { F1: '100', F2: 5 }, 10_000);
    d.send('test_topic', 0, { NAME: 'blah', VALUE: 50 }, 10_000);
    d.send('test_topic', 0, { NAME: 'foo', VALUE: 100 }, 10_000);
    d.send('test_table', 0, { F1: 'a', F2: 10 }, 15_000);
    d.send('test_topic', 0, { NAME: 'bar', VALUE: 99 }, 15_000);
    d.send('test_topic', 90, { NAME: 'ninety', VALUE: 90 }, 15_000);
    expect(rows(d.out, cols)).toEqual([
      [0, row('blah', 50, 'zero', 0), 10_000],
      [0, row('foo', 100, 'zero', 0), 10_000],
      [0, row('bar', 99, 'a', 10), 15_000],
      [90, row('ninety', 90, null, null), 15_000],
    ]);
  });

  it('the docs semantics table: tombstones delete, table updates emit nothing, INNER needs a row', () => {
    const inner = driveJoin(join('Join', 'INNER', test, testTable, { kind: 'StreamTableJoin' }));
    const left = driveJoin(join('Join', 'LEFT', test, testTable, { kind: 'StreamTableJoin' }));
    const steps: readonly (readonly ['S' | 'T', string | null])[] = [
      ['S', null], ['T', null], ['S', 'A'], ['T', 'a'], ['S', 'B'], ['T', 'b'], ['S', null], ['T', null],
      ['S', 'C'], ['T', 'c'], ['T', null], ['S', null], ['T', null], ['T', 'd'], ['S', 'D'],
    ];
    for (const d of [inner, left]) {
      steps.forEach(([side, v], i) => {
        if (side === 'S') d.send('test_topic', 0, v === null ? null : { NAME: v, VALUE: 0 }, i + 1);
        else d.send('test_table', 0, v === null ? null : { F1: v, F2: 0 }, i + 1);
      });
    }
    const pairs = (d: typeof inner) => d.out.map((o) => [o.ts, o.value!.T_NAME, o.value!.TT_F1]);
    expect(pairs(inner)).toEqual([[5, 'B', 'a'], [15, 'D', 'd']]);
    expect(pairs(left)).toEqual([[3, 'A', null], [5, 'B', 'a'], [9, 'C', null], [15, 'D', 'd']]);
  });

  it('a null-key stream record: right-nulls for LEFT, dropped by INNER', () => {
    const inner = driveJoin(join('Join', 'INNER', test, testTable, { kind: 'StreamTableJoin' }));
    const left = driveJoin(join('Join', 'LEFT', test, testTable, { kind: 'StreamTableJoin' }));
    for (const d of [inner, left]) d.send('test_topic', null, { NAME: 'x', VALUE: 1 }, 7);
    expect(inner.out).toEqual([]);
    expect(rows(left.out, cols)).toEqual([[null, row('x', 1, null, null), 7]]);
  });
});

describe('N-way stream-table joins (multi-joins.json)', () => {
  it('stream-table-table - left-left: each step probes its table at the stream record\'s ts', () => {
    const s1 = src('StreamSource', 'left', 'S1', ['V0']);
    const t2 = src('TableSource', 'right', 'T2', ['V0']);
    const t3 = src('TableSource', 'right2', 'T3', ['V0']);
    const j1 = join('Join1', 'LEFT', s1, t2, { kind: 'StreamTableJoin' });
    const d = driveJoin(join('Join2', 'LEFT', j1, t3, { kind: 'StreamTableJoin' }));
    d.send('left', 0, { V0: 1 }, 9);
    d.send('right', 0, { V0: 2 }, 10);
    d.send('left', 0, { V0: 1 }, 11);
    d.send('right2', 0, { V0: 3 }, 12);
    d.send('left', 0, { V0: 1 }, 13);
    expect(rows(d.out, ['S1_V0', 'T2_V0', 'T3_V0'])).toEqual([
      [0, { S1_V0: 1, T2_V0: null, T3_V0: null }, 9],
      [0, { S1_V0: 1, T2_V0: 2, T3_V0: null }, 11],
      [0, { S1_V0: 1, T2_V0: 2, T3_V0: 3 }, 13],
    ]);
  });
});
