import { describe, expect, it } from 'vitest';
import type { Column } from '../../../common/schema.ts';
import { createSerde } from '../../../runtime/serde/create-serde.ts';
import { inferColumns } from '../../../runtime/serde/infer-columns.ts';
import { InMemorySchemaRegistry } from '../../../runtime/serde/schema-registry.ts';
import { frame, unframe } from '../../../runtime/serde/sr-framing.ts';

describe('InMemorySchemaRegistry', () => {
  it('numbers ids from 1, reuses ids for identical schemas and honours fixed ids', () => {
    const r = new InMemorySchemaRegistry();
    expect(r.register('a-value', { schemaType: 'AVRO', schema: '"int"' }, 5)).toBe(5);
    expect(r.register('b-value', { schemaType: 'AVRO', schema: '"long"' })).toBe(1);
    expect(r.register('c-value', { schemaType: 'AVRO', schema: '"int"' })).toBe(5);
    expect(r.register('b-value', { schemaType: 'AVRO', schema: '"string"' })).toBe(2);
    expect(r.latest('b-value')).toMatchObject({ id: 2, version: 2 });
    expect(r.byId(1)?.schema).toBe('"long"');
    expect(r.latest('missing')).toBeUndefined();
  });
});

describe('Confluent framing', () => {
  it('writes magic byte, big-endian id and message indexes', () => {
    expect([...frame(258, new Uint8Array([7]))]).toEqual([0, 0, 0, 1, 2, 7]);
    expect(unframe(frame(3, new Uint8Array([1]), [0]), true)).toMatchObject({ schemaId: 3, messageIndexes: [0] });
    expect(unframe(frame(3, new Uint8Array([1]), [1, 2]), true)).toMatchObject({ schemaId: 3, messageIndexes: [1, 2] });
    expect(() => unframe(new Uint8Array([1, 0, 0, 0, 1]))).toThrow('Unknown magic byte');
  });
});

describe('JSON_SR serde', () => {
  it('frames JSON text and registers a JSON schema', () => {
    const registry = new InMemorySchemaRegistry();
    const serde = createSerde({ name: 'JSON_SR' }, [{ name: 'FOO', type: { kind: 'INTEGER' } }], { isKey: false, topic: 't', schemaRegistry: registry });
    const bytes = serde.serialize([7])!;
    expect([...bytes.subarray(0, 5)]).toEqual([0, 0, 0, 0, 1]);
    expect(new TextDecoder().decode(bytes.subarray(5))).toBe('{"FOO":7}');
    expect(registry.latest('t-value')?.schemaType).toBe('JSON');
    expect(serde.deserialize(bytes)).toEqual([7]);
  });
});

describe('inferColumns', () => {
  const names = (cs: Column[]): string[] => cs.map((c) => `${c.name}:${c.type.kind}`);
  it('maps an Avro record to upper-cased value columns and a key to ROWKEY', () => {
    const schema = JSON.stringify({ type: 'record', name: 'x', fields: [{ name: 'c1', type: ['null', 'int'] }, { name: 'c2', type: { type: 'enum', name: 'E', symbols: ['A'] } }, { name: 'c3', type: 'float' }] });
    expect(names(inferColumns({ schemaType: 'AVRO', schema }, 'AVRO', false))).toEqual(['C1:INTEGER', 'C2:STRING', 'C3:DOUBLE']);
    expect(names(inferColumns({ schemaType: 'AVRO', schema: '"int"' }, 'AVRO', true))).toEqual(['ROWKEY:INTEGER']);
    expect(names(inferColumns({ schemaType: 'AVRO', schema }, 'AVRO', false, { wrapSingleValue: false }))).toEqual(['ROWVAL:STRUCT']);
  });
  it('maps Protobuf scalars as ksqlDB does (uint32 is BIGINT, wrappers are nullable primitives)', () => {
    const schema = 'syntax = "proto3"; import "google/protobuf/wrappers.proto"; message M { uint32 a = 1; sint32 b = 2; google.protobuf.StringValue c = 3; repeated string d = 4; }';
    expect(names(inferColumns({ schemaType: 'PROTOBUF', schema }, 'PROTOBUF', false))).toEqual(['A:BIGINT', 'B:INTEGER', 'C:STRING', 'D:ARRAY']);
  });
  it('maps JSON schemas by connect.type', () => {
    const schema = JSON.stringify({ type: 'object', properties: { FOO: { oneOf: [{ type: 'null' }, { type: 'integer', 'connect.type': 'int32' }] } } });
    expect(names(inferColumns({ schemaType: 'JSON', schema }, 'JSON_SR', false))).toEqual(['FOO:INTEGER']);
  });
});

describe('createSerde', () => {
  it('reads a record whose writer schema id is unknown as a processing error', () => {
    const serde = createSerde({ name: 'AVRO' }, [{ name: 'A', type: { kind: 'INTEGER' } }], { isKey: false, topic: 't', schemaRegistry: new InMemorySchemaRegistry() });
    expect(() => serde.deserialize(frame(9, new Uint8Array([2])))).toThrow(/Schema not found/);
  });
});
