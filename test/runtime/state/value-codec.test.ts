import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../common/decimal.ts';
import { decodeValue, encodeValue } from '../../../runtime/state/value-codec.ts';

describe('state value codec', () => {
  it('round-trips every run-time value kind exactly', () => {
    const value = [
      9223372036854775807n,
      Decimal.parse('1.50'),
      new Map<unknown, unknown>([['a', 1n], ['b', null]]),
      new Uint8Array([0, 255, 7]),
      { SUM: 2.5, COUNT: 3n, NESTED: [1, null] },
      Number.NaN,
      'text',
      true,
      null,
    ];
    const back = decodeValue(encodeValue(value)) as unknown[];
    expect(back[0]).toBe(9223372036854775807n);
    expect((back[1] as Decimal).toString()).toBe('1.50');
    expect(back[2]).toEqual(new Map<unknown, unknown>([['a', 1n], ['b', null]]));
    expect(back[3]).toEqual(new Uint8Array([0, 255, 7]));
    expect(back[4]).toEqual({ SUM: 2.5, COUNT: 3n, NESTED: [1, null] });
    expect(back[5]).toBeNaN();
    expect(back.slice(6)).toEqual(['text', true, null]);
  });
});
