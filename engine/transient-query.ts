/**
 * Push and pull queries: the plan's rows go to the client instead of a topic. A push query tails
 * every source partition until closed or LIMIT. A pull query over a table written by a persistent
 * query reads that query's result store (pull-query.ts); over a stream or a source table it scans
 * the topic to the end offsets it saw when it started, then completes.
 */
import { UnsupportedError } from '../common/errors.ts';
import { formatType } from '../common/types.ts';
import type { Column } from '../common/schema.ts';
import { keyString } from '../common/values.ts';
import type { Rec } from '../runtime/record.ts';
import type { Query } from '../parser/ast.ts';
import { planQuery } from '../planner/plan-query.ts';
import type { Log, StoredRecord } from '../runtime/log/log.ts';
import { buildPipeline } from '../runtime/topology.ts';
import type { QueryStream } from './api.ts';
import type { EngineContext } from './engine-context.ts';
import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { RowQueue } from './row-queue.ts';
import type { FeedSubscription, PushFeeds } from './push-feed.ts';
import { checkPullQuery, headerSchema, materializingQuery } from './pull-query.ts';
import { answerFromStore } from './pull-table.ts';

export interface TransientOptions {
  readonly fromEarliest: boolean;
  readonly queryId: string;
  /** The request's session properties (`ksql.query.pull.table.scan.enabled`). */
  readonly properties?: Readonly<Record<string, unknown>>;
  /** Shared source readers: a push query from the end of its sources subscribes instead of tailing. */
  readonly feeds?: PushFeeds;
}

export async function startTransientQuery(query: Query, ctx: EngineContext, options: TransientOptions): Promise<QueryStream> {
  const isPull = query.emit === undefined;
  if (query.emit === 'FINAL') throw new UnsupportedError('EMIT FINAL in a push query', query.span);
  if (isPull) checkPullQuery(query);
  const planned = planQuery(query, { catalog: ctx.metastore, registry: ctx.registry, transient: true });
  const source = ctx.metastore.source(query.from.source.name);
  const materializer = isPull && source?.sourceType === 'TABLE' ? materializingQuery(source, ctx, query) : undefined;
  if (materializer !== undefined && source) return answerFromStore(query, ctx, options, planned, source, materializer);
  // Rows follow the SELECT list (`*` over a windowed source lists WINDOWSTART and WINDOWEND after the key).
  const projected = [...planned.schema.key, ...planned.schema.value];
  const columns = planned.selectOrder.map((i) => projected[i]!);
  const order = planned.selectOrder;
  const queue = new RowQueue(query.limit);
  const abort = new AbortController();
  // Each source partition's tail waits on this signal: a wide query legitimately has many listeners.
  setMaxListeners(0, abort.signal);
  const rowOf = (r: Rec): unknown[] => {
    const all = [...r.key, ...r.value!];
    return order.map((i) => all[i] ?? null);
  };
  // A pull query over a table answers with the table's current state: the last change per key wins.
  const state = isPull && planned.resultType === 'TABLE' ? new Map<string, unknown[]>() : undefined;
  const tombstones = new WeakSet<readonly unknown[]>();
  const queryId = !isPull && scalablePush(query, ctx, options) ? `SCALABLE_PUSH_QUERY_${randomUUID()}` : options.queryId;
  const topology = buildPipeline(queryId, planned.root, { registry: ctx.registry, processingLog: ctx.processingLog, ...(ctx.schemaRegistry ? { schemaRegistry: ctx.schemaRegistry } : {}) }, (r) => {
    if (state) {
      const id = keyString([...r.key, r.windowStart ?? null, r.windowEnd ?? null]);
      if (r.value === null) state.delete(id);
      else state.set(id, rowOf(r));
      return;
    }
    if (r.value === null) {
      // A push query over a table shows a deleted row as a tombstone: its key and window, no values.
      if (planned.resultType !== 'TABLE' || r.nullKey === true) return;
      const row = order.map((i) => (i < planned.schema.key.length ? (r.key[i] ?? null) : windowBound(projected[i]!, r)));
      tombstones.add(row);
      queue.push(row);
    } else queue.push(rowOf(r));
    if (queue.limitReached) abort.abort();
  });
  const tasks: Promise<void>[] = [];
  if (!isPull && !options.fromEarliest && options.feeds) {
    // From the end: one shared reader per topic feeds every such push query; it ends on close,
    // LIMIT (both abort) or a failing source.
    const subscriptions: FeedSubscription[] = [];
    abort.signal.addEventListener('abort', () => subscriptions.forEach((sub) => sub.close()), { once: true });
    for (const [topic, handler] of topology.sources) {
      subscriptions.push(await options.feeds.subscribe(topic, handler, (e) => queue.fail(e)));
    }
  } else {
    for (const [topic, handler] of topology.sources) {
      const partitions = (await ctx.log.describeTopic(topic))?.partitions ?? 0;
      for (let p = 0; p < partitions; p++) {
        const end = await ctx.log.endOffset(topic, p);
        const from = isPull || options.fromEarliest ? 0 : end;
        tasks.push(tail(ctx.log, topic, p, from, isPull ? end : Infinity, handler, abort.signal));
      }
    }
    void Promise.all(tasks).then(
      () => {
        if (state) for (const row of state.values()) queue.push(row);
        queue.end();
      },
      (e: unknown) => queue.fail(e),
    );
  }
  return {
    queryId,
    columnNames: columns.map((c) => c.name),
    columnTypes: columns.map((c) => formatType(c.type)),
    // A pull query over a stream reads like a push query that stops: no key marks, a final message.
    schemaText: headerSchema(columns, isPull && planned.resultType === 'TABLE', planned.window !== undefined),
    isPull,
    finalMessage: !isPull || planned.resultType !== 'TABLE',
    rows: queue,
    isTombstone: (row) => tombstones.has(row),
    limitReached: () => queue.limitReached,
    close: async () => {
      abort.abort();
      queue.end();
      await Promise.allSettled(tasks);
    },
  };
}

