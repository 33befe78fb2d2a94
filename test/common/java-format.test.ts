import { describe, expect, it } from 'vitest';
import {
  doubleToInt,
  doubleToLong,
  formatDouble,
  parseJavaDouble,
  parseJavaInt,
  parseJavaLong,
} from '../../common/java-format.ts';
import { formatDate, formatTime, formatTimestamp, parseDate, parseTime, parseTimestamp } from '../../common/time-format.ts';

describe('formatDouble matches Double.toString', () => {
  const cases: [number, string][] = [
    [1, '1.0'],
    [0, '0.0'],
    [-0, '-0.0'],
    [0.001, '0.001'],
    [0.0001, '1.0E-4'],
    [1e7, '1.0E7'],
    [9999999, '9999999.0'],
    [12345678, '1.2345678E7'],
    [-1.5, '-1.5'],
    [10.3, '10.3'],
    [123.456, '123.456'],
    [1e21, '1.0E21'],
    [1.2345e-10, '1.2345E-10'],
    [Number.MAX_VALUE, '1.7976931348623157E308'],
    [Number.MIN_VALUE, '4.9E-324'],
    [0.1 + 0.2, '0.30000000000000004'],
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
    [-Infinity, '-Infinity'],
    // Whole doubles below 2^63 take JDK 17's long-integer path (outputs taken from a JDK 17 run).
    [942073543028212700, '9.4207354302821274E17'],
    [6940679208024217000, '6.9406792080242166E18'],
    [2010267600728888800, '2.01026760072888883E18'],
    [2 ** 62, '4.6116860184273879E18'],
    [-(2 ** 62), '-4.6116860184273879E18'],
    [9007199254740994, '9.007199254740994E15'],
    [2 ** 58, '2.8823037615171174E17'],
  ];
  it.each(cases)('%s → %s', (n, text) => expect(formatDouble(n)).toBe(text));
});

describe('Java number parsing', () => {
  it('parses ints and longs strictly', () => {
    expect(parseJavaInt('42')).toBe(42);
    expect(parseJavaInt('+7')).toBe(7);
    expect(parseJavaInt(' 4')).toBeNull();
    expect(parseJavaInt('2147483648')).toBeNull();
    expect(parseJavaLong('9223372036854775807')).toBe(9223372036854775807n);
    expect(parseJavaLong('9223372036854775808')).toBeNull();
    expect(parseJavaLong('1.0')).toBeNull();
  });

  it('parses doubles like Double.parseDouble', () => {
    expect(parseJavaDouble(' 1.5 ')).toBe(1.5);
    expect(parseJavaDouble('1.')).toBe(1);
    expect(parseJavaDouble('.5')).toBe(0.5);
    expect(parseJavaDouble('1e3')).toBe(1000);
    expect(parseJavaDouble('2d')).toBe(2);
    expect(parseJavaDouble('NaN')).toBeNaN();
    expect(parseJavaDouble('-Infinity')).toBe(-Infinity);
    expect(parseJavaDouble('abc')).toBeNull();
    expect(parseJavaDouble('')).toBeNull();
  });

  it('narrows doubles like Java casts', () => {
    expect(doubleToInt(1.9)).toBe(1);
    expect(doubleToInt(-1.9)).toBe(-1);
    expect(doubleToInt(1e12)).toBe(2147483647);
    expect(doubleToInt(NaN)).toBe(0);
    expect(doubleToLong(1e30)).toBe(9223372036854775807n);
  });
});

describe('time text', () => {
  it('formats', () => {
    expect(formatTimestamp(0)).toBe('1970-01-01T00:00:00.000');
    expect(formatTimestamp(1651182287943)).toBe('2022-04-28T21:44:47.943');
    expect(formatDate(19000)).toBe('2022-01-08');
    expect(formatDate(-1)).toBe('1969-12-31');
    expect(formatTime(5000)).toBe('00:00:05');
    expect(formatTime(60000)).toBe('00:01');
  });

  it('parses', () => {
    expect(parseTimestamp('2022-04-28T21:44:47.943')).toBe(1651182287943);
    expect(parseTimestamp('2022-04-28T21:44:47.943Z')).toBe(1651182287943);
    expect(parseTimestamp('2022-04-28T23:44:47.943+02:00')).toBe(1651182287943);
    expect(parseTimestamp('1970-01-01T00:00:00.010')).toBe(10);
    expect(parseTimestamp('1970-01')).toBe(0);
    expect(parseTimestamp('2022-02-30')).toBeNull();
    expect(parseTimestamp('foo')).toBeNull();
    expect(parseDate('2022-01-08')).toBe(19000);
    expect(parseDate('1969-12-31')).toBe(-1);
    expect(parseTime('00:00:00.010')).toBe(10);
    expect(parseTime('00:01')).toBe(60000);
    expect(parseTime('24:00')).toBeNull();
  });
});
