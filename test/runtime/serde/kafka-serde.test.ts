import { describe, expect, it } from 'vitest';
import { BIGINT, BYTES, DOUBLE, INTEGER, STRING, type SqlType } from '../../../common/types.ts';
import { createSerde } from '../../../runtime/serde/create-serde.ts';

const kafka = (type: SqlType) => createSerde({ name: 'KAFKA' }, [{ name: 'K', type }], { isKey: true });

describe('KAFKA serde', () => {
  it('writes Kafka serializer encodings', () => {
    expect(kafka(INTEGER).serialize([1])).toEqual(new Uint8Array([0, 0, 0, 1]));
    expect(kafka(INTEGER).serialize([-1])).toEqual(new Uint8Array([255, 255, 255, 255]));
    expect(kafka(BIGINT).serialize([9223372036854775807n])).toEqual(new Uint8Array([127, 255, 255, 255, 255, 255, 255, 255]));
    expect(kafka(DOUBLE).serialize([1.0])).toEqual(new Uint8Array([0x3f, 0xf0, 0, 0, 0, 0, 0, 0]));
    expect(kafka(STRING).serialize(['é'])).toEqual(new Uint8Array([0xc3, 0xa9]));
    expect(kafka(BYTES).serialize([new Uint8Array([9])])).toEqual(new Uint8Array([9]));
    expect(kafka(INTEGER).serialize([null])).toBeNull();
  });

  it('round-trips', () => {
    const cases: [SqlType, unknown][] = [[INTEGER, -5], [BIGINT, -9223372036854775808n], [DOUBLE, 0.1], [STRING, 'x'], [BYTES, new Uint8Array([1, 2])]];
    for (const [type, v] of cases) {
      const serde = kafka(type);
      expect(serde.deserialize(serde.serialize([v]))).toEqual([v]);
    }
    expect(kafka(INTEGER).deserialize(null)).toBeNull();
  });

  it('checks payload sizes', () => {
    expect(() => kafka(INTEGER).deserialize(new Uint8Array([1]))).toThrow('Size of data received by IntegerDeserializer is not 4');
  });
});

describe('NONE and column-less serdes', () => {
  it('write nothing and read an empty row', () => {
    const none = createSerde({ name: 'NONE' }, [], { isKey: true });
    expect(none.serialize([])).toBeNull();
    expect(none.deserialize(new Uint8Array([1, 2]))).toEqual([]);
    const keyless = createSerde({ name: 'KAFKA' }, [], { isKey: true });
    expect(keyless.deserialize(new Uint8Array([1]))).toEqual([]);
  });
});
