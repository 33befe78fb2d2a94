import { describe, expect, it } from 'vitest';
import { InMemorySchemaRegistry } from '../../runtime/serde/schema-registry.ts';
import type { TestRecord } from './case-model.ts';
import { EncodeError, encodeInput } from './encode-input.ts';
import { col, layout } from './fake-session.ts';
import { type JsonObject, parseLossless } from './json-text.ts';
import { parseRecord } from './parse-case.ts';

const INT = { kind: 'INTEGER' } as const;
const BIGINT = { kind: 'BIGINT' } as const;
const DOUBLE = { kind: 'DOUBLE' } as const;
const STRING = { kind: 'STRING' } as const;

const rec = (json: string): TestRecord => parseRecord({ topic: 't', ...(parseLossless(json) as JsonObject) });

const text = (b: Uint8Array | null): string | null => (b === null ? null : Buffer.from(b).toString('utf8'));
const hex = (b: Uint8Array | null): string | null => (b === null ? null : Buffer.from(b).toString('hex'));

describe('encodeInput', () => {
  it('writes JSON verbatim, keeping numeric text and field case, strings quoted', () => {
    const r = encodeInput(rec('{"key": "k1", "value": {"Name": "x", "AMOUNT": 1.10}}'), layout('JSON', STRING));
    expect(text(r.key)).toBe('"k1"');
    expect(text(r.value)).toBe('{"Name":"x","AMOUNT":1.10}');
    expect(r.timestamp).toBe(0);
  });

  it('writes DELIMITED raw text and rejects non-strings', () => {
    const l = layout('DELIMITED', STRING, { valueFormat: 'DELIMITED' });
    expect(text(encodeInput(rec('{"key": "a", "value": "1,foo,2.0"}'), l).value)).toBe('1,foo,2.0');
    expect(() => encodeInput(rec('{"value": {"A": 1}}'), l)).toThrow(EncodeError);
  });

  it('writes KAFKA keys per column type', () => {
    expect(hex(encodeInput(rec('{"key": 1, "value": null}'), layout('KAFKA', INT)).key)).toBe('00000001');
    expect(() => encodeInput(rec('{"key": 1.5, "value": null}'), layout('KAFKA', INT))).toThrow(/INTEGER/);
    expect(hex(encodeInput(rec('{"key": -1.9, "value": null}'), layout('KAFKA', BIGINT)).key)).toBe('ffffffffffffffff');
    expect(hex(encodeInput(rec('{"key": 1, "value": null}'), layout('KAFKA', DOUBLE)).key)).toBe('3ff0000000000000');
    expect(text(encodeInput(rec('{"key": "héllo", "value": null}'), layout('KAFKA', STRING)).key)).toBe('héllo');
    expect(text(encodeInput(rec('{"key": "AAE=", "value": null}'), layout('KAFKA', { kind: 'BYTES' })).key)).toBe('AAE=');
  });

  it('drops the key for NONE and writes no-column keys as raw strings', () => {
    expect(encodeInput(rec('{"key": 5, "value": null}'), layout('NONE', INT)).key).toBeNull();
    const noKey = { ...layout('KAFKA', INT), keyColumns: [] };
    expect(text(encodeInput(rec('{"key": "abc", "value": null}'), noKey).key)).toBe('abc');
    expect(text(encodeInput(rec('{"key": 12, "value": 3}'), undefined).value)).toBe('3');
  });

  it('appends the window start, or end then start for sessions', () => {
    const tumbling = layout('KAFKA', INT, { window: { type: 'TUMBLING', sizeMs: 1000 } });
    const w = rec('{"key": 1, "value": null, "window": {"start": 2000, "end": 9999, "type": "time"}}');
    expect(hex(encodeInput(w, tumbling).key)).toBe('00000001' + '00000000000007d0');
    const session = layout('KAFKA', INT, { window: { type: 'SESSION' } });
    const s = rec('{"key": 1, "value": null, "window": {"start": 1, "end": 2, "type": "session"}}');
    expect(hex(encodeInput(s, session).key)).toBe('00000001' + '0000000000000002' + '0000000000000001');
    expect(() => encodeInput(rec('{"key": 1, "value": null}'), tumbling)).toThrow(/window/);
  });

  it('decodes header values from base64 and keeps the timestamp', () => {
    const r = encodeInput(rec('{"value": null, "timestamp": 42, "headers": [{"KEY": "h", "VALUE": "AQI="}, {"KEY": "n", "VALUE": null}]}'), undefined);
    expect(r.timestamp).toBe(42);
    expect(r.headers.map((h) => [h.key, hex(h.value)])).toEqual([['h', '0102'], ['n', null]]);
  });

  it('encodes schema-registry formats with the latest (else derived) schema and its id', () => {
    const avro = layout('JSON', STRING, { valueFormat: 'AVRO', valueColumns: [col('V', STRING)] });
    expect(() => encodeInput(rec('{"value": {"V": "x"}}'), avro)).toThrow("needs the session's schema registry");
    const registry = new InMemorySchemaRegistry();
    registry.register('t-value', { schemaType: 'AVRO', schema: '{"type":"record","name":"r","fields":[{"name":"v","type":"int"}]}' }, 7);
    const out = encodeInput(rec('{"topic": "t", "value": {"V": "12"}}'), avro, registry);
    expect([...(out.value ?? [])]).toEqual([0, 0, 0, 0, 7, 24]);
    expect(() => encodeInput(rec('{"topic": "t", "value": {"V": 1.5}}'), avro, registry)).toThrow(/cannot write 1.5 as Avro int/);
  });
});
