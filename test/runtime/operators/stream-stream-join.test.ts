import { describe, expect, it } from 'vitest';
import { STRING } from '../../../common/types.ts';
import type { JoinKind } from '../../../plan/steps.ts';
import { driveJoin, join, rows, src } from './join-helpers.ts';

const test = src('StreamSource', 'left_topic', 'T', ['NAME', 'VALUE'], { NAME: STRING });
const testStream = src('StreamSource', 'right_topic', 'TT', ['F1', 'F2'], { F1: STRING });
const cols = ['T_NAME', 'T_VALUE', 'TT_F1', 'TT_F2'];
const ssj = (joinType: JoinKind, beforeMs: number, afterMs = beforeMs, graceMs?: number) =>
  driveJoin(join('Join', joinType, test, testStream, { kind: 'StreamStreamJoin', beforeMs, afterMs, ...(graceMs !== undefined ? { graceMs } : {}) }));
const l = (name: string, value: number) => ({ NAME: name, VALUE: value });
const r = (f1: string, f2: number) => ({ F1: f1, F2: f2 });
const row = (name: string | null, value: number | null, f1: string | null, f2: number | null) => ({ T_NAME: name, T_VALUE: value, TT_F1: f1, TT_F2: f2 });

describe('stream-stream join (joins.json)', () => {
  it('stream stream left join: eager null-padded results, then matches', () => {
    const d = ssj('LEFT', 11_000);
    d.send('left_topic', 0, l('zero', 0), 0);
    d.send('right_topic', 0, r('blah', 50), 10_000);
    d.send('left_topic', 10, l('100', 5), 11_000);
    d.send('left_topic', 0, l('foo', 100), 13_000);
    d.send('right_topic', 0, r('a', 10), 15_000);
    d.send('right_topic', 100, r('newblah', 150), 16_000);
    d.send('left_topic', 90, l('ninety', 90), 17_000);
    d.send('left_topic', 0, l('bar', 99), 30_000);
    expect(rows(d.out, cols)).toEqual([
      [0, row('zero', 0, null, null), 0],
      [0, row('zero', 0, 'blah', 50), 10_000],
      [10, row('100', 5, null, null), 11_000],
      [0, row('foo', 100, 'blah', 50), 13_000],
      [0, row('foo', 100, 'a', 10), 15_000],
      [90, row('ninety', 90, null, null), 17_000],
      [0, row('bar', 99, null, null), 30_000],
    ]);
  });

  it('stream stream inner join with different before and after windows', () => {
    const d = ssj('INNER', 11_000, 10_000);
    d.send('left_topic', 0, l('zero', 0), 0);
    d.send('right_topic', 0, r('blah', 50), 11_000);
    d.send('left_topic', 10, l('100', 5), 12_000);
    d.send('left_topic', 0, l('foo', 100), 13_000);
    d.send('right_topic', 0, r('a', 10), 15_000);
    d.send('right_topic', 100, r('newblah', 150), 16_000);
    d.send('left_topic', 90, l('ninety', 90), 17_000);
    d.send('left_topic', 0, l('bar', 99), 30_000);
    expect(rows(d.out, cols)).toEqual([
      [0, row('foo', 100, 'blah', 50), 13_000],
      [0, row('foo', 100, 'a', 10), 15_000],
    ]);
  });

  it('stream stream inner join with out of order messages: a late record joins in timestamp order', () => {
    const d = ssj('INNER', 10_000);
    d.send('left_topic', 0, l('zero', 0), 0);
    d.send('right_topic', 0, r('blah', 50), 9_999);
    d.send('left_topic', 0, l('foo', 100), 13_000);
    d.send('right_topic', 0, r('a', 10), 15_000);
    d.send('left_topic', 0, l('bar', 99), 30_000);
    d.send('left_topic', 0, l('late-message', 10_000), 6_000);
    expect(rows(d.out, cols)).toEqual([
      [0, row('zero', 0, 'blah', 50), 9_999],
      [0, row('foo', 100, 'blah', 50), 13_000],
      [0, row('foo', 100, 'a', 10), 15_000],
      [0, row('late-message', 10_000, 'blah', 50), 9_999],
      [0, row('late-message', 10_000, 'a', 10), 15_000],
    ]);
  });

  it('stream stream outer join: eager results on both sides', () => {
    const d = ssj('OUTER', 11_000);
    d.send('left_topic', 0, l('zero', 0), 0);
    d.send('right_topic', 0, r('blah', 50), 10_000);
    d.send('left_topic', 10, l('100', 5), 11_000);
    d.send('left_topic', 0, l('bar', 99), 30_000);
    d.send('right_topic', 100, r('newblah', 150), 20_000);
    expect(d.out.map((o) => [o.key, o.value, o.ts])).toEqual([
      [0, { T_ID: 0, T_NAME: 'zero', T_VALUE: 0, TT_ID: null, TT_F1: null, TT_F2: null }, 0],
      [0, { T_ID: 0, T_NAME: 'zero', T_VALUE: 0, TT_ID: 0, TT_F1: 'blah', TT_F2: 50 }, 10_000],
      [10, { T_ID: 10, T_NAME: '100', T_VALUE: 5, TT_ID: null, TT_F1: null, TT_F2: null }, 11_000],
      [0, { T_ID: 0, T_NAME: 'bar', T_VALUE: 99, TT_ID: null, TT_F1: null, TT_F2: null }, 30_000],
      [100, { T_ID: null, T_NAME: null, T_VALUE: null, TT_ID: 100, TT_F1: 'newblah', TT_F2: 150 }, 20_000],
    ]);
  });

  it('ignores null values and emits null-key records on the outer side at once', () => {
    const d = ssj('LEFT', 1_000);
    d.send('left_topic', 0, null, 0);
    d.send('right_topic', null, r('x', 1), 0);
    d.send('left_topic', null, l('nokey', 1), 5);
    expect(rows(d.out, cols)).toEqual([[null, row('nokey', 1, null, null), 5]]);
  });
});

