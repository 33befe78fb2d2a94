/**
 * Runs persistent queries for real. A query runs as tasks (engine/task-layout.ts): one per source
 * partition when its records keep their keys, else one reading every partition. A task fetches a
 * batch, processes it synchronously, then writes the outputs, the changed state and the source
 * offsets. On the embedded log all three go in one LevelDB batch, so processing is exactly-once
 * and state survives a kill; over Kafka, state is a local LevelDB per task backed by the task's
 * partition of a changelog topic, and outputs land before offsets are committed (at-least-once)
 * or together with them in a transaction (exactly_once_v2).
 *
 * Which tasks run here is `TaskOwnership`'s call: all of them on a lone server, the ones the
 * server group assigns when several servers share a service id (engine/membership.ts).
 */
import type { MaterializedTable } from '../runtime/operators/table-materialize.ts';
import { ExecutionError } from '../common/errors.ts';
import type { FunctionRegistry } from '../functions/registry.ts';
import type { QueryPlan } from '../plan/steps.ts';
import { setMaxListeners } from 'node:events';
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
import { taskLayout, type TaskLayout } from './task-layout.ts';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Records a task fetches per partition per round (`tributary.live.batch.records`). The embedded
 * log writes a round's outputs, state and offsets in one LevelDB batch, where smaller rounds keep
 * memory down; over Kafka each round costs a produce and an offset-commit round trip, which larger
 * rounds spread over more records.
 */
export const LIVE_BATCH_RECORDS = 'tributary.live.batch.records';
const EMBEDDED_BATCH = 500;
const KAFKA_BATCH = 5_000;
export const STATE_CACHE_ENTRIES = 'tributary.state.cache.entries';
const RETRY_MS = 1000;

interface RunningTask {
  readonly abort: AbortController;
  readonly done: Promise<void>;
  /** Late-record counters of the current run's operators. */
  late?: ReadonlyMap<string, number>;
  /** A table query's result store in the current run (pull queries read it). */
  materialized?: MaterializedTable;
}

interface HostedQuery {
  readonly plan: QueryPlan;
  readonly options: StartOptions;
  readonly group: string;
  readonly layout: TaskLayout;
  readonly tasks: Map<number, RunningTask>;
  /** Partition count of each source topic when the query started. */
  readonly sourcePartitions: ReadonlyMap<string, number>;
}

/** A hosted query's tasks and the source partitions each reads (for /clusterStatus). */
export interface HostedTasks {
  readonly queryId: string;
  readonly tasks: number;
  /** The source partitions task `t` reads. */
  partitionsOf(task: number): { readonly topic: string; readonly partition: number }[];
}

interface Partition {
  readonly topic: string;
  readonly partition: number;
  offset: number;
  readonly handler: (r: StoredRecord) => void;
}

/** Decides which tasks of a query run on this server. */
export interface TaskOwnership {
  owns(queryId: string, task: number, tasks: number): boolean;
}

const ALL_TASKS: TaskOwnership = { owns: () => true };

export class LiveQueryHost implements QueryHost {
  private readonly queries = new Map<string, HostedQuery>();
  private ownership: TaskOwnership = ALL_TASKS;

  constructor(
    private readonly log: Log,
    private readonly registry: FunctionRegistry,
    private readonly processingLog: ProcessingLog,
    private readonly groupPrefix: string,
    private readonly schemaRegistry?: SchemaRegistry,
    /**
     * On a log other than the embedded one: where queries keep their local state (one directory
     * per task), backed by changelog topics named after `serviceId`. Without it, state is memory.
     */
    private readonly localState?: { readonly dir: string; readonly serviceId: string },
  ) {}

  async start(plan: QueryPlan, options: StartOptions): Promise<void> {
    await this.stop(plan.queryId);
    const group = `${this.groupPrefix}${plan.queryId}`;
    // Fix the start position before returning, so rows appended right after CREATE ... AS SELECT
    // (or before a crash that precedes the first batch) are not skipped by a later "latest".
    const partitions = new Map<string, number>();
    for (const topic of new Set(plan.sourceTopics)) {
      const count = (await this.log.describeTopic(topic))?.partitions ?? 0;
      partitions.set(topic, count);
      for (let p = 0; p < count; p++) await this.startOffset(group, topic, p, options.fromEarliest);
    }
    // Per-partition tasks need somewhere to keep each task's state apart: a changelog partition.
    const splittable = this.localState !== undefined && !(this.log instanceof EmbeddedLog);
    const layout = splittable ? taskLayout(plan, (t) => partitions.get(t) ?? 0) : { tasks: 1, perPartition: false };
    this.queries.set(plan.queryId, { plan, options, group, layout, tasks: new Map(), sourcePartitions: partitions });
    this.reconcile(plan.queryId);
  }

  /** How many tasks a running query has, and whether each reads one partition of every source. */
  layout(queryId: string): TaskLayout | undefined {
    return this.queries.get(queryId)?.layout;
  }

