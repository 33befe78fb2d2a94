import { describe, expect, it } from 'vitest';
import { Decimal } from '../../common/decimal.ts';
import { BIGINT, BYTES, decimal, DOUBLE, INTEGER, STRING, array, struct } from '../../common/types.ts';
import { compareValues, keyString, valuesEqual } from '../../common/values.ts';

describe('compareValues', () => {
  it('orders nulls first', () => {
    expect(compareValues(null, 1, INTEGER)).toBeLessThan(0);
    expect(compareValues(1, null, INTEGER)).toBeGreaterThan(0);
    expect(compareValues(null, null, INTEGER)).toBe(0);
  });

  it('orders each type', () => {
    expect(compareValues(2n, 10n, BIGINT)).toBeLessThan(0);
    expect(compareValues(NaN, Infinity, DOUBLE)).toBeGreaterThan(0);
    expect(compareValues(-0, 0, DOUBLE)).toBeLessThan(0);
    expect(compareValues('B', 'a', STRING)).toBeLessThan(0);
    expect(valuesEqual(Decimal.parse('1.0'), Decimal.parse('1.00'), decimal(3, 2))).toBe(true);
    // ByteBuffer compares signed bytes: 0x80 (-128) < 0x01.
    expect(compareValues(new Uint8Array([0x80]), new Uint8Array([1]), BYTES)).toBeLessThan(0);
    expect(compareValues([1, 2], [1, 2, 0], array(INTEGER))).toBeLessThan(0);
    const st = struct([{ name: 'A', type: INTEGER }]);
    expect(compareValues({ A: 2 }, { A: 1 }, st)).toBeGreaterThan(0);
  });
});

describe('keyString', () => {
  it('tells kinds apart and normalizes decimals', () => {
    expect(keyString([1])).not.toBe(keyString([1n]));
    expect(keyString([1])).not.toBe(keyString(['1']));
    expect(keyString([null, 'a'])).not.toBe(keyString(['a', null]));
    expect(keyString([Decimal.parse('1.50')])).toBe(keyString([Decimal.parse('1.5')]));
    expect(keyString(['a|b'])).not.toBe(keyString(['a', 'b']));
    expect(keyString([{ A: 1 }])).toBe(keyString([{ A: 1 }]));
  });
});
