import { describe, expect, it } from 'vitest';
import { STRING } from '../../../common/types.ts';
import type { JoinKind } from '../../../plan/steps.ts';
import { driveJoin, join, rows, src } from './join-helpers.ts';

const test = src('TableSource', 'left_topic', 'T', ['NAME', 'VALUE'], { NAME: STRING });
const testTable = src('TableSource', 'right_topic', 'TT', ['F1', 'F2'], { F1: STRING });
const cols = ['T_NAME', 'T_VALUE', 'TT_F1', 'TT_F2'];
const ttj = (joinType: JoinKind) => driveJoin(join('Join', joinType, test, testTable, { kind: 'TableTableJoin' }));
const row = (name: string | null, value: number | null, f1: string | null, f2: number | null) => ({ T_NAME: name, T_VALUE: value, TT_F1: f1, TT_F2: f2 });

/** The inputs of `joins.json :: table table {inner,outer} join`. */
const sendJoinsInputs = (d: ReturnType<typeof ttj>): void => {
  d.send('left_topic', 0, { NAME: 'zero', VALUE: 0 }, 0);
  d.send('right_topic', 0, { F1: 'blah', F2: 50 }, 10_000);
  d.send('left_topic', 10, { NAME: '100', VALUE: 5 }, 11_000);
  d.send('left_topic', 0, { NAME: 'foo', VALUE: 100 }, 13_000);
  d.send('right_topic', 0, { F1: 'a', F2: 10 }, 15_000);
  d.send('right_topic', 15, { F1: 'c', F2: 20 }, 15_500);
  d.send('left_topic', 0, { NAME: 'bar', VALUE: 99 }, 16_000);
};

describe('table-table join (joins.json)', () => {
  it('table table left join: right-nulls, max(ts) when both sides exist, the previous result as old value', () => {
    const d = ttj('LEFT');
    d.send('left_topic', 0, { NAME: 'zero', VALUE: 0 }, 0);
    d.send('right_topic', 0, { F1: 'blah', F2: 50 }, 10_000);
    d.send('left_topic', 10, { NAME: '100', VALUE: 5 }, 11_000);
    d.send('left_topic', 0, { NAME: 'foo', VALUE: 100 }, 13_000);
    d.send('right_topic', 0, { F1: 'a', F2: 10 }, 15_000);
    d.send('left_topic', 0, { NAME: 'bar', VALUE: 99 }, 16_000);
    d.send('left_topic', 90, { NAME: 'ninety', VALUE: 90 }, 17_000);
    expect(rows(d.out, cols)).toEqual([
      [0, row('zero', 0, null, null), 0],
      [0, row('zero', 0, 'blah', 50), 10_000],
      [10, row('100', 5, null, null), 11_000],
      [0, row('foo', 100, 'blah', 50), 13_000],
      [0, row('foo', 100, 'a', 10), 15_000],
      [0, row('bar', 99, 'a', 10), 16_000],
      [90, row('ninety', 90, null, null), 17_000],
    ]);
    expect(d.out[1]!.old).toEqual({ T_ID: 0, T_NAME: 'zero', T_VALUE: 0, TT_ID: null, TT_F1: null, TT_F2: null });
    expect(d.out[0]!.old).toBeNull();
  });

  it('table table inner join', () => {
    const d = ttj('INNER');
    sendJoinsInputs(d);
    expect(rows(d.out, cols)).toEqual([
      [0, row('zero', 0, 'blah', 50), 10_000],
      [0, row('foo', 100, 'blah', 50), 13_000],
      [0, row('foo', 100, 'a', 10), 15_000],
      [0, row('bar', 99, 'a', 10), 16_000],
    ]);
  });

  it('table table outer join: right-only rows keyed by the right key', () => {
    const d = ttj('OUTER');
    sendJoinsInputs(d);
    expect(rows(d.out, cols)).toEqual([
      [0, row('zero', 0, null, null), 0],
      [0, row('zero', 0, 'blah', 50), 10_000],
      [10, row('100', 5, null, null), 11_000],
      [0, row('foo', 100, 'blah', 50), 13_000],
      [0, row('foo', 100, 'a', 10), 15_000],
      [15, row(null, null, 'c', 20), 15_500],
      [0, row('bar', 99, 'a', 10), 16_000],
    ]);
  });

  it('table to table wrapped single field value schema on inputs: an inner tombstone only while the other side exists', () => {
    const t1 = src('TableSource', 'T1', 'T1', ['NAME'], { NAME: STRING });
    const t2 = src('TableSource', 'T2', 'T2', ['NAME'], { NAME: STRING });
    const d = driveJoin(join('Join', 'INNER', t1, t2, { kind: 'TableTableJoin' }));
    d.send('T1', 0, { NAME: 'a' }, 0);
    d.send('T2', 0, { NAME: 'b' }, 10);
    d.send('T1', 0, { NAME: null }, 20);
    d.send('T2', 0, { NAME: null }, 30);
    d.send('T1', 0, { NAME: null }, 40);
    d.send('T1', 0, null, 50);
    d.send('T2', 0, null, 60);
    expect(rows(d.out, ['T1_NAME', 'T2_NAME'])).toEqual([
      [0, { T1_NAME: 'a', T2_NAME: 'b' }, 10],
      [0, { T1_NAME: null, T2_NAME: 'b' }, 20],
      [0, { T1_NAME: null, T2_NAME: null }, 30],
      [0, { T1_NAME: null, T2_NAME: null }, 40],
      [0, null, 50],
    ]);
  });

  it('table-table - SR-enabled key format - with nulls: LEFT tombstones and right deletes', () => {
    const d = ttj('LEFT');
    d.send('left_topic', 0, { NAME: 'zero', VALUE: 0 });
    d.send('right_topic', 0, { F1: 'blah', F2: 1 });
    d.send('right_topic', 0, null);
    d.send('left_topic', 0, null);
    d.send('right_topic', 0, { F1: 'foo', F2: 2 });
    d.send('left_topic', 0, { NAME: 'goo', VALUE: 3 });
    expect(rows(d.out, ['T_NAME', 'TT_F1'])).toEqual([
      [0, { T_NAME: 'zero', TT_F1: null }, 0],
      [0, { T_NAME: 'zero', TT_F1: 'blah' }, 0],
      [0, { T_NAME: 'zero', TT_F1: null }, 0],
      [0, null, 0],
      [0, { T_NAME: 'goo', TT_F1: 'foo' }, 0],
    ]);
  });
});

