import { describe, expect, it } from 'vitest';
import { Decimal } from '../../common/decimal.ts';
import { parseJsonLossless, stringifyJson, toJsonValue, writeJson } from '../../common/json-values.ts';
import { array, BIGINT, BYTES, DATE, decimal, DOUBLE, INTEGER, map, STRING, struct, TIME, TIMESTAMP } from '../../common/types.ts';

describe('writeJson', () => {
  it('writes BIGINT exactly and DOUBLE in Java text', () => {
    expect(writeJson(9223372036854775807n, BIGINT)).toBe('9223372036854775807');
    expect(writeJson(1, DOUBLE)).toBe('1.0');
    expect(writeJson(1e7, DOUBLE)).toBe('1.0E7');
    expect(writeJson(NaN, DOUBLE)).toBe('"NaN"');
    expect(writeJson(Decimal.parse('1.50'), decimal(3, 2))).toBe('1.50');
  });

  it('writes the other types', () => {
    expect(writeJson(new Uint8Array([0x21]), BYTES)).toBe('"IQ=="');
    expect(writeJson(10, TIMESTAMP)).toBe('10');
    expect(writeJson(19000, DATE)).toBe('19000');
    expect(writeJson(5000, TIME)).toBe('5000');
    expect(writeJson('a"b', STRING)).toBe('"a\\"b"');
    expect(writeJson([1, null], array(INTEGER))).toBe('[1,null]');
    expect(writeJson(new Map([['a', 1.5]]), map(STRING, DOUBLE))).toBe('{"a":1.5}');
    const st = struct([
      { name: 'B', type: INTEGER },
      { name: 'A', type: STRING },
    ]);
    expect(writeJson({ A: 'x', B: null }, st)).toBe('{"B":null,"A":"x"}');
    expect(writeJson(null, st)).toBe('null');
  });
});

describe('toJsonValue', () => {
  it('keeps numbers exact through stringifyJson', () => {
    const st = struct([
      { name: 'L', type: BIGINT },
      { name: 'D', type: DOUBLE },
      { name: 'M', type: decimal(4, 2) },
    ]);
    const tree = toJsonValue({ L: 9223372036854775807n, D: 2, M: Decimal.parse('1.50') }, st);
    expect(stringifyJson(tree)).toBe('{"L":9223372036854775807,"D":2.0,"M":1.50}');
  });
});

describe('parseJsonLossless', () => {
  it('keeps number text', () => {
    const v = parseJsonLossless('{"a":9223372036854775807,"b":1.10}') as Record<string, { value: string }>;
    expect(v['a']?.value).toBe('9223372036854775807');
    expect(v['b']?.value).toBe('1.10');
  });
});
