import { describe, expect, it } from 'vitest';
import type { ActualRecord } from './decode-output.ts';
import { exceptionMismatch, isInstanceOf, topicMismatch, valueMismatch } from './compare.ts';
import { type JavaValue, javaFromJson, parseDecimal } from './java-value.ts';
import { type JsonObject, parseLossless } from './json-text.ts';
import { parseRecord } from './parse-case.ts';

const json = parseLossless;
const int = (value: number): JavaValue => ({ kind: 'int', value });
const long = (value: bigint): JavaValue => ({ kind: 'long', value });
const dec = (text: string): JavaValue => ({ kind: 'decimal', value: parseDecimal(text)! });
const str = (value: string): JavaValue => ({ kind: 'string', value });
const matches = (expected: string, actual: JavaValue): boolean => valueMismatch(json(expected), actual, 'value') === undefined;

describe('valueMismatch: numbers', () => {
  it('truncates the expected value against Integer and Long', () => {
    expect(matches('1', int(1))).toBe(true);
    expect(matches('1.0', int(1))).toBe(true);
    expect(matches('1.9', int(1))).toBe(true);
    expect(matches('2', int(1))).toBe(false);
    expect(matches('-1.9', long(-1n))).toBe(true);
    expect(matches('9223372036854775807', long(9223372036854775807n))).toBe(true);
  });

  it('uses a 1e-6 tolerance against Double', () => {
    expect(matches('0.3', { kind: 'double', value: 0.1 + 0.2 })).toBe(true);
    expect(matches('0.31', { kind: 'double', value: 0.3 })).toBe(false);
  });

  it('compares BigDecimal with scale', () => {
    expect(matches('1.0', dec('1.0'))).toBe(true);
    expect(matches('1.00', dec('1.0'))).toBe(false);
    expect(matches('1', dec('1.0'))).toBe(false);
    expect(matches('1', dec('1'))).toBe(true);
    expect(matches('10000000000', dec('1.0E10'))).toBe(true);
    expect(matches('1.0E10', dec('1.0E10'))).toBe(true);
    expect(matches('10000000000.0', dec('1.0E10'))).toBe(false);
  });

  it('never matches strings, booleans or BigInteger actuals', () => {
    expect(matches('1', str('1'))).toBe(false);
    expect(matches('1', { kind: 'boolean', value: true })).toBe(false);
    expect(matches('1', { kind: 'bigInteger', value: 1n })).toBe(false);
  });
});

describe('valueMismatch: other nodes', () => {
  it('compares strings with String, BigDecimal (with scale) and bytes (base64)', () => {
    expect(matches('"abc"', str('abc'))).toBe(true);
    expect(matches('"1.50"', dec('1.50'))).toBe(true);
    expect(matches('"1.5"', dec('1.50'))).toBe(false);
    expect(matches('"AQI="', { kind: 'bytes', value: new Uint8Array([1, 2]) })).toBe(true);
    expect(matches('"1"', int(1))).toBe(false);
  });

  it('needs a Boolean for booleans and null for null', () => {
    expect(matches('true', { kind: 'boolean', value: true })).toBe(true);
    expect(matches('true', str('true'))).toBe(false);
    expect(matches('null', null)).toBe(true);
    expect(matches('null', int(0))).toBe(false);
  });

  it('matches objects by field count, exact name, then upper-cased name', () => {
    const actual = javaFromJson(json('{"COLORS": 3, "b": null}'), true);
    expect(matches('{"colors": 3, "b": null}', actual)).toBe(true);
    expect(matches('{"colors": 3}', actual)).toBe(false);
    // An expected null also matches a missing field.
    expect(matches('{"COLORS": 3, "x": null}', actual)).toBe(true);
  });

  it('reports the path of the first difference', () => {
    const actual = javaFromJson(json('{"NAME": "bar", "L": [1, 2]}'), true);
    expect(valueMismatch(json('{"NAME": "foo", "L": [1, 2]}'), actual, 'value')).toBe('value.NAME expected "foo" got "bar" (string)');
    expect(valueMismatch(json('{"NAME": "bar", "L": [1, 3]}'), actual, 'value')).toBe('value.L[1] expected 3 got 2 (int)');
  });
});

