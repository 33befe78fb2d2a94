/**
 * Runs persistent queries for real. Each query is one task that reads all its source partitions:
 * it fetches a batch, processes it synchronously, then writes the outputs, the changed state and the
 * source offsets. On the embedded log all three go in one LevelDB batch, so processing is
 * exactly-once and state survives a kill; on other logs outputs are appended before offsets are
 * committed (at-least-once) and state lives in memory.
 */
import { ExecutionError } from '../common/errors.ts';
import type { FunctionRegistry } from '../functions/registry.ts';
import type { QueryPlan } from '../plan/steps.ts';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { internalTopicName } from '../planner/internal-topics.ts';
import { EmbeddedLog, type Keyspace, type KeyspaceOp } from '../runtime/log/embedded-log.ts';
import type { Log, LogRecord, StoredRecord, TopicPartitionOffset, TransactionalWriter } from '../runtime/log/log.ts';
import { errorMessage, type ProcessingLog } from '../runtime/log/processing-log.ts';
import type { SchemaRegistry } from '../runtime/serde/index.ts';
import { MemoryStateProvider } from '../runtime/state/memory-state-provider.ts';
import { buildTopology } from '../runtime/topology.ts';
import type { QueryHost, StartOptions } from './query-host.ts';
import { ChangelogState } from './changelog-state.ts';
import { DurableState, type StateChange } from './durable-state.ts';

const BATCH = 500;
export const STATE_CACHE_ENTRIES = 'tributary.state.cache.entries';
const RETRY_MS = 1000;

interface Running {
  readonly abort: AbortController;
  readonly task: Promise<void>;
  /** Late-record counters of the current run's operators. */
  late?: ReadonlyMap<string, number>;
}

interface Partition {
  readonly topic: string;
  readonly partition: number;
  offset: number;
  readonly handler: (r: StoredRecord) => void;
}

export class LiveQueryHost implements QueryHost {
  private readonly running = new Map<string, Running>();

  constructor(
    private readonly log: Log,
    private readonly registry: FunctionRegistry,
    private readonly processingLog: ProcessingLog,
    private readonly groupPrefix: string,
    private readonly schemaRegistry?: SchemaRegistry,
    /**
     * On a log other than the embedded one: where queries keep their local state (one directory
     * per query), backed by changelog topics named after `serviceId`. Without it, state is memory.
     */
    private readonly localState?: { readonly dir: string; readonly serviceId: string },
  ) {}

  async start(plan: QueryPlan, options: StartOptions): Promise<void> {
    await this.stop(plan.queryId);
    const group = `${this.groupPrefix}${plan.queryId}`;
    // Fix the start position before returning, so rows appended right after CREATE ... AS SELECT
    // (or before a crash that precedes the first batch) are not skipped by a later "latest".
    for (const topic of new Set(plan.sourceTopics)) {
      const partitions = (await this.log.describeTopic(topic))?.partitions ?? 0;
      for (let p = 0; p < partitions; p++) await this.startOffset(group, topic, p, options.fromEarliest);
    }
    const abort = new AbortController();
    const running: Running = { abort, task: Promise.resolve() };
    this.running.set(plan.queryId, running);
    (running as { task: Promise<void> }).task = this.supervise(plan, options, group, abort.signal);
  }

  private async startOffset(group: string, topic: string, partition: number, fromEarliest: boolean): Promise<number> {
    const committed = await this.log.committedOffset(group, topic, partition);
    if (committed !== undefined) return committed;
    const offset = fromEarliest ? 0 : await this.log.endOffset(topic, partition);
    await this.log.commitOffsets(group, [{ topic, partition, offset }]);
    return offset;
  }