  /** Every hosted query's task layout, whichever server runs its tasks. */
  hosted(): HostedTasks[] {
    return [...this.queries.values()].map((q) => ({
      queryId: q.plan.queryId,
      tasks: q.layout.tasks,
      partitionsOf: (task: number) =>
        [...q.sourcePartitions].flatMap(([topic, count]) =>
          q.layout.perPartition ? (task < count ? [{ topic, partition: task }] : []) : Array.from({ length: count }, (_, partition) => ({ topic, partition })),
        ),
    }));
  }

  /** Task ids of a query running on this server. */
  runningTasks(queryId: string): number[] {
    return [...(this.queries.get(queryId)?.tasks.keys() ?? [])].sort((a, b) => a - b);
  }

  /**
   * Stops every task and waits until what they processed is committed (the server group is about
   * to re-form); the queries stay hosted and `assign` starts the tasks this server gets next.
   */
  async revokeAll(): Promise<void> {
    this.ownership = { owns: () => false };
    await Promise.all([...this.queries.values()].flatMap((q) => [...q.tasks.keys()].map((t) => this.stopTask(q, t))));
  }

  /** Starts the tasks `ownership` gives this server (and stops any it no longer owns). */
  assign(ownership: TaskOwnership): void {
    this.ownership = ownership;
    for (const queryId of this.queries.keys()) this.reconcile(queryId);
  }

  /** Where changes of the tasks running here are told (set when several servers share the work). */
  reportTasks: ((line: string) => void) | undefined;

  private reconcile(queryId: string): void {
    const q = this.queries.get(queryId);
    if (!q) return;
    const before = this.runningTasks(queryId).join(',');
    for (let t = 0; t < q.layout.tasks; t++) {
      const owned = this.ownership.owns(queryId, t, q.layout.tasks);
      if (owned && !q.tasks.has(t)) {
        const abort = new AbortController();
        const task: RunningTask = { abort, done: Promise.resolve() };
        q.tasks.set(t, task);
        (task as { done: Promise<void> }).done = this.supervise(q, t, task, abort.signal);
      } else if (!owned && q.tasks.has(t)) {
        void this.stopTask(q, t);
      }
    }
    const after = this.runningTasks(queryId);
    if (this.reportTasks && after.join(',') !== before) {
      this.reportTasks(`Query ${queryId}: running ${after.length === 0 ? 'no task' : `task${after.length === 1 ? '' : 's'} ${after.join(', ')}`} of ${q.layout.tasks} here.`);
    }
  }

  private async stopTask(q: HostedQuery, t: number): Promise<void> {
    const task = q.tasks.get(t);
    if (!task) return;
    q.tasks.delete(t);
    task.abort.abort();
    await task.done.catch(() => undefined);
  }

  private async startOffset(group: string, topic: string, partition: number, fromEarliest: boolean): Promise<number> {
    const committed = await this.log.committedOffset(group, topic, partition);
    if (committed !== undefined) return committed;
    const offset = fromEarliest ? 0 : await this.log.endOffset(topic, partition);
    await this.log.commitOffsets(group, [{ topic, partition, offset }]);
    return offset;
  }

  /** Runs the task; a failure is logged and the task restarts from its last commit, state included. */
  private async supervise(q: HostedQuery, t: number, running: RunningTask, signal: AbortSignal): Promise<void> {
    const { plan } = q;
    while (!signal.aborted) {
      try {
        await this.run(q, t, running, signal);
        return;
      } catch (e) {
        if (signal.aborted) return;
        const which = q.layout.tasks > 1 ? `Task ${t} of query ${plan.queryId}` : `Query ${plan.queryId}`;
        this.processingLog.error({ queryId: plan.queryId, errorType: 'KAFKA_STREAMS_THREAD_ERROR', message: `${which} failed and restarts from its last commit: ${errorMessage(e)}` });
        await pause(RETRY_MS, signal);
      }
    }
  }