const expected = (records: string[]) => records.map((r) => parseRecord({ topic: 'OUT', ...(json(r) as JsonObject) }));
const actual = (over: Partial<ActualRecord> = {}): ActualRecord => ({
  key: null,
  value: javaFromJson(json('{"A": 1}'), true),
  timestamp: 10,
  headers: [],
  ...over,
});

describe('topicMismatch', () => {
  const ctx = { hasInputs: true };

  it('requires equal counts and compares in order', () => {
    expect(topicMismatch('OUT', expected(['{"value": {"A": 1}}']), [actual(), actual()], ctx)).toBe(
      'topic OUT: expected 1 records got 2 (first 1 records match)',
    );
    expect(topicMismatch('OUT', expected(['{"value": {"A": 1}, "timestamp": 10}']), [actual()], ctx)).toBeUndefined();
    expect(topicMismatch('OUT', expected(['{"value": {"A": 2}}']), [actual()], ctx)).toBe(
      'topic OUT record 0: value.A expected 2 got 1 (int)',
    );
  });

  it('treats an absent key as null and checks timestamps unless absent', () => {
    expect(topicMismatch('OUT', expected(['{"value": {"A": 1}}']), [actual({ key: int(1) })], ctx)).toMatch(/key expected null/);
    expect(topicMismatch('OUT', expected(['{"value": {"A": 1}, "timestamp": 11}']), [actual()], ctx)).toMatch(/timestamp expected 11 got 10/);
    // Without inputs, an expected 0 matches anything.
    expect(topicMismatch('OUT', expected(['{"value": {"A": 1}, "timestamp": 0}']), [actual()], { hasInputs: false })).toBeUndefined();
  });

  it('compares windows by type (time/session, any case), start and end', () => {
    const win = { window: { type: 'TIME' as const, start: 0, end: 100 } };
    expect(topicMismatch('OUT', expected(['{"value": {"A": 1}, "window": {"start": 0, "end": 100, "type": "Time"}}']), [actual(win)], ctx)).toBeUndefined();
    expect(topicMismatch('OUT', expected(['{"value": {"A": 1}, "window": {"start": 0, "end": 100, "type": "session"}}']), [actual(win)], ctx)).toMatch(/window expected SESSION/);
    expect(topicMismatch('OUT', expected(['{"value": {"A": 1}}']), [actual(win)], ctx)).toMatch(/expected unwindowed/);
  });

  it('allows no headers when none are expected', () => {
    const h = { headers: [{ key: 'k', value: new Uint8Array([1]) }] };
    expect(topicMismatch('OUT', expected(['{"value": {"A": 1}}']), [actual(h)], ctx)).toMatch(/headers/);
    expect(topicMismatch('OUT', expected(['{"value": {"A": 1}, "headers": [{"KEY": "k", "VALUE": "AQ=="}]}']), [actual(h)], ctx)).toBeUndefined();
  });
});

describe('exceptions', () => {
  it('checks the type by the ksqlDB class hierarchy', () => {
    expect(isInstanceOf('ParseFailedException', 'io.confluent.ksql.util.KsqlStatementException')).toBe(true);
    expect(isInstanceOf('KsqlStatementException', 'io.confluent.ksql.util.KsqlException')).toBe(true);
    expect(isInstanceOf('KsqlException', 'io.confluent.ksql.util.KsqlStatementException')).toBe(false);
    expect(isInstanceOf('StreamsException', 'io.confluent.ksql.util.KsqlException')).toBe(false);
  });

  it('matches the message as a substring, also of the message with its statement', () => {
    const err = { ksqlType: 'KsqlStatementException', message: 'Unknown format: FOO', statementText: 'CREATE STREAM X;' };
    expect(exceptionMismatch({ type: 'a.KsqlException', message: 'format: FOO' }, err)).toBeUndefined();
    expect(exceptionMismatch({ message: 'FOO\nStatement: CREATE STREAM' }, err)).toBeUndefined();
    expect(exceptionMismatch({ message: 'bar' }, err)).toMatch(/expected exception message containing "bar"/);
    expect(exceptionMismatch({ type: 'x.ParseFailedException' }, err)).toMatch(/expected exception ParseFailedException got KsqlStatementException/);
  });
});