/**
 * ksqlDB's scalable push queries (`ksql.query.push.v2.enabled`): a push query from latest that
 * reads a persistent query's result as it is written, with no join, window, grouping or
 * re-partitioning, gets a `SCALABLE_PUSH_QUERY_` id. It reads its source topic from the end as any
 * push query does, which is what a scalable push query sees of the running query's output.
 */
function scalablePush(query: Query, ctx: EngineContext, options: TransientOptions): boolean {
  if (String(options.properties?.[PUSH_V2_ENABLED] ?? 'false').toLowerCase() !== 'true' || options.fromEarliest) return false;
  if (query.from.joins.length > 0 || query.window || query.groupBy || query.partitionBy) return false;
  const source = ctx.metastore.source(query.from.source.name);
  return source !== undefined && ctx.metastore.queriesOf(source.name).writes.length > 0;
}

const PUSH_V2_ENABLED = 'ksql.query.push.v2.enabled';

/** A tombstone's value for an output column: the window bound it names (from `*`), else null. */
function windowBound(c: Column, r: Rec): bigint | null {
  if (r.windowStart === undefined || c.type.kind !== 'BIGINT') return null;
  if (c.name === 'WINDOWSTART') return BigInt(r.windowStart);
  if (c.name === 'WINDOWEND' && r.windowEnd !== undefined) return BigInt(r.windowEnd);
  return null;
}

async function tail(log: Log, topic: string, partition: number, from: number, until: number, handler: (r: StoredRecord) => void, signal: AbortSignal): Promise<void> {
  let offset = from;
  while (!signal.aborted && offset < until) {
    const records = await log.fetch(topic, partition, offset, 500);
    if (records.length === 0) {
      await log.waitForData(topic, partition, offset, { signal, timeoutMs: 1000 });
      continue;
    }
    for (const r of records) {
      if (signal.aborted || r.offset >= until) return;
      handler(r);
    }
    offset = records[records.length - 1]!.offset + 1;
  }
}