  private async run(q: HostedQuery, t: number, running: RunningTask, signal: AbortSignal): Promise<void> {
    const { plan, options, group, layout } = q;
    const outputs: { topic: string; record: LogRecord }[] = [];
    const cacheEntries = positiveCount(options.properties, STATE_CACHE_ENTRIES, 'entries');
    const keyspace = this.log instanceof EmbeddedLog ? this.log.keyspace(stateKeyspace(plan.queryId)) : undefined;
    const queryDir = this.localState ? path.join(this.localState.dir, stateKeyspace(plan.queryId)) : '';
    const changelog =
      !keyspace && this.localState
        ? await ChangelogState.open({
            log: this.log,
            dir: layout.tasks > 1 ? path.join(queryDir, `task-${t}`) : queryDir,
            serviceId: this.localState.serviceId,
            queryId: plan.queryId,
            partition: t,
            partitions: layout.tasks,
            ...(cacheEntries !== undefined ? { cacheEntries } : {}),
          })
        : undefined;
    let writer: TransactionalWriter | undefined;
    try {
      if (changelog && exactlyOnce(options.properties)) {
        if (!this.log.transactionalWriter) throw new ExecutionError('processing.guarantee=exactly_once_v2 needs a log with transactions (Kafka).');
        // One transactional id per task: a task's new owner fences the old one's writes.
        writer = await this.log.transactionalWriter(`${this.localState!.serviceId}${plan.queryId}${layout.tasks > 1 ? `_${t}` : ''}`);
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
      running.late = topology.lateRecords;
      if (topology.materialized) running.materialized = topology.materialized;
      await (changelog ? changelog.restore() : durable?.restore());
      const partitions = await this.partitions(topology.sources, group, layout.perPartition ? t : undefined);
      const batch = positiveCount(options.properties, LIVE_BATCH_RECORDS, 'records') ?? (this.log instanceof EmbeddedLog ? EMBEDDED_BATCH : KAFKA_BATCH);
      await this.loop(group, signal, partitions, batch, outputs, durable, keyspace, changelog, writer);
    } finally {
      await writer?.close().catch(() => undefined);
      await changelog?.close();
    }
  }

  /** Fetch a batch from every partition, process it, commit; until aborted. */
  private async loop(
    group: string,
    signal: AbortSignal,
    partitions: readonly Partition[],
    batchSize: number,
    outputs: { topic: string; record: LogRecord }[],
    durable: DurableState | undefined,
    keyspace: Keyspace | undefined,
    changelog: ChangelogState | undefined,
    writer: TransactionalWriter | undefined,
  ): Promise<void> {
    // One commit may be in flight while the next batch is fetched and processed; the next commit
    // is issued only after it succeeded, so a failed write is never followed by a later one.
    let inFlight: Promise<void> | undefined;
    try {
      while (!signal.aborted) {
        const commits: TopicPartitionOffset[] = [];
        const fetched: { readonly p: Partition; readonly records: readonly StoredRecord[] }[] = [];
        for (const p of partitions) {
          const records = await this.log.fetch(p.topic, p.partition, p.offset, batchSize);
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

  /** The partitions a task reads: `only` of each source, or all of them. */
  private async partitions(sources: ReadonlyMap<string, (r: StoredRecord) => void>, group: string, only: number | undefined): Promise<Partition[]> {
    const out: Partition[] = [];
    for (const [topic, handler] of sources) {
      const count = (await this.log.describeTopic(topic))?.partitions ?? 0;
      for (let partition = 0; partition < count; partition++) {
        if (only !== undefined && partition !== only) continue;
        const offset = (await this.log.committedOffset(group, topic, partition)) ?? 0;
        out.push({ topic, partition, offset, handler });
      }
    }
    return out;
  }

  private async waitForAny(partitions: readonly Partition[], signal: AbortSignal): Promise<void> {
    const round = new AbortController();
    // One waiter per partition listens on the round's signal: a wide query has many.
    setMaxListeners(0, round.signal);
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
    const logs = [...changelog.changelogRecords(changes, Date.now())].map(([topic, records]) => ({ topic, partition: changelog.partition, records }));
    const checkpoints = new Map<string, number>();
    if (writer) {
      const landed = await writer.write({ appends: [...outputs, ...logs], commits: [commit] });
      logs.forEach((l, i) => checkpoints.set(l.topic, landed[outputs.length + i]!.at(-1)!.offset + 1));
      await changelog.writeLocal(changes, checkpoints);
      return;
    }
    for (const { topic, records } of outputs) await this.log.append(topic, undefined, records);
    for (const { topic, records } of logs) {
      const landed = await this.log.append(topic, changelog.partition, records);
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

  /** The result stores of a table query's tasks running here, one per task (pull queries). */
  materialized(queryId: string): MaterializedTable[] {
    const tables: MaterializedTable[] = [];
    const tasks = this.queries.get(queryId)?.tasks;
    if (tasks) for (const task of tasks.values()) if (task.materialized) tables.push(task.materialized);
    return tables;
  }

  lateRecords(queryId: string): number {
    let sum = 0;
    for (const task of this.queries.get(queryId)?.tasks.values() ?? []) for (const n of task.late?.values() ?? []) sum += n;
    return sum;
  }

  async stop(queryId: string): Promise<void> {
    const q = this.queries.get(queryId);
    if (!q) return;
    this.queries.delete(queryId);
    await Promise.all([...q.tasks.keys()].map((t) => this.stopTask(q, t)));
  }

  async close(): Promise<void> {
    await Promise.all([...this.queries.keys()].map((id) => this.stop(id)));
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

/**
 * A property that must be a positive whole number of `unit`s: `tributary.state.cache.entries`
 * (entries each key-value store keeps in memory), `tributary.live.batch.records`.
 */
function positiveCount(properties: Readonly<Record<string, unknown>> | undefined, name: string, unit: string): number | undefined {
  const raw = properties?.[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new ExecutionError(`${name} must be a positive whole number of ${unit}, not '${String(raw)}'.`);
  return n;
}

/** Resolves after `ms`, or at once when `signal` aborts. */
const pause = (ms: number, signal: AbortSignal): Promise<void> => sleep(ms, undefined, { signal }).catch(() => undefined);
