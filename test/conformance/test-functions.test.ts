import { describe, expect, it } from 'vitest';
import { BIGINT, INTEGER, STRING, struct } from '../../common/types.ts';
import { createDefaultRegistry } from '../../functions/index.ts';
import { registerTestFunctions } from './test-functions.ts';

const registry = createDefaultRegistry();
registerTestFunctions(registry);
const call = (name: string, types: Parameters<typeof registry.resolveScalar>[1], args: unknown[]): unknown =>
  registry.resolveScalar(name, types).invoke(args);

describe('ksqlDB test functions', () => {
  it('are not in the default registry', () => {
    expect(createDefaultRegistry().has('TEST_UDF')).toBe(false);
  });

  it('resolve TEST_UDF overloads as ksqlDB does', () => {
    expect(call('test_udf', [INTEGER, STRING], [1, 'foo'])).toBe('doStuffIntString');
    expect(call('test_udf', [BIGINT, null], [0n, null])).toBe('doStuffLongString');
    expect(call('test_udf', [BIGINT, BIGINT, null], [0n, 0n, null])).toBe('doStuffLongLongString');
    expect(call('test_udf', [BIGINT, BIGINT, BIGINT], [0n, 0n, 0n])).toBe('doStuffLongVarargs');
    expect(call('test_udf', [struct([{ name: 'A', type: STRING }])], [{ A: 'x' }])).toBe('x');
    expect(call('test_udf', [], [])).toEqual({ A: 'foo' });
  });

  it('BAD_UDF throws, and returns null every other call per call site', () => {
    expect(() => call('bad_udf', [INTEGER], [1])).toThrow('boom!');
    const f = registry.resolveScalar('bad_udf', [STRING]);
    expect([f.invoke(['a']), f.invoke(['b']), f.invoke(['c'])]).toEqual([null, 'b', null]);
  });

  it('TEST_UDTF emits a one-argument value with its type', () => {
    const f = registry.resolveTable('test_udtf', [INTEGER]);
    expect(f.returnType).toEqual(INTEGER);
    expect(f.invoke([7])).toEqual([7]);
  });
});
