import { describe, expect, it } from 'vitest';
import { avroCodec } from '../../runtime/serde/avsc-type.ts';
import { InMemorySchemaRegistry } from '../../runtime/serde/schema-registry.ts';
import { frame } from '../../runtime/serde/sr-framing.ts';
import type { RawRecord } from './session-api.ts';
import { decodeOutput } from './decode-output.ts';
import { long } from './encode-input.ts';
import { col, layout } from './fake-session.ts';
import { javaDoubleText } from './java-value.ts';

const exact = { exactNumbers: true };
const raw = (key: Uint8Array | null, value: string | Uint8Array | null): RawRecord => ({
  key,
  value: typeof value === 'string' ? Buffer.from(value) : value,
  timestamp: 7,
  headers: [],
});
const double = (d: number): Buffer => {
  const b = Buffer.alloc(8);
  b.writeDoubleBE(d);
  return b;
};

describe('javaDoubleText', () => {
  it.each([
    [5, '5.0'],
    [1e10, '1.0E10'],
    [0.001, '0.001'],
    [0.0001, '1.0E-4'],
    [1234567.5, '1234567.5'],
    [12345678, '1.2345678E7'],
    [-0.5, '-0.5'],
    [0, '0.0'],
    [0.1 + 0.2, '0.30000000000000004'],
  ])('%d -> %s', (d, t) => expect(javaDoubleText(d)).toBe(t));
});

describe('decodeOutput', () => {
  it('reads JSON integers as Integer/Long and decimals as BigDecimal with scale', () => {
    const r = decodeOutput(raw(null, '{"A":1,"B":3000000000,"C":1.10,"D":"x"}'), layout('KAFKA', { kind: 'INTEGER' }), exact);
    expect(r.value).toEqual({
      kind: 'map',
      value: new Map<string, unknown>([
        ['A', { kind: 'int', value: 1 }],
        ['B', { kind: 'long', value: 3000000000n }],
        ['C', { kind: 'decimal', value: { unscaled: 110n, scale: 2, text: '1.10' } }],
        ['D', { kind: 'string', value: 'x' }],
      ]),
    });
    expect(r.timestamp).toBe(7);
  });

  it('reads JSON decimals as Double when exact comparison is off', () => {
    const r = decodeOutput(raw(null, '1.5'), layout('KAFKA', { kind: 'INTEGER' }), { exactNumbers: false });
    expect(r.value).toEqual({ kind: 'double', value: 1.5 });
  });

  it('reads KAFKA keys by column type', () => {
    const big = decodeOutput(raw(long(5n), null), layout('KAFKA', { kind: 'BIGINT' }), exact);
    expect(big.key).toEqual({ kind: 'int', value: 5 });
    const dbl = decodeOutput(raw(double(1e10), null), layout('KAFKA', { kind: 'DOUBLE' }), exact);
    expect(dbl.key).toEqual({ kind: 'decimal', value: { unscaled: 10n, scale: -9, text: '1.0E10' } });
    const str = decodeOutput(raw(Buffer.from('k'), null), layout('KAFKA', { kind: 'STRING' }), exact);
    expect(str.key).toEqual({ kind: 'string', value: 'k' });
    expect(() => decodeOutput(raw(Buffer.from('abc'), null), layout('KAFKA', { kind: 'INTEGER' }), exact)).toThrow(/4 bytes/);
  });

  it('strips window bounds from windowed keys', () => {
    const l = layout('KAFKA', { kind: 'INTEGER' }, { window: { type: 'HOPPING', sizeMs: 500 } });
    const key = Buffer.concat([Buffer.from([0, 0, 0, 9]), long(1000n)]);
    const r = decodeOutput(raw(key, null), l, exact);
    expect(r.key).toEqual({ kind: 'int', value: 9 });
    expect(r.window).toEqual({ type: 'TIME', start: 1000, end: 1500 });
    const s = layout('KAFKA', { kind: 'INTEGER' }, { window: { type: 'SESSION' } });
    const sKey = Buffer.concat([Buffer.from([0, 0, 0, 9]), long(30n), long(10n)]);
    expect(decodeOutput(raw(sKey, null), s, exact).window).toEqual({ type: 'SESSION', start: 10, end: 30 });
  });

  it('reads DELIMITED as raw text and NONE keys as null', () => {
    const l = { ...layout('NONE', { kind: 'STRING' }), valueFormat: { format: 'DELIMITED', properties: {}, features: [] } };
    const r = decodeOutput(raw(Buffer.from('x'), '1,a'), { ...l, valueColumns: [col('A', { kind: 'INTEGER' })] }, exact);
    expect(r.key).toBeNull();
    expect(r.value).toEqual({ kind: 'string', value: '1,a' });
  });
});

describe('decodeOutput: schema-registry formats', () => {
  it('reads AVRO with the writer schema into Java types (int, long, float, decimal, struct names)', () => {
    const registry = new InMemorySchemaRegistry();
    const schema = { type: 'record', name: 'r', fields: [{ name: 'i', type: 'int' }, { name: 'l', type: 'long' }, { name: 'f', type: 'float' }, { name: 'd', type: { type: 'bytes', logicalType: 'decimal', precision: 4, scale: 2 } }] };
    const id = registry.register('out-value', { schemaType: 'AVRO', schema: JSON.stringify(schema) });
    const value = frame(id, avroCodec(schema).encode({ i: 1, l: 2n, f: 1.5, d: Buffer.from([0x04, 0xd2]) }));
    const layout = { keyFormat: { format: 'KAFKA', properties: {}, features: [] }, valueFormat: { format: 'AVRO', properties: {}, features: [] }, keyColumns: [], valueColumns: [{ name: 'I', type: { kind: 'INTEGER' as const }, namespace: 'VALUE' as const }] };
    const out = decodeOutput({ key: null, value, timestamp: 0, headers: [] }, layout, { exactNumbers: true, registry, topic: 'out' });
    expect(out.value).toEqual({
      kind: 'map',
      value: new Map<string, unknown>([
        ['i', { kind: 'int', value: 1 }],
        ['l', { kind: 'long', value: 2n }],
        ['f', { kind: 'float', value: 1.5 }],
        ['d', { kind: 'decimal', value: { unscaled: 1234n, scale: 2, text: '12.34' } }],
      ]),
    });
  });
});
