/**
 * (b) The same CSAS live on the EmbeddedLog: append N records to the source, wait until the sink
 * holds every output row. Measures the real path: fetch, decode, process, one LevelDB batch per
 * task batch with outputs and offsets.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { KsqlEngine } from '../engine/ksql-engine.ts';
import { LiveQueryHost } from '../engine/live-host.ts';
import { createDefaultRegistry } from '../functions/index.ts';
import { EmbeddedLog } from '../runtime/log/embedded-log.ts';
import type { LogRecord } from '../runtime/log/log.ts';
import { DefaultProcessingLog } from '../runtime/log/processing-log.ts';
import { measure, type Measurement } from './timing.ts';
import { QUERY, SINK_TOPIC, SOURCE_DDL, SOURCE_TOPIC, type Workload } from './workload.ts';

const APPEND_CHUNK = 5_000;

export async function benchEmbedded(workload: Workload, warmup: Workload): Promise<Measurement[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tributary-bench-'));
  const log = await EmbeddedLog.open(dir);
  const registry = createDefaultRegistry();
  const processingLog = new DefaultProcessingLog();
  const host = new LiveQueryHost(log, registry, processingLog, 'bench_');
  try {
    const engine = new KsqlEngine({ log, registry, processingLog, serviceId: 'bench_', host, autoCreateTopics: true });
    await engine.executeScript(`${SOURCE_DDL}\n${QUERY}`, engine.newSession());
    await appendAll(log, warmup.records);
    await sinkReaches(log, warmup.passing);
    const e2e = await measure('(b) CSAS live, EmbeddedLog, end to end', workload.records.length, async () => {
      await appendAll(log, workload.records);
      await sinkReaches(log, warmup.passing + workload.passing);
    });
    // The producer side alone, on a topic nobody reads, to separate it from the query's cost.
    await log.createTopic('append_only', { partitions: 1 });
    const append = await measure('(b) EmbeddedLog append alone', workload.records.length, () => appendAll(log, workload.records, 'append_only'));
    return [e2e, append];
  } finally {
    await host.close();
    await log.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function appendAll(log: EmbeddedLog, records: readonly LogRecord[], topic = SOURCE_TOPIC): Promise<void> {
  for (let i = 0; i < records.length; i += APPEND_CHUNK) await log.append(topic, 0, records.slice(i, i + APPEND_CHUNK));
}

async function sinkReaches(log: EmbeddedLog, expected: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  const partitions = (await log.describeTopic(SINK_TOPIC))?.partitions ?? 0;
  for (;;) {
    let total = 0;
    for (let p = 0; p < partitions; p++) total += await log.endOffset(SINK_TOPIC, p);
    if (total >= expected) return;
    if (Date.now() > deadline) throw new Error(`the sink has ${total} of ${expected} rows after 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
