/**
 * An aggregation (or join) in process: the query's topology driven record by record through the
 * manual host, as the conformance driver does (memory state, no I/O). Outputs are encoded by the sink.
 */
import { KsqlEngine } from '../engine/ksql-engine.ts';
import { ManualQueryHost } from '../engine/manual-host.ts';
import { createDefaultRegistry } from '../functions/index.ts';
import type { StoredRecord } from '../runtime/log/log.ts';
import { MemoryLog } from '../runtime/log/memory-log.ts';
import { DefaultProcessingLog } from '../runtime/log/processing-log.ts';
import { AGG_DDL, type AggEvents, type AggQuery, type BenchInput } from './agg-workload.ts';
import { PeakMemory } from './memory.ts';
import { measure, type Measurement } from './timing.ts';

/** A benchmark query: the whole script (DDL, then the one persistent query) and its output count. */
export interface BenchQuery {
  readonly name: string;
  readonly script: string;
  /** Rows the query must emit for the measured events (a run with any other count fails). */
  expectedRows(events: BenchInput): number;
}

export const aggBenchQuery = (query: AggQuery): BenchQuery => ({ name: query.name, script: `${AGG_DDL}\n${query.sql}`, expectedRows: (events) => events.count });

export async function benchAggManual(query: AggQuery, events: AggEvents): Promise<Measurement> {
  return benchQueryManual(aggBenchQuery(query), events);
}

/** `preload` (e.g. a table's rows) goes through the topology before the clock starts. */
export async function benchQueryManual(query: BenchQuery, events: BenchInput, preload?: BenchInput): Promise<Measurement> {
  const registry = createDefaultRegistry();
  const processingLog = new DefaultProcessingLog();
  let emitted = 0;
  const host = new ManualQueryHost(registry, processingLog, () => void emitted++);
  const engine = new KsqlEngine({ log: new MemoryLog(), registry, processingLog, serviceId: 'bench_', host, autoCreateTopics: true });
  await engine.executeScript(query.script, engine.newSession());
  const sources = [...host.topologies.values()][0]?.topology.sources;
  const handlers = new Map([...new Set([...events.ends.keys(), ...(preload?.ends.keys() ?? [])])].map((t) => [t, sources?.get(t)]));
  if (!sources || [...handlers.values()].includes(undefined)) throw new Error('the benchmark query did not start');
  const feed = (r: StoredRecord): void => handlers.get(r.topic)!(r);
  for (let i = 0; i < (preload?.count ?? 0); i++) feed(preload!.stored(i));
  emitted = 0;
  const memory = new PeakMemory();
  const result = await measure(`${query.name}, in process (manual host)`, events.count, () => {
    for (let i = 0; i < events.count; i++) {
      feed(events.stored(i));
      if (i % 10_000 === 0) memory.sample();
    }
  });
  const peakRssMb = memory.stop();
  const expected = query.expectedRows(events);
  if (emitted !== expected || processingLog.errorCount() > 0) {
    throw new Error(`${query.name} emitted ${emitted} of ${expected} rows with ${processingLog.errorCount()} processing errors`);
  }
  return { ...result, peakRssMb, note: `RSS ${memory.startMb.toFixed(0)} MB at start` };
}