  /** Runs the task; a failure is logged and the task restarts from its last commit, state included. */
  private async supervise(plan: QueryPlan, options: StartOptions, group: string, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.run(plan, options, group, signal);
        return;
      } catch (e) {
        if (signal.aborted) return;
        this.processingLog.error({ queryId: plan.queryId, errorType: 'KAFKA_STREAMS_THREAD_ERROR', message: `Query ${plan.queryId} failed and restarts from its last commit: ${errorMessage(e)}` });
        await delay(RETRY_MS, signal);
      }
    }
  }

  private async run(plan: QueryPlan, options: StartOptions, group: string, signal: AbortSignal): Promise<void> {
    const outputs: { topic: string; record: LogRecord }[] = [];
    const cacheEntries = stateCacheEntries(options.properties);
    const keyspace = this.log instanceof EmbeddedLog ? this.log.keyspace(stateKeyspace(plan.queryId)) : undefined;
    const changelog =
      !keyspace && this.localState
        ? await ChangelogState.open({ log: this.log, dir: path.join(this.localState.dir, stateKeyspace(plan.queryId)), serviceId: this.localState.serviceId, queryId: plan.queryId, ...(cacheEntries !== undefined ? { cacheEntries } : {}) })
        : undefined;
    let writer: TransactionalWriter | undefined;
    try {
      if (changelog && exactlyOnce(options.properties)) {
        if (!this.log.transactionalWriter) throw new ExecutionError('processing.guarantee=exactly_once_v2 needs a log with transactions (Kafka).');
        writer = await this.log.transactionalWriter(`${this.localState!.serviceId}${plan.queryId}`);
      }
      const durable = keyspace ? new DurableState(keyspace, cacheEntries) : changelog?.durable;
      const topology = buildTopology(plan, {
        registry: this.registry,
        processingLog: this.processingLog,
        emit: (topic, record) => outputs.push({ topic, record }),
        stateProvider: durable?.provider ?? new MemoryStateProvider(),
        aggregateConfig: options.properties ?? {},
        ...(this.schemaRegistry ? { schemaRegistry: this.schemaRegistry } : {}),
      });
      const running = this.running.get(plan.queryId);
      if (running) running.late = topology.lateRecords;
      await (changelog ? changelog.restore() : durable?.restore());
      await this.loop(group, signal, topology.sources, outputs, durable, keyspace, changelog, writer);
    } finally {
      await writer?.close().catch(() => undefined);
      await changelog?.close();
    }
  }

  /** Fetch a batch from every partition, process it, commit; until aborted. */
  private async loop(
    group: string,
    signal: AbortSignal,
    sources: ReadonlyMap<string, (r: StoredRecord) => void>,
    outputs: { topic: string; record: LogRecord }[],
    durable: DurableState | undefined,
    keyspace: Keyspace | undefined,
    changelog: ChangelogState | undefined,
    writer: TransactionalWriter | undefined,
  ): Promise<void> {
    const partitions = await this.partitions(sources, group);
    // One commit may be in flight while the next batch is fetched and processed; the next commit
    // is issued only after it succeeded, so a failed write is never followed by a later one.
    let inFlight: Promise<void> | undefined;
    try {
      while (!signal.aborted) {
        const commits: TopicPartitionOffset[] = [];
        const fetched: { readonly p: Partition; readonly records: readonly StoredRecord[] }[] = [];
        for (const p of partitions) {
          const records = await this.log.fetch(p.topic, p.partition, p.offset, BATCH);
          if (signal.aborted) return;
          if (records.length === 0) continue;
          fetched.push({ p, records });
          p.offset = records[records.length - 1]!.offset + 1;
          commits.push({ topic: p.topic, partition: p.partition, offset: p.offset });
        }
        processInTimeOrder(fetched);
        if (inFlight) {
          await inFlight;
          inFlight = undefined;
          durable?.committed();
        }
        if (commits.length === 0) {
          await this.waitForAny(partitions, signal);
          continue;
        }
        const batch = outputs.splice(0, outputs.length);
        const changes = durable?.takeChanges() ?? [];
        inFlight = changelog
          ? this.commitWithChangelog(batch, { group, offsets: commits }, changes, changelog, writer)
          : this.commit(batch, { group, offsets: commits }, keyspace ? keyspaceOps(changes, keyspace) : []);
        // Awaited on the next round or in `finally`; this only keeps Node from calling it unhandled.
        inFlight.catch(() => undefined);
      }
    } finally {
      // A restart must not restore state while this run's last write may still land.
      await inFlight;
    }
  }

  private async partitions(sources: ReadonlyMap<string, (r: StoredRecord) => void>, group: string): Promise<Partition[]> {
    const out: Partition[] = [];
    for (const [topic, handler] of sources) {
      const count = (await this.log.describeTopic(topic))?.partitions ?? 0;
      for (let partition = 0; partition < count; partition++) {
        const offset = (await this.log.committedOffset(group, topic, partition)) ?? 0;
        out.push({ topic, partition, offset, handler });
      }
    }
    return out;
  }

  private async waitForAny(partitions: readonly Partition[], signal: AbortSignal): Promise<void> {
    const round = new AbortController();
    const stop = (): void => round.abort();
    signal.addEventListener('abort', stop, { once: true });
    try {
      await Promise.race(partitions.map((p) => this.log.waitForData(p.topic, p.partition, p.offset, { signal: round.signal, timeoutMs: 1000 })));
    } finally {
      round.abort();
      signal.removeEventListener('abort', stop);
    }
  }

  private async commit(batch: { topic: string; record: LogRecord }[], commit: { group: string; offsets: TopicPartitionOffset[] }, ops: readonly KeyspaceOp[]): Promise<void> {
    const byTopic = groupByTopic(batch);
    if (this.log instanceof EmbeddedLog) {
      await this.log.writeBatch({ appends: [...byTopic].map(([topic, records]) => ({ topic, records })), commits: [commit], ops });
      return;
    }
    for (const [topic, records] of byTopic) await this.log.append(topic, undefined, records);
    await this.log.commitOffsets(commit.group, commit.offsets);
  }

  /**
   * At least once: outputs and changelog records, then the local state copy, then the source
   * offsets. Exactly once (a transactional `writer`): outputs, changelog records and source offsets
   * in one transaction, then the local copy, which a crash before it leaves behind its changelog
   * for the next start to replay.
   */
  private async commitWithChangelog(
    batch: { topic: string; record: LogRecord }[],
    commit: { group: string; offsets: TopicPartitionOffset[] },
    changes: readonly StateChange[],
    changelog: ChangelogState,
    writer: TransactionalWriter | undefined,
  ): Promise<void> {
    const outputs = [...groupByTopic(batch)].map(([topic, records]) => ({ topic, records }));
    const logs = [...changelog.changelogRecords(changes, Date.now())].map(([topic, records]) => ({ topic, partition: 0, records }));
    const checkpoints = new Map<string, number>();
    if (writer) {
      const landed = await writer.write({ appends: [...outputs, ...logs], commits: [commit] });
      logs.forEach((l, i) => checkpoints.set(l.topic, landed[outputs.length + i]!.at(-1)!.offset + 1));
      await changelog.writeLocal(changes, checkpoints);
      return;
    }
    for (const { topic, records } of outputs) await this.log.append(topic, undefined, records);
    for (const { topic, records } of logs) {
      const landed = await this.log.append(topic, 0, records);
      checkpoints.set(topic, landed[landed.length - 1]!.offset + 1);
    }
    await changelog.writeLocal(changes, checkpoints);
    await this.log.commitOffsets(commit.group, commit.offsets);
  }

  /** A terminated query's state: its LevelDB keyspace, or its local directory and changelog topics. */
  async cleanup(queryId: string): Promise<void> {
    if (this.log instanceof EmbeddedLog) {
      await this.log.keyspace(stateKeyspace(queryId)).clear();
      return;
    }
    if (!this.localState) return;
    await rm(path.join(this.localState.dir, stateKeyspace(queryId)), { recursive: true, force: true });
    const prefix = internalTopicName(this.localState.serviceId, queryId, '');
    for (const t of await this.log.listTopics()) {
      if (t.name.startsWith(prefix) && t.name.endsWith('-changelog')) await this.log.deleteTopic(t.name, { ifExists: true });
    }
  }

  lateRecords(queryId: string): number {
    const late = this.running.get(queryId)?.late;
    return late ? [...late.values()].reduce((a, b) => a + b, 0) : 0;
  }

  async stop(queryId: string): Promise<void> {
    const r = this.running.get(queryId);
    if (!r) return;
    this.running.delete(queryId);
    r.abort.abort();
    await r.task.catch(() => undefined);
  }

  async close(): Promise<void> {
    await Promise.all([...this.running.keys()].map((id) => this.stop(id)));
  }
}

