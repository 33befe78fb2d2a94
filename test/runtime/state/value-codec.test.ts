import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../common/decimal.ts';
import { decodeValue, encodeValue, taggedJson } from '../../../runtime/state/value-codec.ts';

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

  it('writes the same text as JSON.stringify of the tagged form, without building it', () => {
    const value = [1n, -0, 1.5e300, Number.POSITIVE_INFINITY, 'q"\u00fc', undefined, { a: undefined, b: [new Uint8Array([1]), Decimal.parse('-2.5')] }, new Map([[1, { x: 2n }]])];
    expect(taggedJson(value)).toBe('[{"$b":"1"},0,1.5e+300,{"$n":"Infinity"},"q\\"\u00fc",null,{"$o":{"a":null,"b":[{"$y":"AQ=="},{"$d":"-25","s":1}]}},{"$m":[[1,{"$o":{"x":{"$b":"2"}}}]]}]');
    expect(decodeValue(encodeValue({ ts: 5, accs: [3n, null] }))).toEqual({ ts: 5, accs: [3n, null] });
  });
});
