/**
 * Push and pull queries over streams: the plan's rows go to the client instead of a topic. A push
 * query tails every source partition until closed or LIMIT; a pull query over a stream scans to
 * the end offsets it saw when it started, then completes.
 */
import { UnsupportedError } from '../common/errors.ts';
import { formatSchema } from '../common/schema.ts';
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
import { RowQueue } from './row-queue.ts';

export async function startTransientQuery(query: Query, ctx: EngineContext, options: { fromEarliest: boolean; queryId: string }): Promise<QueryStream> {
  const isPull = query.emit === undefined;
  if (query.emit === 'FINAL') throw new UnsupportedError('EMIT FINAL in a push query', query.span);
  const planned = planQuery(query, { catalog: ctx.metastore, registry: ctx.registry, transient: true });
  // Rows follow the SELECT list (`*` over a windowed source lists WINDOWSTART and WINDOWEND after the key).
  const projected = [...planned.schema.key, ...planned.schema.value];
  const columns = planned.selectOrder.map((i) => projected[i]!);
  const order = planned.selectOrder;
  const queue = new RowQueue(query.limit);
  const abort = new AbortController();
  const rowOf = (r: Rec): unknown[] => {
    const all = [...r.key, ...r.value!];
    return order.map((i) => all[i] ?? null);
  };
  // A pull query over a table answers with the table's current state: the last change per key wins.
  const state = isPull && planned.resultType === 'TABLE' ? new Map<string, unknown[]>() : undefined;
  const topology = buildPipeline(options.queryId, planned.root, { registry: ctx.registry, processingLog: ctx.processingLog }, (r) => {
    if (state) {
      const id = keyString([...r.key, r.windowStart ?? null, r.windowEnd ?? null]);
      if (r.value === null) state.delete(id);
      else state.set(id, rowOf(r));
      return;
    }
    if (r.value === null) return;
    queue.push(rowOf(r));
    if (queue.limitReached) abort.abort();
  });
  const tasks: Promise<void>[] = [];
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
  return {
    queryId: options.queryId,
    columnNames: columns.map((c) => c.name),
    columnTypes: columns.map((c) => formatType(c.type)),
    schemaText: headerSchema(columns, isPull, planned.window !== undefined),
    isPull,
    rows: queue,
    limitReached: () => queue.limitReached,
    close: async () => {
      abort.abort();
      queue.end();
      await Promise.allSettled(tasks);
    },
  };
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

/**
 * The schema text of a query's header. ksqlDB marks key columns in a pull query's header only (the
 * window bounds of a windowed table count as key columns there); a push query lists plain columns.
 */
function headerSchema(columns: readonly Column[], isPull: boolean, windowed: boolean): string {
  const bound = (c: Column): boolean => windowed && (c.name === 'WINDOWSTART' || c.name === 'WINDOWEND');
  const marked = columns.map((c): Column => ({ ...c, namespace: isPull && (c.namespace === 'KEY' || bound(c)) ? 'KEY' : 'VALUE' }));
  return formatSchema({ columns: marked });
}
