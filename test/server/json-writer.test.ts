import { describe, expect, it } from 'vitest';
import { LosslessNumber } from 'lossless-json';
import { Decimal } from '../../common/decimal.ts';
import { writeJson } from '../../server/json-writer.ts';
import { parseTypeText } from '../../server/type-text.ts';

const typed = (value: unknown, typeText: string): string => writeJson(value, parseTypeText(typeText));

describe('writeJson', () => {
  it('writes bigints exactly, never through Number', () => {
    expect(writeJson([9223372036854775807n, -9223372036854775808n])).toBe('[9223372036854775807,-9223372036854775808]');
  });

  it('writes decimals as plain JSON numbers that keep their scale', () => {
    expect(writeJson(new Decimal(1050n, 2))).toBe('10.50');
    expect(writeJson(new Decimal(-5n, 3))).toBe('-0.005');
    expect(writeJson({ n: new LosslessNumber('12345678901234567890') })).toBe('{"n":12345678901234567890}');
  });

  it('writes bytes as base64, maps as objects and structs by field', () => {
    expect(writeJson(new Uint8Array([1, 2, 255]))).toBe('"AQL/"');
    expect(writeJson(new Map<string, unknown>([['a', 1n], ['b', null]]))).toBe('{"a":1,"b":null}');
    expect(writeJson({ A: 'x', B: undefined, C: [true] })).toBe('{"A":"x","C":[true]}');
  });

  it('uses the column type for temporal values and doubles', () => {
    expect(typed(1_600_000_000_123, 'TIMESTAMP')).toBe('"2020-09-13T12:26:40.123"');
    expect(typed(18_000, 'DATE')).toBe('"2019-04-14"');
    expect(typed(3_600_000, 'TIME')).toBe('"01:00"');
    expect(typed(1, 'DOUBLE')).toBe('1.0');
    expect(typed(Number.NaN, 'DOUBLE')).toBe('"NaN"');
    expect(typed(1, 'INTEGER')).toBe('1');
    expect(typed([0], 'ARRAY<TIMESTAMP>')).toBe('["1970-01-01T00:00:00.000"]');
    expect(typed(new Map([['k', 2]]), 'MAP<STRING, DOUBLE>')).toBe('{"k":2.0}');
    expect(typed({ 'my field': 0, N: 3 }, 'STRUCT<`my field` DATE, `N` DOUBLE>')).toBe('{"my field":"1970-01-01","N":3.0}');
  });
});

describe('parseTypeText', () => {
  it('reads nested ksqlDB type text', () => {
    expect(parseTypeText('DECIMAL(4, 2)')).toEqual({ kind: 'DECIMAL', precision: 4, scale: 2 });
    expect(parseTypeText('MAP<STRING, ARRAY<INTEGER>>')).toEqual({
      kind: 'MAP',
      key: { kind: 'STRING' },
      value: { kind: 'ARRAY', element: { kind: 'INTEGER' } },
    });
    expect(parseTypeText('WHATEVER')).toBeUndefined();
  });
});
