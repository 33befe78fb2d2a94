/**
 * An aggregation (or join) live on the EmbeddedLog, end to end: the query runs while every event is
 * appended (in chunks, as a producer would), and the clock stops when the query's committed offsets
 * reach the end of its sources: outputs, state and offsets are then all in LevelDB.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { KsqlEngine } from '../engine/ksql-engine.ts';
import { LiveQueryHost } from '../engine/live-host.ts';
import type { QueryHost } from '../engine/query-host.ts';
import { createDefaultRegistry } from '../functions/index.ts';
import { EmbeddedLog } from '../runtime/log/embedded-log.ts';
import type { LogRecord } from '../runtime/log/log.ts';
import { DefaultProcessingLog } from '../runtime/log/processing-log.ts';
import { aggBenchQuery, type BenchQuery } from './agg-manual-bench.ts';
import type { AggEvents, AggQuery, BenchInput } from './agg-workload.ts';
import { PeakMemory } from './memory.ts';
import { measure, type Measurement } from './timing.ts';

const GROUP_PREFIX = 'bench_';
const APPEND_CHUNK = 5_000;

export async function benchAggLive(query: AggQuery, events: AggEvents): Promise<Measurement[]> {
  return benchQueryLive(aggBenchQuery(query), events);
}

/** `preload` (e.g. a table's rows) is appended and consumed before the clock starts. */
export async function benchQueryLive(query: BenchQuery, events: BenchInput, preload?: BenchInput): Promise<Measurement[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tributary-bench-'));
  const log = await EmbeddedLog.open(dir);
  const registry = createDefaultRegistry();
  const processingLog = new DefaultProcessingLog();
  const live = new LiveQueryHost(log, registry, processingLog, GROUP_PREFIX);
  const started: string[] = [];
  const host: QueryHost = {
    start: (plan, options) => (started.push(plan.queryId), live.start(plan, options)),
    stop: (id) => live.stop(id),
    close: () => live.close(),
  };
  try {
    const engine = new KsqlEngine({ log, registry, processingLog, serviceId: GROUP_PREFIX, host, autoCreateTopics: true });
    await engine.executeScript(query.script, engine.newSession());
    const group = `${GROUP_PREFIX}${started[0]!}`;
    if (preload) {
      await appendAll(log, preload);
      await caughtUp(log, group, preload.ends);
    }
    const memory = new PeakMemory();
    let appendedMs = 0;
    const t0 = Date.now();
    const e2e = await measure(`${query.name}, live on EmbeddedLog (end to end)`, events.count, async () => {
      await appendAll(log, events);
      appendedMs = Date.now() - t0;
      await caughtUp(log, group, ends(events, preload));
    });
    const peakRssMb = memory.stop();
    if (processingLog.errorCount() > 0) throw new Error(`${query.name} live: ${processingLog.errorCount()} processing errors`);
    return [{ ...e2e, peakRssMb, note: `RSS ${memory.startMb.toFixed(0)} MB at start; appends done after ${appendedMs} ms` }];
  } finally {
    await host.close();
    await log.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** End offsets once both inputs are in (a topic may take part in both). */
function ends(events: BenchInput, preload: BenchInput | undefined): Map<string, number> {
  const out = new Map(preload?.ends);
  for (const [topic, end] of events.ends) out.set(topic, (out.get(topic) ?? 0) + end);
  return out;
}

/** Appends in chunks of APPEND_CHUNK events, one append per topic present in the chunk. */
async function appendAll(log: EmbeddedLog, events: BenchInput): Promise<void> {
  for (let i = 0; i < events.count; i += APPEND_CHUNK) {
    const chunk = new Map<string, LogRecord[]>();
    for (let j = i; j < Math.min(i + APPEND_CHUNK, events.count); j++) {
      const topic = events.topic(j);
      const records = chunk.get(topic);
      if (records) records.push(events.record(j));
      else chunk.set(topic, [events.record(j)]);
    }
    for (const [topic, records] of chunk) await log.append(topic, 0, records);
  }
}

async function caughtUp(log: EmbeddedLog, group: string, ends: ReadonlyMap<string, number>): Promise<void> {
  const deadline = Date.now() + 300_000;
  for (;;) {
    let behind = false;
    for (const [topic, end] of ends) if (((await log.committedOffset(group, topic, 0)) ?? 0) < end) behind = true;
    if (!behind) return;
    if (Date.now() > deadline) throw new Error(`the query has not reached offsets ${JSON.stringify([...ends])} after 300 s`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