describe('table-table join: the semantics table of join-streams-and-tables.md', () => {
  const steps: readonly (readonly ['L' | 'R', string | null])[] = [
    ['L', null], ['R', null], ['L', 'A'], ['R', 'a'], ['L', 'B'], ['R', 'b'], ['L', null], ['R', null],
    ['L', 'C'], ['R', 'c'], ['R', null], ['L', null], ['R', null], ['R', 'd'], ['L', 'D'],
  ];
  const run = (joinType: JoinKind): unknown[] => {
    const d = ttj(joinType);
    const seen: unknown[] = [];
    steps.forEach(([side, v], i) => {
      const before = d.out.length;
      if (side === 'L') d.send('left_topic', 0, v === null ? null : { NAME: v, VALUE: 0 }, i + 1);
      else d.send('right_topic', 0, v === null ? null : { F1: v, F2: 0 }, i + 1);
      for (const o of d.out.slice(before)) seen.push([i + 1, o.value === null ? null : [o.value.T_NAME, o.value.TT_F1]]);
    });
    return seen;
  };

  it('INNER', () => {
    expect(run('INNER')).toEqual([[4, ['A', 'a']], [5, ['B', 'a']], [6, ['B', 'b']], [7, null], [10, ['C', 'c']], [11, null], [15, ['D', 'd']]]);
  });

  it('LEFT', () => {
    expect(run('LEFT')).toEqual([
      [3, ['A', null]], [4, ['A', 'a']], [5, ['B', 'a']], [6, ['B', 'b']], [7, null], [9, ['C', null]], [10, ['C', 'c']],
      [11, ['C', null]], [12, null], [15, ['D', 'd']],
    ]);
  });

  it('OUTER', () => {
    expect(run('OUTER')).toEqual([
      [3, ['A', null]], [4, ['A', 'a']], [5, ['B', 'a']], [6, ['B', 'b']], [7, [null, 'b']], [8, null], [9, ['C', null]],
      [10, ['C', 'c']], [11, ['C', null]], [12, null], [14, [null, 'd']], [15, ['D', 'd']],
    ]);
  });
});