describe('stream-stream join with GRACE PERIOD (held outer results)', () => {
  const l1 = (v: string) => ({ NAME: v, VALUE: 0 });
  const r1 = (v: string) => ({ F1: v, F2: 0 });
  const pick = (out: ReturnType<typeof ssj>['out']) => out.map((o) => [o.key, o.value?.T_NAME ?? null, o.value?.TT_F1 ?? null, o.ts]);

  it('stream stream left join with out of order and custom grace period', () => {
    const d = ssj('LEFT', 60_000, 60_000, 60_000);
    d.send('left_topic', 0, l1('A'), 0);
    d.send('right_topic', 0, r1('a'), 60_000);
    d.send('left_topic', 1, l1('B'), 330_000);
    d.send('left_topic', 2, l1('C'), 90_000);
    d.send('right_topic', 2, r1('c'), 90_000);
    d.send('left_topic', 3, l1('D'), 60_000);
    d.send('right_topic', 3, r1('d'), 60_000);
    expect(pick(d.out)).toEqual([
      [0, 'A', 'a', 60_000],
      [2, 'C', null, 90_000],
      [3, 'D', null, 60_000],
    ]);
  });

  it('stream stream right join with out of order and custom grace period', () => {
    const d = ssj('RIGHT', 60_000, 60_000, 60_000);
    d.send('left_topic', 0, l1('A'), 0);
    d.send('right_topic', 0, r1('a'), 60_000);
    d.send('left_topic', 1, l1('B'), 330_000);
    d.send('left_topic', 2, l1('C'), 90_000);
    d.send('right_topic', 2, r1('c'), 90_000);
    d.send('right_topic', 3, r1('d'), 60_000);
    d.send('left_topic', 3, l1('D'), 90_000);
    expect(pick(d.out)).toEqual([
      [0, 'A', 'a', 60_000],
      [2, null, 'c', 90_000],
      [3, null, 'd', 60_000],
      [3, 'D', 'd', 90_000],
    ]);
  });

  it('stream stream full outer join with out of order and custom grace period', () => {
    const d = ssj('OUTER', 60_000, 60_000, 60_000);
    d.send('left_topic', 0, l1('A'), 0);
    d.send('right_topic', 0, r1('a'), 60_000);
    d.send('right_topic', 1, r1('b'), 330_000);
    d.send('right_topic', 2, r1('c'), 90_000);
    d.send('left_topic', 2, l1('C'), 90_000);
    d.send('right_topic', 3, r1('d'), 60_000);
    d.send('left_topic', 3, l1('D'), 60_000);
    expect(pick(d.out)).toEqual([
      [0, 'A', 'a', 60_000],
      [2, null, 'c', 90_000],
      [2, 'C', null, 90_000],
      [3, null, 'd', 60_000],
      [3, 'D', null, 60_000],
    ]);
  });

  it('emits held records once a later record closes their window, in timestamp order', () => {
    const d = ssj('LEFT', 10, 10, 5);
    d.send('left_topic', 2, l1('X'), 100);
    d.send('left_topic', 1, l1('Y'), 100);
    d.send('left_topic', 3, l1('Z'), 104);
    expect(d.out).toEqual([]);
    d.send('left_topic', 9, l1('W'), 120);
    expect(pick(d.out)).toEqual([
      [1, 'Y', null, 100],
      [2, 'X', null, 100],
      [3, 'Z', null, 104],
    ]);
  });
});

describe('N-way stream-stream joins (multi-joins.json)', () => {
  it('stream-stream-stream - outer-outer: one input emits two rows, in the other side\'s timestamp order', () => {
    const s1 = src('StreamSource', 'left', 'S1', ['V0']);
    const s2 = src('StreamSource', 'right', 'S2', ['V0']);
    const s3 = src('StreamSource', 'right2', 'S3', ['V0']);
    const j1 = join('Join1', 'OUTER', s1, s2, { kind: 'StreamStreamJoin', beforeMs: 5_000, afterMs: 5_000 });
    const j2 = join('Join2', 'OUTER', j1, s3, { kind: 'StreamStreamJoin', beforeMs: 10_000, afterMs: 10_000 });
    const d = driveJoin(j2);
    d.send('left', 0, { V0: 1 }, 0);
    d.send('right', 0, { V0: 2 }, 1);
    d.send('right2', 0, { V0: 3 }, 2);
    d.send('left', 0, { V0: 4 }, 3);
    expect(rows(d.out, ['S1_V0', 'S2_V0', 'S3_V0'])).toEqual([
      [0, { S1_V0: 1, S2_V0: null, S3_V0: null }, 0],
      [0, { S1_V0: 1, S2_V0: 2, S3_V0: null }, 1],
      [0, { S1_V0: 1, S2_V0: null, S3_V0: 3 }, 2],
      [0, { S1_V0: 1, S2_V0: 2, S3_V0: 3 }, 2],
      [0, { S1_V0: 4, S2_V0: 2, S3_V0: 3 }, 3],
    ]);
  });
});
