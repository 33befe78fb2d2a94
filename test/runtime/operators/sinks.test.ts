import { describe, expect, it } from 'vitest';
import { BIGINT } from '../../../common/types.ts';
import type { QueryPlan, Step, WindowedKey } from '../../../plan/steps.ts';
import type { LogRecord } from '../../../runtime/log/log.ts';
import { DefaultProcessingLog } from '../../../runtime/log/processing-log.ts';
import { joinWindowedKey, splitWindowedKey } from '../../../runtime/operators/windowed-key.ts';
import { buildTopology } from '../../../runtime/topology.ts';
import { aggregate, countStar, formats, keyRef, registry, source, valCol } from './helpers.ts';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array | null): string | null => (b === null ? null : new TextDecoder().decode(b));

function run(sink: Step, inputs: readonly { key: Uint8Array | null; value: string | null; timestamp: number }[]): LogRecord[] {
  const out: LogRecord[] = [];
  const plan: QueryPlan = { queryId: 'Q', sink, sourceTopics: ['in'] };
  const topology = buildTopology(plan, { registry, processingLog: new DefaultProcessingLog(), emit: (_t, r) => out.push(r) });
  inputs.forEach((r, offset) => topology.sources.get('in')!({ topic: 'in', partition: 0, offset, headers: [], ...r, value: r.value === null ? null : enc(r.value) }));
  return out;
}

describe('windowed keys', () => {
  it('splits and joins time and session layouts', () => {
    const time: WindowedKey = { type: 'TUMBLING', sizeMs: 100 };
    expect(splitWindowedKey(joinWindowedKey(enc('k'), 'TUMBLING', 300, 400), time)).toEqual({ inner: enc('k'), start: 300, end: 400 });
    const bytes = joinWindowedKey(enc('k'), 'SESSION', 5, 9);
    expect([...bytes.subarray(1)]).toEqual([0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 5]);
    expect(splitWindowedKey(bytes, { type: 'SESSION' })).toEqual({ inner: enc('k'), start: 5, end: 9 });
  });
});

describe('sinks', () => {
  it('writes a windowed aggregate to a table sink with the window after the key, and tombstones as null values', () => {
    const input = source('StreamSource', [valCol('V', BIGINT)]);
    const agg = aggregate(input, [keyRef(0)], [countStar], { type: 'SESSION', gapMs: 10, graceMs: 100, retentionMs: 110 });
    const sink: Step = { kind: 'TableSink', id: 'Sink', schema: agg.schema, source: agg, topic: 'out', formats, window: { type: 'SESSION' } };
    const out = run(sink, [
      { key: enc('k'), value: '{"V":1}', timestamp: 1 },
      { key: enc('k'), value: '{"V":1}', timestamp: 5 },
    ]);
    expect(out.map((r) => [splitWindowedKey(r.key!, { type: 'SESSION' }), dec(r.value), r.timestamp])).toEqual([
      [{ inner: enc('k'), start: 1, end: 1 }, '{"A0":1}', 1],
      [{ inner: enc('k'), start: 1, end: 1 }, null, 1],
      [{ inner: enc('k'), start: 1, end: 5 }, '{"A0":2}', 5],
    ]);
  });

  it('passes a windowed stream through unchanged (session-windows.json :: import session stream)', () => {
    const window: WindowedKey = { type: 'SESSION' };
    const input = { ...source('StreamSource', [valCol('ID', BIGINT)]), window } as Step;
    const sink: Step = { kind: 'StreamSink', id: 'Sink', schema: input.schema, source: input, topic: 'out', formats, window };
    const key = joinWindowedKey(enc('0'), 'SESSION', 0, 10_000);
    const out = run(sink, [{ key, value: '{"ID":2}', timestamp: 10_000 }, { key, value: null, timestamp: 10_000 }]);
    expect(out.map((r) => [[...r.key!], dec(r.value)])).toEqual([[[...key], '{"ID":2}'], [[...key], null]]);
  });

  it('exposes WINDOWSTART and WINDOWEND of a windowed source to expressions', () => {
    const window: WindowedKey = { type: 'HOPPING', sizeMs: 30_000 };
    const input = { ...source('StreamSource', [valCol('ID', BIGINT)]), window } as Step;
    const project: Step = {
      kind: 'StreamSelect', id: 'Project', schema: { key: input.schema.key, value: [valCol('WS', BIGINT), valCol('WE', BIGINT)] }, source: input,
      keyExprs: [keyRef(0)],
      valueExprs: [{ kind: 'Column', type: BIGINT, name: 'WINDOWSTART', slot: { from: 'WINDOWSTART' } }, { kind: 'Column', type: BIGINT, name: 'WINDOWEND', slot: { from: 'WINDOWEND' } }],
    };
    const sink: Step = { kind: 'StreamSink', id: 'Sink', schema: project.schema, source: project, topic: 'out', formats, window };
    const out = run(sink, [{ key: joinWindowedKey(enc('a'), 'HOPPING', 15_000, 0), value: '{"ID":1}', timestamp: 20_000 }]);
    expect(dec(out[0]!.value)).toBe('{"WS":15000,"WE":45000}');
    expect(splitWindowedKey(out[0]!.key!, window)).toEqual({ inner: enc('a'), start: 15_000, end: 45_000 });
  });
});
