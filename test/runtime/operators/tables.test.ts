import { describe, expect, it } from 'vitest';
import { BIGINT, BOOLEAN, INTEGER, STRING } from '../../../common/types.ts';
import type { BoundExpr } from '../../../plan/expr.ts';
import type { AggregateCall, Step } from '../../../plan/steps.ts';
import { aggregate, countStar, drive, keyCol, keyRef, lit, source, valCol, valRef } from './helpers.ts';

const names = source('TableSource', [valCol('NAME', STRING)]);
const greater = (left: BoundExpr, value: string): BoundExpr => ({ kind: 'Compare', type: BOOLEAN, op: '>', operandType: BIGINT, left, right: lit(BIGINT, value) });
const filter = (input: Step, predicate: BoundExpr): Step => ({ kind: 'TableFilter', id: 'Filter', schema: input.schema, source: input, predicate });
const tableCount = (input: Step, groupKeys: readonly BoundExpr[], aggregates: readonly AggregateCall[] = [countStar]): Step => ({
  kind: 'TableAggregate',
  id: 'Aggregate/Aggregate',
  schema: { key: [keyCol('G0')], value: aggregates.map((_, i) => valCol(`A${i}`, BIGINT)) },
  source: input,
  groupKeys,
  aggregates,
});

describe('table source', () => {
  it('upserts and deletes per key, with the previous row as old value', () => {
    const d = drive(names);
    d.send('1', { NAME: 'a' }, 1);
    d.send('1', { NAME: 'b' }, 2);
    d.send('1', null, 3);
    d.send('2', null, 4);
    d.send(null, { NAME: 'x' }, 5);
    expect(d.out).toEqual([
      { key: '1', value: 'a', old: null, ts: 1 },
      { key: '1', value: 'b', old: 'a', ts: 2 },
      { key: '1', value: null, old: 'b', ts: 3 },
      { key: '2', value: null, old: null, ts: 4 },
    ]);
  });
});

describe('table filter', () => {
  const scores = source('TableSource', [valCol('SCORE', BIGINT)]);

  it('emits a tombstone only when the previous row passed', () => {
    const d = drive(filter(scores, greater(valRef(0, BIGINT), '100')));
    d.send('k', { SCORE: 0 });
    d.send('k', { SCORE: 101 });
    d.send('k', { SCORE: 96 });
    d.send('k', { SCORE: 50 });
    d.send('k', null);
    expect(d.out.map((o) => [o.value, o.old])).toEqual([[101n, null], [null, 101n]]);
  });

  it('emits a tombstone for every failing change without old values (unmaterialized upstream)', () => {
    const d = drive(filter(aggregateless(), greater(valRef(0, BIGINT), '100')));
    d.send('k', { SCORE: 0 });
    d.send('k', { SCORE: 101 });
    expect(d.out.map((o) => o.value)).toEqual([null, 101n]);
  });

  it('drops a zero count once it stops passing (count.json :: should support removing zero counts from table)', () => {
    const ids = source('TableSource', [valCol('ID', BIGINT)]);
    const d = drive(filter(tableCount(ids, [valRef(0, BIGINT)]), greater(valRef(0, BIGINT), '0')));
    d.send('1', { ID: 3 });
    d.send('2', { ID: 3 });
    d.send('1', null);
    d.send('2', null);
    expect(d.out.map((o) => [o.key, o.value])).toEqual([[3n, 1n], [3n, 2n], [3n, 1n], [3n, null]]);
  });
});

/** A stream projected as a table change without old values (what a non-materialized upstream sends). */
function aggregateless(): Step {
  const s = source('StreamSource', [valCol('SCORE', BIGINT)]);
  return { kind: 'TableSelect', id: 'Project', schema: s.schema, source: s, keyExprs: [keyRef(0)], valueExprs: [valRef(0, BIGINT)] };
}

describe('table select', () => {
  it('projects new and old rows and keeps tombstones', () => {
    const upper: BoundExpr = { kind: 'Call', type: STRING, name: 'UCASE', argTypes: [STRING], args: [valRef(0, STRING)] };
    const d = drive({ kind: 'TableSelect', id: 'Project', schema: names.schema, source: names, keyExprs: [keyRef(0)], valueExprs: [upper] });
    d.send('1', { NAME: 'a' });
    d.send('1', { NAME: 'b' });
    d.send('1', null);
    expect(d.out.map((o) => [o.key, o.value, o.old])).toEqual([['1', 'A', null], ['1', 'B', 'A'], ['1', null, 'B']]);
  });
});

describe('table aggregation', () => {
  it('retracts from the old group before adding to the new one (count.json :: count table)', () => {
    const d = drive(tableCount(names, [valRef(0, STRING)]));
    d.send('0', { NAME: 'bob' });
    d.send('0', { NAME: 'john' });
    d.send('100', { NAME: 'john' });
    d.send('100', null);
    d.send('404', null);
    expect(d.out.map((o) => [o.key, o.value, o.old])).toEqual([
      ['bob', 1n, null],
      ['bob', 0n, 1n],
      ['john', 1n, null],
      ['john', 2n, 1n],
      ['john', 1n, 2n],
    ]);
  });

  it('emits once when the row stays in its group (group-by.json :: with aggregate arithmetic involving source field (table->table))', () => {
    const t = source('TableSource', [valCol('F0', INTEGER), valCol('F1', INTEGER)]);
    const sum: AggregateCall = { name: 'SUM', argTypes: [INTEGER], args: [valRef(1, INTEGER)], literals: [] };
    const d = drive(tableCount(t, [valRef(0, INTEGER)], [sum]));
    d.send('2', { F0: 2, F1: 10 }, 1);
    d.send('2', { F0: 2, F1: 20 }, 2);
    d.send('2', { F0: 2, F1: 30 }, 1);
    d.send('2', null, 0);
    expect(d.out.map((o) => [o.key, o.value, o.ts])).toEqual([[2, 10, 1], [2, 20, 2], [2, 30, 2], [2, 0, 2]]);
  });

  it('skips the half whose group key is null', () => {
    const d = drive(tableCount(names, [valRef(0, STRING)]));
    d.send('0', { NAME: null });
    d.send('0', { NAME: 'a' });
    d.send('0', { NAME: null });
    expect(d.out.map((o) => [o.key, o.value])).toEqual([['a', 1n], ['a', 0n]]);
  });
});

describe('windowed table changes through a filter (having.json :: table having)', () => {
  it('tombstones the window whose sum stops passing', () => {
    const input = source('StreamSource', [valCol('VALUE', BIGINT)]);
    const sum: AggregateCall = { name: 'SUM', argTypes: [BIGINT], args: [valRef(0, BIGINT)], literals: [] };
    const window = { type: 'TUMBLING' as const, sizeMs: 30_000, advanceMs: 30_000, graceMs: 0, retentionMs: 30_000 };
    const d = drive(filter(aggregate(input, [keyRef(0)], [sum], window), greater(valRef(0, BIGINT), '100')));
    d.send('0', { VALUE: 0 });
    d.send('1', { VALUE: 101 });
    d.send('1', { VALUE: -5 });
    expect(d.out.map((o) => [o.key, o.value, o.win])).toEqual([['1', 101n, [0, 30_000]], ['1', null, [0, 30_000]]]);
  });
});
