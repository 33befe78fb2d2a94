import { describe, expect, it } from 'vitest';
import { AnalysisError } from '../../common/errors.ts';
import { BIGINT, DATE, DOUBLE, INTEGER, STRING, TIME, TIMESTAMP, array, decimal, map } from '../../common/types.ts';
import { Decimal } from '../../common/decimal.ts';
import { FunctionRegistry } from '../../functions/registry.ts';
import { registry, returnTypeOf } from './helpers.ts';

const messageOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(AnalysisError);
    return (e as Error).message;
  }
  throw new Error('expected an error');
};

describe('FunctionRegistry resolution', () => {
  it('prefers an exact match over an implicit cast', () => {
    const r = registry.resolveScalar('ABS', [INTEGER]);
    expect(r.returnType).toEqual(INTEGER);
    expect(r.paramTypes).toEqual([INTEGER]);
  });

  it('widens arguments when no exact match exists and reports the cast', () => {
    const r = registry.resolveScalar('geo_distance', [DOUBLE, DOUBLE, INTEGER, BIGINT]);
    expect(r.returnType).toEqual(DOUBLE);
    expect(r.paramTypes).toEqual([DOUBLE, DOUBLE, DOUBLE, DOUBLE]);
  });

  it('widens integers to DECIMAL with the digits they need', () => {
    const local = new FunctionRegistry();
    local.registerScalar({
      name: 'dec_only',
      category: 'TEST',
      description: 'identity on decimals',
      signatures: [{ params: [{ kind: 'DECIMAL' }], returns: (t) => t.paramTypes[0]!, impl: (d: Decimal) => d }],
    });
    expect(local.resolveScalar('DEC_ONLY', [INTEGER]).returnType).toEqual(decimal(10, 0));
    expect(local.resolveScalar('DEC_ONLY', [BIGINT]).returnType).toEqual(decimal(19, 0));
    expect(() => local.resolveScalar('DEC_ONLY', [DOUBLE])).toThrow(AnalysisError);
  });

  it('picks the only signature every argument widens to', () => {
    const r = registry.resolveScalar('least', [INTEGER, BIGINT, decimal(30, 18), DOUBLE, null]);
    expect(r.returnType).toEqual(DOUBLE);
    expect(r.paramTypes).toEqual([DOUBLE, DOUBLE, DOUBLE, DOUBLE, DOUBLE]);
  });

  it('accepts a STRING where a DATE, TIME or TIMESTAMP is expected', () => {
    expect(registry.resolveScalar('least', [DATE, DATE, null, STRING]).paramTypes).toEqual([DATE, DATE, DATE, DATE]);
    expect(registry.resolveScalar('least', [TIME, STRING]).returnType).toEqual(TIME);
    expect(registry.resolveScalar('least', [TIMESTAMP, STRING]).returnType).toEqual(TIMESTAMP);
  });

  it('binds generics and instantiates the return type', () => {
    expect(returnTypeOf('array_max', [array(BIGINT)])).toEqual(BIGINT);
    expect(returnTypeOf('map_keys', [map(STRING, array(INTEGER))])).toEqual(array(STRING));
    expect(returnTypeOf('ifnull', [STRING, null])).toEqual(STRING);
  });

  it('rejects a generic bound to two different types', () => {
    expect(messageOf(() => registry.resolveScalar('ifnull', [STRING, INTEGER]))).toMatch(/^Function 'ifnull' does not accept parameters \(STRING, INTEGER\)\./);
  });

  it('types lambdas through the planner callback', () => {
    const seen: unknown[] = [];
    const r = registry.resolveScalar('transform', [array(INTEGER), { kind: 'LAMBDA', arity: 1 }], (params, i) => {
      seen.push([params, i]);
      return STRING;
    });
    expect(r.returnType).toEqual(array(STRING));
    expect(r.lambdaParams[1]).toEqual([INTEGER]);
    expect(seen).toContainEqual([[INTEGER], 1]);
    expect(r.invoke([[1, 2], (x: unknown) => `v${String(x)}`])).toEqual(['v1', 'v2']);
  });

  it('accepts a time unit keyword where the signature takes one', () => {
    expect(registry.acceptsIntervalUnit('TIMESTAMPADD', 0)).toBe(true);
    const r = registry.resolveScalar('timestampadd', [{ kind: 'INTERVAL_UNIT' }, INTEGER, TIMESTAMP]);
    expect(r.paramTypes[0]).toEqual(STRING);
    expect(r.invoke(['SECONDS', 2, 1000])).toBe(3000);
  });

  it('keeps the declared decimal type for DECIMAL parameters', () => {
    const r = registry.resolveScalar('least', [decimal(9, 2), decimal(7, 6)]);
    expect(r.returnType).toEqual(decimal(13, 6));
    expect(String(r.invoke([Decimal.parse('1234567.89'), Decimal.parse('0.123456')]))).toBe('0.123456');
  });
});

