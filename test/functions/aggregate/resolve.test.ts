import { describe, expect, it } from 'vitest';
import { AnalysisError } from '../../../common/errors.ts';
import { BIGINT, BOOLEAN, DOUBLE, INTEGER, STRING, array, decimal, map, struct } from '../../../common/types.ts';
import { registry, resolve } from './helpers.ts';

const messageOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(AnalysisError);
    return (e as Error).message;
  }
  throw new Error('expected an error');
};

describe('resolveAggregate: types', () => {
  it('keeps exact numeric types and widens the rest', () => {
    expect(resolve('SUM', [INTEGER]).returnType).toEqual(INTEGER);
    expect(resolve('SUM', [BIGINT]).returnType).toEqual(BIGINT);
    expect(resolve('SUM', [decimal(4, 2)]).returnType).toEqual(decimal(4, 2));
    expect(resolve('SUM', [decimal(4, 2)]).aggregateType).toEqual(decimal(4, 2));
    const avg = resolve('AVG', [decimal(4, 2)]);
    expect(avg.paramTypes).toEqual([DOUBLE]);
    expect(avg.returnType).toEqual(DOUBLE);
    expect(resolve('CORRELATION', [INTEGER, BIGINT]).paramTypes).toEqual([DOUBLE, DOUBLE]);
  });

  it('gives the accumulator type as ksqlDB declares it', () => {
    expect(resolve('AVG', [INTEGER]).aggregateType).toEqual(struct([{ name: 'SUM', type: INTEGER }, { name: 'COUNT', type: BIGINT }]));
    expect(resolve('STDDEV_SAMPLE', [BIGINT]).aggregateType).toEqual(
      struct([{ name: 'SUM', type: BIGINT }, { name: 'COUNT', type: BIGINT }, { name: 'M2', type: DOUBLE }]),
    );
    expect(resolve('COUNT_DISTINCT', [STRING]).aggregateType).toEqual(array(INTEGER));
    expect(resolve('HISTOGRAM', [STRING]).aggregateType).toEqual(map(STRING, BIGINT));
    const seqVal = struct([{ name: 'SEQ', type: BIGINT }, { name: 'VAL', type: STRING }]);
    expect(resolve('LATEST_BY_OFFSET', [STRING]).aggregateType).toEqual(seqVal);
    expect(resolve('EARLIEST_BY_OFFSET', [STRING], [2]).aggregateType).toEqual(array(seqVal));
    expect(resolve('ATTR', [BOOLEAN]).aggregateType).toEqual(
      array(struct([{ name: 'VALUE', type: BOOLEAN }, { name: 'COUNT', type: INTEGER }])),
    );
  });

  it('binds generics for the collection aggregates', () => {
    const t = struct([{ name: 'A', type: STRING }]);
    expect(resolve('COLLECT_LIST', [t]).returnType).toEqual(array(t));
    expect(resolve('COLLECT_SET', [map(STRING, BIGINT)]).returnType).toEqual(array(map(STRING, BIGINT)));
    expect(resolve('EARLIEST_BY_OFFSET', [array(INTEGER)]).returnType).toEqual(array(INTEGER));
    expect(resolve('LATEST_BY_OFFSET', [INTEGER], [3, false]).returnType).toEqual(array(INTEGER));
  });

  it('counts rows with no column argument (COUNT(*))', () => {
    const r = resolve('COUNT', []);
    expect(r.returnType).toEqual(BIGINT);
    expect(r.paramTypes).toEqual([]);
  });

  it('types TOPK with other columns as structs', () => {
    expect(resolve('TOPK', [INTEGER], [3]).returnType).toEqual(array(INTEGER));
    expect(resolve('TOPK', [DOUBLE, STRING, BIGINT], [3]).returnType).toEqual(
      array(struct([{ name: 'sort_col', type: DOUBLE }, { name: 'col0', type: STRING }, { name: 'col1', type: BIGINT }])),
    );
  });

  it('reports which aggregates can retract (table sources)', () => {
    const undoable = (n: string, t = INTEGER, lits: unknown[] = []) => resolve(n, [t], lits).undoable;
    for (const n of ['COUNT', 'SUM', 'AVG', 'COLLECT_LIST', 'STDDEV_SAMP', 'STDDEV_SAMPLE', 'ATTR']) expect(undoable(n)).toBe(true);
    expect(undoable('HISTOGRAM', STRING)).toBe(true);
    for (const n of ['MIN', 'MAX', 'COLLECT_SET', 'COUNT_DISTINCT', 'EARLIEST_BY_OFFSET', 'LATEST_BY_OFFSET']) expect(undoable(n)).toBe(false);
    expect(undoable('TOPK', INTEGER, [2])).toBe(false);
    expect(undoable('TOPKDISTINCT', INTEGER, [2])).toBe(false);
  });
});

