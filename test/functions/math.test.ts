import { describe, expect, it } from 'vitest';
import { BIGINT, DOUBLE, INTEGER, STRING, decimal } from '../../common/types.ts';
import { Decimal } from '../../common/decimal.ts';
import { call, registry, returnTypeOf, rows } from './helpers.ts';

const dec = (s: string): Decimal => Decimal.parse(s);
const str = (v: unknown): string => String(v);

// Expected values come from math.json, least.json and geodistance.json unless noted.
describe('math functions', () => {
  it('ABS keeps the type, including DECIMAL precision and int32 wrap', () => {
    expect(call('ABS', [INTEGER], [-1])).toBe(1);
    expect(call('ABS', [INTEGER], [-2147483648])).toBe(-2147483648);
    expect(call('ABS', [BIGINT], [-2n])).toBe(2n);
    expect(call('ABS', [DOUBLE], [-3.1])).toBe(3.1);
    expect(returnTypeOf('ABS', [decimal(2, 1)])).toEqual(decimal(2, 1));
    expect(str(call('ABS', [decimal(2, 1)], [dec('-3.2')]))).toBe('3.2');
  });

  it('SIGN returns INTEGER for every input type', () => {
    expect(rows('SIGN', [DOUBLE], [[-3.0], [0.0], [3.0], [null]])).toEqual([-1, 0, 1, null]);
    expect(returnTypeOf('SIGN', [DOUBLE])).toEqual(INTEGER);
  });

  it('ROUND: DOUBLE → BIGINT, with places → DOUBLE, DECIMAL semantics', () => {
    expect(rows('ROUND', [DOUBLE], [[1.2], [1.7], [1.5], [-1.5], [0]])).toEqual([1n, 2n, 2n, -1n, 0n]);
    const r = registry.resolveScalar('ROUND', [DOUBLE, INTEGER]);
    expect([0, 1, 2, 10, -1].map((n) => r.invoke([1.234567, n]))).toEqual([1.0, 1.2, 1.23, 1.234567, 0.0]);
    const v = dec('12345678987654321.2345678987654321');
    expect(returnTypeOf('ROUND', [decimal(33, 16)])).toEqual(decimal(17, 0));
    expect(returnTypeOf('ROUND', [decimal(33, 16), INTEGER])).toEqual(decimal(33, 16));
    expect(str(call('ROUND', [decimal(33, 16)], [v]))).toBe('12345678987654321');
    const places = registry.resolveScalar('ROUND', [decimal(33, 16), INTEGER]);
    expect([0, 1, 2, 10, -1, -2].map((n) => str(places.invoke([v, n])))).toEqual([
      '12345678987654321.0000000000000000',
      '12345678987654321.2000000000000000',
      '12345678987654321.2300000000000000',
      '12345678987654321.2345678988000000',
      '12345678987654320.0000000000000000',
      '12345678987654300.0000000000000000',
    ]);
  });

  it('TRUNC, FLOOR, CEIL', () => {
    expect(rows('TRUNC', [DOUBLE], [[1.7], [-1.7]])).toEqual([1n, -1n]);
    expect(call('TRUNC', [DOUBLE, INTEGER], [1.234567, 2])).toBe(1.23);
    expect(str(call('TRUNC', [decimal(12, 7), INTEGER], [dec('1.2345670'), 2]))).toBe('1.2300000');
    expect(rows('FLOOR', [DOUBLE], [[1.7], [-1.1]])).toEqual([1, -2]);
    expect(rows('CEIL', [DOUBLE], [[1.1], [-1.7]])).toEqual([2, -1]);
    expect(str(call('CEIL', [decimal(2, 1)], [dec('1.1')]))).toBe('2.0');
    expect(str(call('FLOOR', [decimal(2, 1)], [dec('-1.1')]))).toBe('-2.0');
  });

  it('transcendental functions return DOUBLE with Java special values', () => {
    expect(call('EXP', [INTEGER], [1])).toBe(2.718281828459045);
    expect(call('LN', [BIGINT], [0n])).toBe(-Infinity);
    expect(call('SQRT', [DOUBLE], [-3.0])).toBeNaN();
    expect(call('CBRT', [BIGINT], [3n])).toBe(1.4422495703074083);
    expect(call('POWER', [INTEGER, INTEGER], [15, -1])).toBe(0.06666666666666667);
    expect(call('LOG', [INTEGER], [13])).toBe(2.5649493574615367);
    expect(call('LOG', [INTEGER, INTEGER], [15, 13])).toBe(0.9471572411831843);
    expect(call('COT', [INTEGER], [0])).toBe(Infinity);
    expect(call('PI', [], [])).toBe(3.141592653589793);
  });

  it('LEAST and GREATEST ignore nulls', () => {
    expect(call('LEAST', [INTEGER, INTEGER, INTEGER, null, INTEGER], [2147483647, -2147483648, null, null, 5])).toBe(-2147483648);
    expect(call('LEAST', [STRING, STRING, STRING, STRING, null, null, STRING], ['apple', 'banana', 'aardvark', null, null, null, 'hello'])).toBe('aardvark');
    expect(call('LEAST', [STRING, STRING, STRING], [null, null, 'hello'])).toBe('hello');
    expect(call('GREATEST', [BIGINT, BIGINT], [9223372036854775807n, -1n])).toBe(9223372036854775807n);
  });

  it('GEO_DISTANCE', () => {
    const f = registry.resolveScalar('GEO_DISTANCE', [DOUBLE, DOUBLE, DOUBLE, DOUBLE, STRING]);
    expect(f.invoke([37.4439, -122.1663, 51.5257, -0.1122, null])).toBe(8634.659796579544);
    expect(f.invoke([37.4439, -122.1663, 51.5257, -0.1122, 'MI'])).toBe(5365.659729188262);
    expect(call('GEO_DISTANCE', [DOUBLE, DOUBLE, DOUBLE, DOUBLE], [39.18660374, -76.73262144, 39.18660374, -76.73222145])).toBe(0.03447366811448324);
  });
});
