import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../common/decimal.ts';
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
  type SqlType,
} from '../../../common/types.ts';
import { createSerde } from '../../../runtime/serde/create-serde.ts';
import { bytesOf, text } from './helpers.ts';

const JSON_FORMAT = { name: 'JSON' };
const value = (columns: { name: string; type: SqlType }[], wrapSingleValue?: boolean) =>
  createSerde(JSON_FORMAT, columns, { isKey: false, wrapSingleValue, topic: 't' });

describe('JSON serde', () => {
  const all = [
    { name: 'B', type: BOOLEAN },
    { name: 'I', type: INTEGER },
    { name: 'L', type: BIGINT },
    { name: 'D', type: DOUBLE },
    { name: 'M', type: decimal(4, 2) },
    { name: 'S', type: STRING },
    { name: 'Y', type: BYTES },
    { name: 'TS', type: TIMESTAMP },
    { name: 'DT', type: DATE },
    { name: 'TM', type: TIME },
    { name: 'A', type: array(INTEGER) },
    { name: 'MP', type: map(STRING, DOUBLE) },
    { name: 'ST', type: struct([{ name: 'F', type: STRING }]) },
  ];

  it('round-trips every type', () => {
    const serde = value(all);
    const row = [
      true, 7, 9223372036854775807n, 1.0, Decimal.parse('1.50'), 'hi', new Uint8Array([1, 2]),
      10, 19000, 5000, [1, null], new Map([['k', 2.5]]), { F: 'x' },
    ];
    const bytes = serde.serialize(row);
    expect(text(bytes)).toBe(
      '{"B":true,"I":7,"L":9223372036854775807,"D":1.0,"M":1.50,"S":"hi","Y":"AQI=","TS":10,' +
        '"DT":19000,"TM":5000,"A":[1,null],"MP":{"k":2.5},"ST":{"F":"x"}}',
    );
    expect(serde.deserialize(bytes)).toEqual(row);
  });

  it('matches fields case-insensitively and fills missing ones with null', () => {
    const serde = value([
      { name: 'NAME', type: STRING },
      { name: 'ST', type: struct([{ name: 'TOWN', type: STRING }]) },
      { name: 'quoted', type: INTEGER },
    ]);
    expect(serde.deserialize(bytesOf('{"name":"a","St":{"Town":"x"},"QUOTED":1}'))).toEqual(['a', { TOWN: 'x' }, null]);
    expect(serde.deserialize(bytesOf('{}'))).toEqual([null, null, null]);
    expect(serde.deserialize(bytesOf('null'))).toBeNull();
    expect(serde.deserialize(null)).toBeNull();
  });

  it('coerces like ksqlDB', () => {
    const serde = value([
      { name: 'I', type: INTEGER },
      { name: 'L', type: BIGINT },
      { name: 'S', type: STRING },
      { name: 'S2', type: STRING },
      { name: 'S3', type: STRING },
      { name: 'M', type: decimal(6, 4) },
      { name: 'D', type: DOUBLE },
    ]);
    const row = serde.deserialize(bytesOf('{"I":"12","L":1.9,"S":1.10,"S2":{"a":[1, 2]},"S3":[1,"x"],"M":"12.365","D":"2.5"}'));
    expect(row).toEqual([12, 1n, '1.10', '{"a":[1,2]}', '[1, x]', Decimal.parse('12.3650'), 2.5]);
    expect(String(row?.[5])).toBe('12.3650');
  });

  it('reports coercion failures with a path', () => {
    const serde = value([{ name: 'B', type: BOOLEAN }, { name: 'I', type: INTEGER }]);
    expect(() => serde.deserialize(bytesOf('{"B":"true"}'))).toThrow(
      "Failed to deserialize value from topic: t. Can't convert type. sourceType: TextNode, requiredType: BOOLEAN, path: $.B",
    );
    expect(() => serde.deserialize(bytesOf('{"I":"x"}'))).toThrow("Can't coerce string to type. targetType: INTEGER, path: $.I");
    expect(() => serde.deserialize(bytesOf('{"I":'))).toThrow('Failed to deserialize value from topic: t.');
    expect(() => serde.deserialize(bytesOf('[1]'))).toThrow('sourceType: ArrayNode');
  });

  it('unwraps single values on request and always for keys', () => {
    const wrapped = value([{ name: 'V', type: INTEGER }]);
    expect(text(wrapped.serialize([10]))).toBe('{"V":10}');
    const bare = value([{ name: 'V', type: INTEGER }], false);
    expect(text(bare.serialize([10]))).toBe('10');
    expect(bare.serialize([null])).toBeNull();
    expect(bare.deserialize(bytesOf('10'))).toEqual([10]);
    expect(bare.deserialize(bytesOf('null'))).toBeNull();
    const key = createSerde(JSON_FORMAT, [{ name: 'K', type: BIGINT }], { isKey: true });
    expect(text(key.serialize([9223372036854775807n]))).toBe('9223372036854775807');
    expect(key.deserialize(bytesOf('9223372036854775807'))).toEqual([9223372036854775807n]);
    const multi = createSerde(JSON_FORMAT, [{ name: 'K1', type: STRING }, { name: 'K2', type: STRING }], { isKey: true });
    expect(text(multi.serialize(['foo', 'bar']))).toBe('{"K1":"foo","K2":"bar"}');
  });

  it('reads JSON_SR payloads with the magic byte', () => {
    const serde = value([{ name: 'V', type: INTEGER }]);
    const payload = new Uint8Array([0, 0, 0, 0, 1, ...bytesOf('{"V":3}')]);
    expect(serde.deserialize(payload)).toEqual([3]);
  });
});
