import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../common/decimal.ts';
import type { SqlType } from '../../../common/types.ts';
import { avroSchemaFor } from '../../../runtime/serde/avro-schema.ts';
import { avroCodec } from '../../../runtime/serde/avsc-type.ts';
import { createSerde } from '../../../runtime/serde/create-serde.ts';
import { InMemorySchemaRegistry } from '../../../runtime/serde/schema-registry.ts';
import { frame } from '../../../runtime/serde/sr-framing.ts';

const col = (name: string, type: SqlType) => ({ name, type });
const INT: SqlType = { kind: 'INTEGER' };
const BIG: SqlType = { kind: 'BIGINT' };

describe('AVRO serde', () => {
  it('round-trips every type with Confluent framing and registers the derived schema', () => {
    const registry = new InMemorySchemaRegistry();
    const columns = [
      col('I', INT),
      col('L', BIG),
      col('D', { kind: 'DOUBLE' }),
      col('B', { kind: 'BOOLEAN' }),
      col('S', { kind: 'STRING' }),
      col('DEC', { kind: 'DECIMAL', precision: 4, scale: 2 }),
      col('BY', { kind: 'BYTES' }),
      col('TS', { kind: 'TIMESTAMP' }),
      col('DT', { kind: 'DATE' }),
      col('TM', { kind: 'TIME' }),
      col('A', { kind: 'ARRAY', element: { kind: 'STRING' } }),
      col('M', { kind: 'MAP', key: { kind: 'STRING' }, value: INT }),
      col('ST', { kind: 'STRUCT', fields: [{ name: 'F', type: BIG }] }),
    ];
    const serde = createSerde({ name: 'AVRO' }, columns, { isKey: false, topic: 't', schemaRegistry: registry });
    const row = [1, 2n ** 62n, 1.5, true, 'x', Decimal.parse('-1.25'), new Uint8Array([1, 2]), 1_600_000_000_000, 19000, 3600000, ['a', null], new Map([['k', 3]]), { F: -7n }];
    const bytes = serde.serialize(row)!;
    expect([...bytes.subarray(0, 5)]).toEqual([0, 0, 0, 0, 1]);
    expect(registry.latest('t-value')?.id).toBe(1);
    const back = serde.deserialize(bytes)!;
    expect(back.slice(0, 5)).toEqual(row.slice(0, 5));
    expect((back[5] as Decimal).toString()).toBe('-1.25');
    expect(back.slice(6)).toEqual(row.slice(6));
    expect(serde.serialize([null, null, null, null, null, null, null, null, null, null, null, null, null])).not.toBeNull();
  });

  it('reads with a writer schema whose field names differ in case and maps by name', () => {
    const registry = new InMemorySchemaRegistry();
    const writer = { type: 'record', name: 'W', fields: [{ name: 'extra', type: 'string' }, { name: 'foo', type: 'long' }] };
    const id = registry.register('t-value', { schemaType: 'AVRO', schema: JSON.stringify(writer) });
    const bytes = frame(id, avroCodec(writer).encode({ extra: 'x', foo: 5n }));
    const serde = createSerde({ name: 'AVRO' }, [col('FOO', INT), col('BAR', INT)], { isKey: false, topic: 't', schemaRegistry: registry });
    expect(serde.deserialize(bytes)).toEqual([5, null]);
  });

  it('derives ksqlDB-shaped schemas', () => {
    expect(avroSchemaFor([col('FOO', INT), col('S', { kind: 'STRUCT', fields: [{ name: 'F1', type: { kind: 'DECIMAL', precision: 4, scale: 2 } }] })], { unwrapped: false, isKey: false })).toMatchSnapshot();
    expect(avroSchemaFor([col('K', { kind: 'STRUCT', fields: [{ name: 'F1', type: INT }] })], { unwrapped: true, isKey: true, fullName: 'io.confluent.ksql.avro_schemas.OutputKey' })).toMatchSnapshot();
    expect(avroSchemaFor([col('K', { kind: 'TIMESTAMP' })], { unwrapped: true, isKey: true })).toEqual({ type: 'long', logicalType: 'timestamp-millis' });
    expect(avroSchemaFor([col('V', INT)], { unwrapped: true, isKey: false })).toEqual(['null', 'int']);
  });

  it('writes single values bare with WRAP_SINGLE_VALUE=false and keys bare', () => {
    const registry = new InMemorySchemaRegistry();
    const value = createSerde({ name: 'AVRO' }, [col('V', { kind: 'TIMESTAMP' })], { isKey: false, wrapSingleValue: false, topic: 't', schemaRegistry: registry });
    expect(value.deserialize(value.serialize([42]))).toEqual([42]);
    const key = createSerde({ name: 'AVRO' }, [col('K', INT)], { isKey: true, topic: 't', schemaRegistry: registry });
    const bytes = key.serialize([10])!;
    expect([...bytes]).toEqual([0, 0, 0, 0, 2, 20]);
    expect(registry.latest('t-key')?.schema).toBe('"int"');
  });

  it('refuses column names and map keys Avro cannot carry', () => {
    expect(() => createSerde({ name: 'AVRO' }, [col('1abc', INT)], { isKey: false })).toThrow('Schema is not compatible with Avro: Illegal initial character: 1abc');
    expect(() => createSerde({ name: 'AVRO' }, [col('M', { kind: 'MAP', key: INT, value: INT })], { isKey: false })).toThrow('Avro only supports MAPs with STRING keys');
  });
});