/**
 * Runs the fetched records through their handlers smallest timestamp first across partitions (in
 * fetch order on ties, and in offset order within a partition), as a Kafka Streams task picks the
 * partition whose next buffered record is oldest: a stream record meets a table as of its time,
 * not as of which topic was fetched first.
 */
function processInTimeOrder(fetched: readonly { readonly p: Partition; readonly records: readonly StoredRecord[] }[]): void {
  if (fetched.length === 1) {
    const { p, records } = fetched[0]!;
    for (const r of records) p.handler(r);
    return;
  }
  const next = new Array<number>(fetched.length).fill(0);
  for (;;) {
    let best = -1;
    let bestTs = Infinity;
    for (let i = 0; i < fetched.length; i++) {
      const r = fetched[i]!.records[next[i]!];
      if (r !== undefined && (best < 0 || r.timestamp < bestTs)) {
        best = i;
        bestTs = r.timestamp;
      }
    }
    if (best < 0) return;
    const { p, records } = fetched[best]!;
    p.handler(records[next[best]!++]!);
  }
}

function groupByTopic(batch: readonly { topic: string; record: LogRecord }[]): Map<string, LogRecord[]> {
  const byTopic = new Map<string, LogRecord[]>();
  for (const { topic, record } of batch) {
    let list = byTopic.get(topic);
    if (!list) byTopic.set(topic, (list = []));
    list.push(record);
  }
  return byTopic;
}

function keyspaceOps(changes: readonly StateChange[], keyspace: Keyspace): KeyspaceOp[] {
  return changes.map((c) => (c.value === undefined ? { type: 'del', keyspace, key: c.key } : { type: 'put', keyspace, key: c.key, value: c.value }));
}

/**
 * `processing.guarantee` (or `ksql.streams.processing.guarantee`) set to exactly_once_v2 (or
 * the older exactly_once): commit through Kafka transactions.
 */
function exactlyOnce(properties: Readonly<Record<string, unknown>> | undefined): boolean {
  const value = String(properties?.['processing.guarantee'] ?? properties?.['ksql.streams.processing.guarantee'] ?? '').toLowerCase();
  return value === 'exactly_once_v2' || value === 'exactly_once';
}

/** The embedded log keyspace (or state directory) holding a query's state. */
function stateKeyspace(queryId: string): string {
  return `state-${queryId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

/** `tributary.state.cache.entries`: how many entries each key-value store of a query keeps in memory. */
function stateCacheEntries(properties: Readonly<Record<string, unknown>> | undefined): number | undefined {
  const raw = properties?.[STATE_CACHE_ENTRIES];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new ExecutionError(`${STATE_CACHE_ENTRIES} must be a positive whole number of entries, not '${String(raw)}'.`);
  return n;
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