describe('FunctionRegistry errors (ksqlDB texts)', () => {
  it('unknown function', () => {
    expect(messageOf(() => registry.resolveScalar('WONT_FIND_ME', [INTEGER]))).toBe("Can't find any functions with the name 'WONT_FIND_ME'");
  });

  it('no parameters', () => {
    expect(messageOf(() => registry.resolveScalar('LEAST', []))).toMatch(/^Function 'least' does not accept parameters \(\)\.\nValid alternatives are:\n/);
  });

  it('mismatched types', () => {
    expect(messageOf(() => registry.resolveScalar('LEAST', [STRING, INTEGER]))).toMatch(/^Function 'least' does not accept parameters \(STRING, INTEGER\)\./);
    expect(messageOf(() => registry.resolveScalar('timeadd', [TIME, INTEGER, TIME]))).toMatch(/^Function 'timeadd' does not accept parameters \(TIME, INTEGER, TIME\)\./);
    expect(messageOf(() => registry.resolveScalar('dateadd', [DATE, INTEGER, DATE]))).toMatch(/^Function 'dateadd' does not accept parameters \(DATE, INTEGER, DATE\)\./);
    expect(messageOf(() => registry.resolveScalar('geo_distance', [DOUBLE, DOUBLE, STRING, INTEGER]))).toMatch(/^Function 'geo_distance' does not accept parameters/);
  });

  it('ambiguous implicit casts', () => {
    expect(messageOf(() => registry.resolveScalar('least', [INTEGER, BIGINT]))).toMatch(
      /^Function 'least' cannot be resolved due to ambiguous method parameters \(INTEGER, BIGINT\)\./,
    );
    expect(messageOf(() => registry.resolveScalar('least', [INTEGER, BIGINT, decimal(50, 30)]))).toMatch(
      /ambiguous method parameters \(INTEGER, BIGINT, DECIMAL\(50, 30\)\)\./,
    );
    expect(messageOf(() => registry.resolveScalar('least', [null, null, null, null]))).toMatch(
      /ambiguous method parameters \(null, null, null, null\)\./,
    );
  });
});

describe('FunctionRegistry lookups', () => {
  it('classifies functions', () => {
    expect(registry.isTableFunction('explode')).toBe(true);
    expect(registry.isTableFunction('abs')).toBe(false);
    expect(registry.isAggregate('abs')).toBe(false);
    registry.registerAggregate({
      name: 'TEST_SUM_SKETCH',
      category: 'AGGREGATE',
      description: 'sketch',
      signatures: [
        {
          params: [{ kind: 'INTEGER' }],
          returns: { kind: 'BIGINT' },
          aggregateType: { kind: 'BIGINT' },
          bind: () => ({ init: () => 0n, add: (a) => a, result: (a) => a }),
        },
      ],
    });
    expect(registry.isAggregate('test_sum_sketch')).toBe(true);
  });

  it('resolves table functions to an element type and rows', () => {
    const r = registry.resolveTable('EXPLODE', [array(BIGINT)]);
    expect(r.elementType).toEqual(BIGINT);
    expect(r.invoke([[1n, 2n]])).toEqual([1n, 2n]);
    expect(r.invoke([null])).toEqual([]);
  });

  it('lists and describes functions from the same records', () => {
    const names = registry.list().map((f) => f.name);
    expect(names).toContain('SUBSTRING');
    expect(names).toEqual([...names].sort());
    const d = registry.describe('substring');
    expect(d.name).toBe('SUBSTRING');
    expect(d.type).toBe('SCALAR');
    expect(d.variants.map((v) => v.signature)).toContain('SUBSTRING(STRING str, INT pos, INT len)');
  });
});

describe('interval-unit arguments', () => {
  it('takes a bare identifier as a time unit only when it names one', () => {
    expect(registry.acceptsIntervalUnit('DATEADD', 0)).toBe(true);
    expect(registry.acceptsIntervalUnit('dateadd', 0, 'days')).toBe(true);
    expect(registry.acceptsIntervalUnit('DATEADD', 0, 'DATE')).toBe(false);
    expect(registry.acceptsIntervalUnit('DATEADD', 2, 'DAYS')).toBe(false);
  });
});
