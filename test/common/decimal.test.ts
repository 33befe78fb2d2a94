import { describe, expect, it } from 'vitest';
import { Decimal } from '../../common/decimal.ts';
import {
  decimalAddType,
  decimalDivideType,
  decimalModType,
  decimalMultiplyType,
  fitDecimal,
} from '../../common/decimal-types.ts';
import { decimal } from '../../common/types.ts';

const d = (s: string): Decimal => Decimal.parse(s);

describe('Decimal', () => {
  it('parses keeping the scale', () => {
    expect(d('1.50').scale).toBe(2);
    expect(d('1.50').toString()).toBe('1.50');
    expect(d('.12').toString()).toBe('0.12');
    expect(d('-0.001').toString()).toBe('-0.001');
    expect(d('12.').toString()).toBe('12');
    expect(d('1E+3').scale).toBe(-3);
    expect(d('1E+3').toString()).toBe('1000');
    expect(d('1.5E-7').toString()).toBe('0.00000015');
    expect(() => d('abc')).toThrow();
    expect(() => d('.')).toThrow();
  });

  it('converts doubles like BigDecimal.valueOf', () => {
    expect(Decimal.fromNumber(0.1).toString()).toBe('0.1');
    expect(Decimal.fromNumber(1).toString()).toBe('1.0');
    expect(Decimal.fromNumber(1e7).scale).toBe(-6);
  });

  it('does exact arithmetic', () => {
    expect(d('1.1').add(d('2.25')).toString()).toBe('3.35');
    expect(d('1.1').sub(d('2.25')).toString()).toBe('-1.15');
    expect(d('1.5').mul(d('-2.25')).toString()).toBe('-3.375');
    expect(d('10').div(d('3'), 6).toString()).toBe('3.333333');
    expect(d('2').div(d('3'), 2).toString()).toBe('0.67');
    expect(d('-2').div(d('3'), 2).toString()).toBe('-0.67');
    expect(d('-7.5').mod(d('2')).toString()).toBe('-1.5');
    expect(() => d('1').div(d('0'), 2)).toThrow('Division by zero');
  });

  it('rounds HALF_UP away from zero', () => {
    expect(d('0.125').setScale(2).toString()).toBe('0.13');
    expect(d('-0.125').setScale(2).toString()).toBe('-0.13');
    expect(d('0.124').setScale(2).toString()).toBe('0.12');
    expect(d('1.5').setScale(0, 'DOWN').toString()).toBe('1');
    expect(d('1').setScale(3).toString()).toBe('1.000');
  });

  it('compares ignoring scale', () => {
    expect(d('1.0').equals(d('1.00'))).toBe(true);
    expect(d('1.0').identical(d('1.00'))).toBe(false);
    expect(d('-1').compare(d('0.5'))).toBe(-1);
  });

  it('reports precision and Java toString', () => {
    expect(d('123.45').precision()).toBe(5);
    expect(d('0').precision()).toBe(1);
    expect(d('0.0000001').toJavaString()).toBe('1E-7');
    expect(d('1E+3').toJavaString()).toBe('1E+3');
    expect(d('0.001').toJavaString()).toBe('0.001');
    expect(d('-12.9').toBigInt()).toBe(-12n);
  });
});

describe('decimal result types', () => {
  const a = { precision: 4, scale: 2 };
  const b = { precision: 5, scale: 3 };
  it('follows ksqlDB rules', () => {
    expect(decimalAddType(a, b)).toEqual(decimal(6, 3));
    expect(decimalMultiplyType(a, b)).toEqual(decimal(10, 5));
    expect(decimalDivideType(a, b)).toEqual(decimal(13, 8));
    expect(decimalModType(a, b)).toEqual(decimal(5, 3));
  });

  it('fits values into a column, checking precision', () => {
    expect(fitDecimal(d('0.99'), 2, 1).toString()).toBe('1.0');
    expect(() => fitDecimal(d('10'), 2, 1)).toThrow(
      'Numeric field overflow: A field with precision 2 and scale 1 must round to an absolute value less than 10^1. Got 10',
    );
  });
});
