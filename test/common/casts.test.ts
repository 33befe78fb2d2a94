import { describe, expect, it } from 'vitest';
import { castCompiled, castValue, isCastSupported } from '../../common/casts.ts';
import { Decimal } from '../../common/decimal.ts';
import { parseStringLiteral } from '../../common/string-parse.ts';
import {
  array,
  BIGINT,
  BOOLEAN,
  BYTES,
  DATE,
  decimal,
  DOUBLE,
  INTEGER,
  map,
  STRING,
  struct,
  TIME,
  TIMESTAMP,
} from '../../common/types.ts';

describe('castValue', () => {
  it('narrows integers like Java', () => {
    expect(castValue(2147483648n, BIGINT, INTEGER)).toBe(-2147483648);
    expect(castValue(3.3 - 2.1, DOUBLE, INTEGER)).toBe(1);
    expect(castValue(-1, INTEGER, BIGINT)).toBe(-1n);
    expect(castValue(Decimal.parse('10.99'), decimal(4, 2), INTEGER)).toBe(10);
    expect(castValue(Decimal.parse('-10.99'), decimal(4, 2), BIGINT)).toBe(-10n);
  });

  it('converts to DECIMAL with HALF_UP and an overflow check', () => {
    const to = decimal(2, 1);
    expect(String(castValue(0.99, DOUBLE, to))).toBe('1.0');
    expect(String(castValue(0.01, DOUBLE, to))).toBe('0.0');
    expect(String(castValue(1, INTEGER, to))).toBe('1.0');
    expect(String(castValue('0.10', STRING, to))).toBe('0.1');
    expect(String(castValue(Decimal.parse('10.12'), decimal(4, 2), decimal(5, 3)))).toBe('10.120');
    expect(() => castValue(10, INTEGER, to)).toThrow('Numeric field overflow');
  });

  it('prints to STRING the way ksqlDB does', () => {
    expect(castValue(1.0, DOUBLE, STRING)).toBe('1.0');
    expect(castValue(true, BOOLEAN, STRING)).toBe('true');
    expect(castValue(Decimal.parse('0.00'), decimal(4, 2), STRING)).toBe('0.00');
    expect(castValue(1651182287943, TIMESTAMP, STRING)).toBe('2022-04-28T21:44:47.943');
    expect(castValue(5000, TIME, STRING)).toBe('00:00:05');
    expect(castValue(19000, DATE, STRING)).toBe('2022-01-08');
    expect(castValue([1, 3], array(INTEGER), STRING)).toBe('[1, 3]');
    expect(castValue(new Map([['this', 1]]), map(STRING, INTEGER), STRING)).toBe('{this=1}');
    const st = struct([
      { name: 'F0', type: INTEGER },
      { name: 'f1', type: INTEGER },
      { name: 'X', type: INTEGER },
    ]);
    expect(castValue({ F0: 1, f1: 3, X: null }, st, STRING)).toBe('Struct{F0=1,f1=3}');
  });

  it('parses strings with trimming', () => {
    expect(castValue(' 42 ', STRING, INTEGER)).toBe(42);
    expect(castValue('9223372036854775807', STRING, BIGINT)).toBe(9223372036854775807n);
    expect(castValue('1.5', STRING, DOUBLE)).toBe(1.5);
    expect(castValue('yes', STRING, BOOLEAN)).toBe(true);
    expect(castValue('nope', STRING, BOOLEAN)).toBe(false);
    expect(castValue('2022-04-28T21:44:47.943Z', STRING, TIMESTAMP)).toBe(1651182287943);
    expect(castValue('00:01', STRING, TIME)).toBe(60000);
    expect(castValue('2022-01-08', STRING, DATE)).toBe(19000);
    expect(castValue('IQ==', STRING, BYTES)).toEqual(new Uint8Array([0x21]));
    expect(() => castValue('not a number', STRING, INTEGER)).toThrow(
      'invalid input syntax for type INTEGER: "not a number"',
    );
    expect(() => castValue('foo', STRING, TIME)).toThrow('invalid input syntax for type TIME');
  });

  it('converts between time types', () => {
    expect(castValue(-2000, TIMESTAMP, TIME)).toBe(86398000);
    expect(castValue(86400100, TIMESTAMP, TIME)).toBe(100);
    expect(castValue(86400100, TIMESTAMP, DATE)).toBe(1);
    expect(castValue(1, DATE, TIMESTAMP)).toBe(86400000);
  });

  it('casts containers element-wise', () => {
    expect(castValue([1n, 3n, 2147483648n], array(BIGINT), array(INTEGER))).toEqual([1, 3, -2147483648]);
    expect(castValue([1n, null], array(BIGINT), array(STRING))).toEqual(['1', null]);
    const m = castValue(new Map([['k1', new Map([['k2', '10']])]]), map(STRING, map(STRING, STRING)), map(STRING, map(STRING, INTEGER)));
    expect(m).toEqual(new Map([['k1', new Map([['k2', 10]])]]));
    const from = struct([
      { name: 'F0', type: BIGINT },
      { name: 'F1', type: STRING },
    ]);
    const to = struct([
      { name: 'F0', type: STRING },
      { name: 'F3', type: STRING },
    ]);
    expect(castValue({ F0: 1n, F1: '3' }, from, to)).toEqual({ F0: '1', F3: null });
  });

  it('passes nulls through and rejects unsupported casts at compile time', () => {
    expect(castCompiled(STRING, INTEGER)(null)).toBeNull();
    expect(() => castCompiled(STRING, array(INTEGER))).toThrow('Cast of STRING to ARRAY<INTEGER> is not supported');
    expect(() => castCompiled(array(STRING), array(array(INTEGER)))).toThrow(
      'Cast of ARRAY<STRING> to ARRAY<ARRAY<INTEGER>> is not supported',
    );
    expect(() => castCompiled(STRING, struct([{ name: 'F0', type: STRING }, { name: 'F1', type: INTEGER }]))).toThrow(
      'Cast of STRING to STRUCT<`F0` STRING, `F1` INTEGER> is not supported',
    );
    expect(isCastSupported(BOOLEAN, INTEGER)).toBe(false);
    expect(isCastSupported(INTEGER, DOUBLE)).toBe(true);
  });
});

describe('parseStringLiteral', () => {
  it('is strict, with ksqlDB messages', () => {
    expect(parseStringLiteral('true', BOOLEAN)).toBe(true);
    expect(() => parseStringLiteral('Not a boolean', BOOLEAN)).toThrow(
      'invalid input syntax for type BOOLEAN: "Not a boolean"',
    );
    expect(() => parseStringLiteral('10 - not a number', BIGINT)).toThrow(
      'invalid input syntax for type BIGINT: "10 - not a number"',
    );
    expect(() => parseStringLiteral('10.0 - not a number', decimal(4, 1))).toThrow('invalid input syntax for type DECIMAL(4, 1)');
  });
});
