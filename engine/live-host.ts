/**
 * Runs persistent queries for real: one task per source partition tails the log, processes a batch
 * synchronously, then writes the outputs and the source offsets. On the embedded log both go in one
 * LevelDB batch (exactly-once); on other logs outputs are appended before offsets are committed
 * (at-least-once).
 */
import type { FunctionRegistry } from '../functions/registry.ts';
import type { QueryPlan } from '../plan/steps.ts';
import { EmbeddedLog } from '../runtime/log/embedded-log.ts';
import type { Log, LogRecord, StoredRecord } from '../runtime/log/log.ts';
import { errorMessage, type ProcessingLog } from '../runtime/log/processing-log.ts';
import type { SchemaRegistry } from '../runtime/serde/index.ts';
import { buildTopology } from '../runtime/topology.ts';
import type { QueryHost } from './query-host.ts';

const BATCH = 500;
const RETRY_MS = 1000;

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
    private readonly schemaRegistry?: SchemaRegistry,
  ) {}

  async start(plan: QueryPlan, options: { readonly fromEarliest: boolean }): Promise<void> {
    await this.stop(plan.queryId);
    const outputs: { topic: string; record: LogRecord }[] = [];
    const topology = buildTopology(plan, {
      registry: this.registry,
      processingLog: this.processingLog,
      emit: (topic, record) => outputs.push({ topic, record }),
      ...(this.schemaRegistry ? { schemaRegistry: this.schemaRegistry } : {}),
    });
    const abort = new AbortController();
    const group = `${this.groupPrefix}${plan.queryId}`;
    const tasks: Promise<void>[] = [];
    for (const [topic, handler] of topology.sources) {
      const partitions = (await this.log.describeTopic(topic))?.partitions ?? 0;
      for (let p = 0; p < partitions; p++) {
        const from = await this.startOffset(group, topic, p, options.fromEarliest);
        tasks.push(this.runTask({ queryId: plan.queryId, topic, partition: p, group, handler, outputs, signal: abort.signal, from }));
      }
    }
    this.running.set(plan.queryId, { abort, tasks });
  }

  /**
   * Where a task starts: its committed offset, or else earliest/latest, committed at once. Fixing
   * the position before `start` returns means records appended right after CREATE ... AS SELECT
   * (or before a crash that precedes the first batch) are not skipped by a later "latest".
   */
  private async startOffset(group: string, topic: string, partition: number, fromEarliest: boolean): Promise<number> {
    const committed = await this.log.committedOffset(group, topic, partition);
    if (committed !== undefined) return committed;
    const offset = fromEarliest ? 0 : await this.log.endOffset(topic, partition);
    await this.log.commitOffsets(group, [{ topic, partition, offset }]);
    return offset;
  }

  private async runTask(t: {
    queryId: string;
    topic: string;
    partition: number;
    group: string;
    handler: (r: StoredRecord) => void;
    outputs: { topic: string; record: LogRecord }[];
    signal: AbortSignal;
    from: number;
  }): Promise<void> {
    let offset = t.from;
    while (!t.signal.aborted) {
      try {
        const records = await this.log.fetch(t.topic, t.partition, offset, BATCH);
        if (records.length === 0) {
          await this.log.waitForData(t.topic, t.partition, offset, { signal: t.signal, timeoutMs: 1000 });
          continue;
        }
        if (t.signal.aborted) return;
        for (const r of records) t.handler(r);
        const next = records[records.length - 1]!.offset + 1;
        const batch = t.outputs.splice(0, t.outputs.length);
        await this.commit(batch, { group: t.group, offsets: [{ topic: t.topic, partition: t.partition, offset: next }] });
        offset = next;
      } catch (e) {
        // A failed batch is neither written nor committed: log it, back off, resume from the last commit.
        t.outputs.length = 0;
        if (t.signal.aborted) return;
        this.processingLog.error({ queryId: t.queryId, errorType: 'KAFKA_STREAMS_THREAD_ERROR', message: `Task ${t.topic}-${t.partition} failed and will retry: ${errorMessage(e)}` });
        await delay(RETRY_MS, t.signal);
        offset = (await this.log.committedOffset(t.group, t.topic, t.partition).catch(() => undefined)) ?? offset;
      }
    }
  }

  private async commit(batch: { topic: string; record: LogRecord }[], commit: { group: string; offsets: { topic: string; partition: number; offset: number }[] }): Promise<void> {
    const byTopic = new Map<string, LogRecord[]>();
    for (const { topic, record } of batch) {
      let list = byTopic.get(topic);
      if (!list) byTopic.set(topic, (list = []));
      list.push(record);
    }
    if (this.log instanceof EmbeddedLog) {
      await this.log.writeBatch({ appends: [...byTopic].map(([topic, records]) => ({ topic, records })), commits: [commit] });
      return;
    }
    for (const [topic, records] of byTopic) await this.log.append(topic, undefined, records);
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

/** Resolves after `ms`, or at once when `signal` aborts. */
function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
