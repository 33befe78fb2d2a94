import { describe, expect, it } from 'vitest';
import type { SqlType } from '../../../common/types.ts';
import { createSerde } from '../../../runtime/serde/create-serde.ts';
import { InMemorySchemaRegistry } from '../../../runtime/serde/schema-registry.ts';

describe('AVRO schema defaults', () => {
  it("fill a struct's missing long field with its default, written as a long", () => {
    const registry = new InMemorySchemaRegistry();
    const schema = {
      type: 'record',
      name: 'Row',
      fields: [{ name: 'S', type: { type: 'record', name: 'Inner', fields: [{ name: 'EMAIL', type: 'string' }, { name: 'VOTES', type: 'long', default: 10 }] } }],
    };
    const id = registry.register('t-value', { schemaType: 'AVRO', schema: JSON.stringify(schema) });
    const struct: SqlType = { kind: 'STRUCT', fields: [{ name: 'EMAIL', type: { kind: 'STRING' } }] };
    const writer = createSerde({ name: 'AVRO', schemaId: String(id) }, [{ name: 'S', type: struct }], { isKey: false, topic: 't', schemaRegistry: registry });
    const full: SqlType = { kind: 'STRUCT', fields: [{ name: 'EMAIL', type: { kind: 'STRING' } }, { name: 'VOTES', type: { kind: 'BIGINT' } }] };
    const reader = createSerde({ name: 'AVRO' }, [{ name: 'S', type: full }], { isKey: false, topic: 't', schemaRegistry: registry });
    expect(reader.deserialize(writer.serialize([{ EMAIL: 'a@b' }]))).toEqual([{ EMAIL: 'a@b', VOTES: 10n }]);
  });
});