describe('resolveAggregate: literals', () => {
  it('picks the signature by the literals', () => {
    expect(resolve('EARLIEST_BY_OFFSET', [INTEGER], [false]).returnType).toEqual(INTEGER);
    expect(resolve('EARLIEST_BY_OFFSET', [INTEGER], [2]).returnType).toEqual(array(INTEGER));
  });

  it('says how many trailing arguments are literals', () => {
    expect(registry.literalArgCount('TOPK', 2)).toBe(1);
    expect(registry.literalArgCount('topk', 4)).toBe(1);
    expect(registry.literalArgCount('EARLIEST_BY_OFFSET', 1)).toBe(0);
    expect(registry.literalArgCount('EARLIEST_BY_OFFSET', 2)).toBe(1);
    expect(registry.literalArgCount('LATEST_BY_OFFSET', 3)).toBe(2);
    expect(registry.literalArgCount('COUNT', 1)).toBe(0);
    expect(registry.literalArgCount('ABS', 1)).toBe(0);
  });

  it('rejects literals of the wrong type or count, listing every signature', () => {
    const m = messageOf(() => resolve('TOPK', [INTEGER], ['x']));
    expect(m).toMatch(/^Function 'TOPK' does not accept parameters \(INTEGER, STRING\)\.\nValid alternatives are:\n/);
    expect(m).toContain('TOPK(INT col1, INT k)');
    expect(m).toContain('TOPK(INT col1, ANY... otherCols, INT k)');
    expect(messageOf(() => resolve('TOPK', [INTEGER]))).toMatch(/^Function 'TOPK' does not accept parameters \(INTEGER\)\./);
    expect(messageOf(() => resolve('SUM', [STRING]))).toMatch(/^Function 'SUM' does not accept parameters \(STRING\)\./);
    expect(messageOf(() => resolve('HISTOGRAM', [INTEGER]))).toMatch(/does not accept parameters \(INTEGER\)/);
    expect(messageOf(() => resolve('MAX', [BOOLEAN]))).toMatch(/^Function 'MAX' does not accept parameters \(BOOLEAN\)\./);
  });

  it('rejects a non-positive N as ksqlDB does', () => {
    expect(messageOf(() => resolve('EARLIEST_BY_OFFSET', [INTEGER], [0]))).toBe('earliestN must be 1 or greater');
    expect(messageOf(() => resolve('LATEST_BY_OFFSET', [INTEGER], [-1, true]))).toBe('latestN must be 1 or greater');
  });

  it('rejects non-aggregates and unknown names', () => {
    expect(messageOf(() => resolve('ABS', [INTEGER]))).toBe("Function 'abs' is not an aggregate function");
    expect(messageOf(() => resolve('NOPE', [INTEGER]))).toBe("Can't find any functions with the name 'NOPE'");
  });
});

describe('aggregates in the registry', () => {
  it('are listed and described from their records', () => {
    expect(registry.isAggregate('collect_list')).toBe(true);
    const names = registry.list().filter((f) => f.type === 'AGGREGATE').map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(['COUNT', 'SUM', 'AVG', 'TOPK', 'ATTR', 'STDDEV_SAMPLE', 'CORRELATION']));
    const d = registry.describe('latest_by_offset');
    expect(d.type).toBe('AGGREGATE');
    expect(d.variants.map((v) => v.signature)).toContain('LATEST_BY_OFFSET(T col1, INT latestN, BOOLEAN ignoreNulls)');
    const topk = registry.describe('TOPK').variants.find((v) => v.arguments.length === 3)!;
    expect(topk.arguments.map((a) => a.isVariadic)).toEqual([false, true, false]);
  });
});
