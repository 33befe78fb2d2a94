import { describe, expect, it } from 'vitest';
import type { StepOf, WindowedKey } from '../../../plan/steps.ts';
import type { LogRecord } from '../../../runtime/log/log.ts';
import { materializeTable } from '../../../runtime/operators/table-materialize.ts';
import { joinWindowedKey } from '../../../runtime/operators/windowed-key.ts';
import { MemoryStateProvider } from '../../../runtime/state/memory-state-provider.ts';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const text = (b: Uint8Array | null): string | null => (b === null ? null : new TextDecoder().decode(b));
const record = (key: Uint8Array, value: string | null, timestamp: number): LogRecord => ({ key, value: value === null ? null : bytes(value), timestamp, headers: [] });

function sink(window?: WindowedKey, retentionMs?: number): StepOf<'TableSink'> {
  const format = { name: 'KAFKA', properties: {} };
  const schema = { key: [], value: [] };
  const source = retentionMs === undefined
    ? ({ kind: 'TableSource', id: 'src', schema, topic: 'in', formats: { key: format, value: format, wrapSingleValue: false }, physical: schema } as const)
    : ({ kind: 'StreamAggregate', id: 'Aggregate', schema, window: { type: 'TUMBLING', sizeMs: 1000, advanceMs: 1000, graceMs: 0, retentionMs } } as unknown as StepOf<'TableSink'>['source']);
  return { kind: 'TableSink', id: 'KsqlTopic/Sink', schema, source, topic: 'OUT', formats: { key: format, value: format, wrapSingleValue: false }, ...(window ? { window } : {}) };
}

async function scan(table: { scan(): AsyncIterable<LogRecord> }): Promise<[string | null, string | null, number][]> {
  const out: [string | null, string | null, number][] = [];
  for await (const r of table.scan()) out.push([text(r.key), text(r.value), r.timestamp]);
  return out.sort();
}

describe('materializeTable', () => {
  it('keeps the latest record per key the sink writes, forgets tombstones, and passes every record on', async () => {
    const passed: string[] = [];
    const { emit, table } = materializeTable(sink(), new MemoryStateProvider(), (topic) => passed.push(topic));
    emit('OUT', record(bytes('a'), '1', 10));
    emit('OUT', record(bytes('b'), '2', 20));
    emit('OUT', record(bytes('a'), '3', 30));
    emit('OUT', record(bytes('b'), null, 40));
    emit('other-topic', record(bytes('c'), '9', 50));
    expect(passed).toEqual(['OUT', 'OUT', 'OUT', 'OUT', 'other-topic']);
    expect(await scan(table)).toEqual([['a', '3', 30]]);
    expect(table.get(bytes('a')).map((r) => text(r.value))).toEqual(['3']);
    expect(table.get(bytes('b'))).toEqual([]);
    expect(table.windowed).toBe(false);
  });

  it('keeps a windowed table per key and window, and lets windows older than the retention go', async () => {
    const w: WindowedKey = { type: 'TUMBLING', sizeMs: 1000 };
    const { emit, table } = materializeTable(sink(w, 5000), new MemoryStateProvider(), () => undefined);
    const key = (k: string, start: number): Uint8Array => joinWindowedKey(bytes(k), 'TUMBLING', start, start + 1000);
    emit('OUT', record(key('a', 0), '1', 10));
    emit('OUT', record(key('a', 1000), '2', 1010));
    emit('OUT', record(key('a', 0), '3', 20));
    expect((await scan(table)).map(([, v]) => v).sort()).toEqual(['2', '3']);
    emit('OUT', record(key('b', 0), '5', 30));
    expect(table.get(bytes('a')).map((r) => [text(r.value), r.key!.length])).toEqual([['3', 9], ['2', 9]]);
    emit('OUT', record(key('a', 10_000), '4', 10_010));
    expect((await scan(table)).map(([, v]) => v)).toEqual(['4']);
  });
});
