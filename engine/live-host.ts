/**
 * Runs persistent queries for real: one task per source partition tails the log, processes a batch
 * synchronously, then writes the outputs and the source offsets. On the embedded log both go in one
 * LevelDB batch (exactly-once); on other logs outputs are appended before offsets are committed
 * (at-least-once).
 */
import type { FunctionRegistry } from '../functions/registry.ts';
import type { QueryPlan } from '../plan/steps.ts';
import { EmbeddedLog } from '../runtime/log/embedded-log.ts';
import type { Log, LogRecord } from '../runtime/log/log.ts';
import type { ProcessingLog } from '../runtime/log/processing-log.ts';
import { buildTopology } from '../runtime/topology.ts';
import type { QueryHost } from './query-host.ts';

const BATCH = 500;

interface Running {
  readonly abort: AbortController;
  readonly tasks: Promise<void>[];
}

export class LiveQueryHost implements QueryHost {
  private readonly running = new Map<string, Running>();

  constructor(
    private readonly log: Log,
    private readonly registry: FunctionRegistry,
    private readonly processingLog: ProcessingLog,
    private readonly groupPrefix: string,
  ) {}

  async start(plan: QueryPlan, options: { readonly fromEarliest: boolean }): Promise<void> {
    await this.stop(plan.queryId);
    const outputs: { topic: string; record: LogRecord }[] = [];
    const topology = buildTopology(plan, {
      registry: this.registry,
      processingLog: this.processingLog,
      emit: (topic, record) => outputs.push({ topic, record }),
    });
    const abort = new AbortController();
    const group = `${this.groupPrefix}${plan.queryId}`;
    const tasks: Promise<void>[] = [];
    for (const [topic, handler] of topology.sources) {
      const partitions = (await this.log.describeTopic(topic))?.partitions ?? 0;
      for (let p = 0; p < partitions; p++) {
        tasks.push(this.runTask({ topic, partition: p, group, handler, outputs, signal: abort.signal, fromEarliest: options.fromEarliest }));
      }
    }
    this.running.set(plan.queryId, { abort, tasks });
  }

  private async runTask(t: {
    topic: string;
    partition: number;
    group: string;
    handler: (r: Awaited<ReturnType<Log['fetch']>>[number]) => void;
    outputs: { topic: string; record: LogRecord }[];
    signal: AbortSignal;
    fromEarliest: boolean;
  }): Promise<void> {
    let offset = (await this.log.committedOffset(t.group, t.topic, t.partition)) ?? (t.fromEarliest ? 0 : await this.log.endOffset(t.topic, t.partition));
    while (!t.signal.aborted) {
      const records = await this.log.fetch(t.topic, t.partition, offset, BATCH);
      if (records.length === 0) {
        await this.log.waitForData(t.topic, t.partition, offset, { signal: t.signal, timeoutMs: 1000 });
        continue;
      }
      if (t.signal.aborted) return;
      for (const r of records) t.handler(r);
      offset = records[records.length - 1]!.offset + 1;
      const batch = t.outputs.splice(0, t.outputs.length);
      await this.commit(batch, { group: t.group, offsets: [{ topic: t.topic, partition: t.partition, offset }] });
    }
  }

  private async commit(batch: { topic: string; record: LogRecord }[], commit: { group: string; offsets: { topic: string; partition: number; offset: number }[] }): Promise<void> {
    if (this.log instanceof EmbeddedLog) {
      const byTopic = new Map<string, LogRecord[]>();
      for (const { topic, record } of batch) {
        let list = byTopic.get(topic);
        if (!list) byTopic.set(topic, (list = []));
        list.push(record);
      }
      await this.log.writeBatch({ appends: [...byTopic].map(([topic, records]) => ({ topic, records })), commits: [commit] });
      return;
    }
    for (const { topic, record } of batch) await this.log.append(topic, undefined, [record]);
    await this.log.commitOffsets(commit.group, commit.offsets);
  }

  async stop(queryId: string): Promise<void> {
    const r = this.running.get(queryId);
    if (!r) return;
    this.running.delete(queryId);
    r.abort.abort();
    await Promise.allSettled(r.tasks);
  }

  async close(): Promise<void> {
    await Promise.all([...this.running.keys()].map((id) => this.stop(id)));
  }
}
