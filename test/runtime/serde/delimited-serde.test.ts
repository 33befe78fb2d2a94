import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../common/decimal.ts';
import { BIGINT, BOOLEAN, BYTES, DATE, decimal, DOUBLE, INTEGER, STRING, TIME, TIMESTAMP } from '../../../common/types.ts';
import { createSerde } from '../../../runtime/serde/create-serde.ts';
import { bytesOf, text } from './helpers.ts';

const cols = [
  { name: 'B', type: BOOLEAN },
  { name: 'I', type: INTEGER },
  { name: 'L', type: BIGINT },
  { name: 'D', type: DOUBLE },
  { name: 'M', type: decimal(6, 4) },
  { name: 'S', type: STRING },
  { name: 'Y', type: BYTES },
  { name: 'TS', type: TIMESTAMP },
  { name: 'DT', type: DATE },
  { name: 'TM', type: TIME },
];

describe('DELIMITED serde', () => {
  it('round-trips every supported type', () => {
    const serde = createSerde({ name: 'DELIMITED' }, cols, { isKey: false });
    const row = [true, 10, 101n, 10.3, Decimal.parse('10.0000'), 'bob', new Uint8Array([0x21]), 10, 19000, 5000];
    const bytes = serde.serialize(row);
    expect(text(bytes)).toBe('true,10,101,10.3,10.0000,bob,IQ==,10,19000,5000');
    expect(serde.deserialize(bytes)).toEqual(row);
  });

  it('treats empty fields as null and writes null as empty', () => {
    const serde = createSerde({ name: 'DELIMITED' }, [{ name: 'A', type: STRING }, { name: 'B', type: INTEGER }, { name: 'C', type: STRING }], {
      isKey: false,
    });
    expect(serde.deserialize(bytesOf(',456,'))).toEqual([null, 456, null]);
    expect(text(serde.serialize([null, null, 'x']))).toBe(',,x');
  });

  it('reads quoted fields and quotes like Commons CSV', () => {
    const serde = createSerde({ name: 'DELIMITED' }, [{ name: 'M', type: decimal(33, 16) }, { name: 'S', type: STRING }], {
      isKey: false,
    });
    expect(serde.deserialize(bytesOf('"-12345.12","a,""b"""'))).toEqual([Decimal.parse('-12345.1200000000000000'), 'a,"b"']);
    expect(text(serde.serialize([Decimal.parse('-12345.1200000000000000'), '!']))).toBe('"-12345.1200000000000000","!"');
    expect(text(serde.serialize([Decimal.parse('0.1200000000000000'), 'a,b']))).toBe('0.1200000000000000,"a,b"');
  });

  it('uses TAB, SPACE and custom delimiters', () => {
    const two = [{ name: 'A', type: STRING }, { name: 'B', type: INTEGER }];
    const tab = createSerde({ name: 'DELIMITED', delimiter: 'TAB' }, two, { isKey: false });
    expect(text(tab.serialize(['zero', 0]))).toBe('zero\t0');
    const space = createSerde({ name: 'DELIMITED', delimiter: 'SPACE' }, two, { isKey: false });
    expect(space.deserialize(bytesOf('zero 0'))).toEqual(['zero', 0]);
    const pipe = createSerde({ name: 'DELIMITED', delimiter: '|' }, two, { isKey: false });
    expect(pipe.deserialize(bytesOf('a,b|1'))).toEqual(['a,b', 1]);
  });

  it('rejects bad records', () => {
    const serde = createSerde({ name: 'DELIMITED' }, [{ name: 'A', type: INTEGER }], { isKey: false, topic: 't' });
    expect(() => serde.deserialize(bytesOf('1,2'))).toThrow('Unexpected field count, csvFields:2 schemaFields:1');
    expect(() => serde.deserialize(bytesOf('x'))).toThrow('Failed to deserialize value from topic: t');
  });
});

describe('DELIMITED serde with resolved delimiters', () => {
  it('accepts a literal tab or space in the spec', () => {
    const two = [{ name: 'A', type: STRING }, { name: 'B', type: INTEGER }];
    const tab = createSerde({ name: 'DELIMITED', delimiter: '\t' }, two, { isKey: false, wrapSingleValue: true });
    expect(tab.deserialize(bytesOf('x\t1'))).toEqual(['x', 1]);
  });
});
