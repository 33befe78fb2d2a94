import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../common/decimal.ts';
import type { SqlType } from '../../../common/types.ts';
import { createSerde } from '../../../runtime/serde/create-serde.ts';
import { protoSchemaFor } from '../../../runtime/serde/protobuf-schema.ts';
import { InMemorySchemaRegistry } from '../../../runtime/serde/schema-registry.ts';

const col = (name: string, type: SqlType) => ({ name, type });
const INT: SqlType = { kind: 'INTEGER' };
const primitives = [col('I', INT), col('L', { kind: 'BIGINT' }), col('D', { kind: 'DOUBLE' }), col('B', { kind: 'BOOLEAN' }), col('S', { kind: 'STRING' })];

describe('PROTOBUF serde', () => {
  it('derives ksqlDB text for primitives, wrappers and nested types', () => {
    expect(protoSchemaFor(primitives, { unwrapped: false, nullable: 'none' })).toBe(
      'syntax = "proto3";\n\nmessage ConnectDefault1 {\n  int32 I = 1;\n  int64 L = 2;\n  double D = 3;\n  bool B = 4;\n  string S = 5;\n}\n',
    );
    expect(protoSchemaFor(primitives.slice(0, 1), { unwrapped: false, nullable: 'wrapper' })).toBe(
      'syntax = "proto3";\n\nimport "google/protobuf/wrappers.proto";\n\nmessage ConnectDefault1 {\n  google.protobuf.Int32Value I = 1;\n}\n',
    );
    const nested = [col('S', { kind: 'STRUCT', fields: [{ name: 'F', type: { kind: 'ARRAY', element: INT } }] }), col('M', { kind: 'MAP', key: { kind: 'STRING' }, value: INT })];
    expect(protoSchemaFor(nested, { unwrapped: false, nullable: 'none' })).toMatchSnapshot();
  });

  it('has no nulls for primitives: a null INT reads back as 0', () => {
    const serde = createSerde({ name: 'PROTOBUF' }, primitives, { isKey: false, topic: 't', schemaRegistry: new InMemorySchemaRegistry() });
    expect(serde.deserialize(serde.serialize([null, null, null, null, null]))).toEqual([0, 0n, 0, false, '']);
  });

  it('keeps nulls with nullable representations', () => {
    for (const rep of ['optional', 'wrapper']) {
      const serde = createSerde({ name: 'PROTOBUF_NOSR', nullableRepresentation: rep }, primitives, { isKey: false });
      expect(serde.deserialize(serde.serialize([null, 0n, null, false, null]))).toEqual([null, 0n, null, false, null]);
      expect(serde.deserialize(serde.serialize([0, null, 0, null, '']))).toEqual([0, null, 0, null, '']);
    }
  });

  it('frames with the schema id and a single 0 message index', () => {
    const registry = new InMemorySchemaRegistry();
    const serde = createSerde({ name: 'PROTOBUF' }, [col('I', INT)], { isKey: false, topic: 't', schemaRegistry: registry });
    expect([...serde.serialize([150])!]).toEqual([0, 0, 0, 0, 1, 0, 0x08, 0x96, 0x01]);
    expect(registry.latest('t-value')?.schemaType).toBe('PROTOBUF');
  });

  it('round-trips nested and logical types; PROTOBUF_NOSR has no framing', () => {
    const columns = [
      col('DEC', { kind: 'DECIMAL', precision: 5, scale: 2 }),
      col('TS', { kind: 'TIMESTAMP' }),
      col('DT', { kind: 'DATE' }),
      col('TM', { kind: 'TIME' }),
      col('A', { kind: 'ARRAY', element: { kind: 'STRING' } }),
      col('M', { kind: 'MAP', key: { kind: 'STRING' }, value: { kind: 'DOUBLE' } }),
      col('ST', { kind: 'STRUCT', fields: [{ name: 'F', type: INT }] }),
      col('BY', { kind: 'BYTES' }),
    ];
    const serde = createSerde({ name: 'PROTOBUF_NOSR' }, columns, { isKey: false });
    const row = [Decimal.parse('123.45'), 1_600_000_000_123, 19000, 45_296_789, ['a'], new Map([['x', 1.5]]), { F: 3 }, new Uint8Array([9])];
    const bytes = serde.serialize(row)!;
    expect(bytes[0]).not.toBe(0);
    const back = serde.deserialize(bytes)!;
    expect((back[0] as Decimal).toString()).toBe('123.45');
    expect(back.slice(1)).toEqual(row.slice(1));
    expect(serde.deserialize(serde.serialize([null, null, null, null, null, null, null, null]))).toEqual([null, null, null, null, [], new Map(), null, new Uint8Array()]);
  });

  it('rejects non-STRING map keys and unwrapped values', () => {
    expect(() => createSerde({ name: 'PROTOBUF' }, [col('M', { kind: 'MAP', key: INT, value: INT })], { isKey: false })).toThrow('PROTOBUF format only supports MAP types with STRING keys');
  });
});
