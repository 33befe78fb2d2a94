/**
 * A pull query over a table that a persistent query writes, answered from that query's result
 * store: the WHERE clause picks a key lookup or a scan (pull-query.ts), and the records read go
 * through the pull query's own filter and projection, each key once.
 */
import { AnalysisError, UnsupportedError } from '../common/errors.ts';
import type { Column } from '../common/schema.ts';
import { formatType } from '../common/types.ts';
import type { Expr, Query } from '../parser/ast.ts';
import type { Step, StepOf } from '../plan/steps.ts';
import type { PlannedQuery } from '../planner/plan-query.ts';
import type { LogRecord, StoredRecord } from '../runtime/log/log.ts';
import { createSerde, type RowSerde } from '../runtime/serde/index.ts';
import { formatSpec } from '../runtime/serde-spec.ts';
import { buildPipeline } from '../runtime/topology.ts';
import type { QueryStream } from './api.ts';
import type { EngineContext } from './engine-context.ts';
import type { DataSource } from './metastore.ts';
import { asRowSource, classifyWhere, headerSchema, materializedRecords, TABLE_SCAN_ENABLED } from './pull-query.ts';
import { RowQueue } from './row-queue.ts';
import type { TransientOptions } from './transient-query.ts';

/**
 * A pull query over a table a persistent query writes: the WHERE clause decides between a key
 * lookup and a scan of the query's result store; the records read go through the pull query's
 * own filter and projection, each key once.
 */
export async function answerFromStore(query: Query, ctx: EngineContext, options: TransientOptions, planned: PlannedQuery, source: DataSource, materializer: string): Promise<QueryStream> {
  const keys = source.schema.columns.filter((c) => c.namespace === 'KEY');
  const read = classifyWhere(query.where, keys, source.window !== undefined, scanEnabled(options.properties));
  const root = asRowSource(planned.root);
  const sourceStep = findSource(root);
  const keyBytes = read.kind === 'lookup' ? lookupKeys(read.keys, keys[0]!, sourceStep, ctx) : undefined;
  const order = planned.selectOrder;
  const projected = [...planned.schema.key, ...planned.schema.value];
  const columns = order.map((i) => projected[i]!);
  const queue = new RowQueue(query.limit);
  const topology = buildPipeline(options.queryId, root, { registry: ctx.registry, processingLog: ctx.processingLog, ...(ctx.schemaRegistry ? { schemaRegistry: ctx.schemaRegistry } : {}) }, (r) => {
    if (r.value === null || queue.limitReached) return;
    const all = [...r.key, ...r.value];
    queue.push(order.map((i) => all[i] ?? null));
  });
  const handler = topology.sources.get(sourceStep.topic)!;
  const stores = ctx.materialized?.(materializer) ?? [];
  const done = (async () => {
    for await (const record of materializedRecords(stores, keyBytes)) {
      if (queue.limitReached) break;
      handler(storedRecord(record, sourceStep.topic));
    }
  })();
  done.then(
    () => queue.end(),
    (e: unknown) => queue.fail(e),
  );
  return {
    queryId: options.queryId,
    columnNames: columns.map((c) => c.name),
    columnTypes: columns.map((c) => formatType(c.type)),
    schemaText: headerSchema(columns, true, planned.window !== undefined),
    isPull: true,
    rows: queue,
    limitReached: () => queue.limitReached,
    close: async () => {
      queue.end();
      await done.catch(() => undefined);
    },
  };
}

function scanEnabled(properties: Readonly<Record<string, unknown>> | undefined): boolean {
  const v = properties?.[TABLE_SCAN_ENABLED];
  return v === undefined || String(v).toLowerCase() !== 'false';
}

export function findSource(step: Step): StepOf<'StreamSource'> {
  if (step.kind === 'StreamSource') return step;
  if ('source' in step && step.source) return findSource(step.source);
  throw new UnsupportedError(`pull queries over a plan step ${step.kind}`);
}

/**
 * The serialized keys a lookup names, as the table's sink writes them; undefined (scan and filter)
 * when a value is not a plain literal of the key's type.
 */
function lookupKeys(exprs: readonly Expr[], key: Column, step: StepOf<'StreamSource'>, ctx: EngineContext): Uint8Array[] | undefined {
  const values: unknown[] = [];
  for (const e of exprs) {
    const v = literalKey(e, key);
    if (v === undefined) return undefined;
    values.push(v);
  }
  const serde = keySerde(step, ctx);
  return values.map((v) => serde.serialize([v])).filter((b): b is Uint8Array => b !== null);
}

/** The serde of the keys of the table a pull query reads, as its sink writes them. */
export function keySerde(step: StepOf<'StreamSource'>, ctx: EngineContext): RowSerde {
  return createSerde(formatSpec(step.formats.key), step.physical.key, { isKey: true, topic: step.topic, ...(ctx.schemaRegistry ? { schemaRegistry: ctx.schemaRegistry } : {}) });
}

/** A result store's record as the pull query's source step reads it (an object literal: see recWith). */
export function storedRecord(record: LogRecord, topic: string): StoredRecord {
  return { key: record.key, value: record.value, timestamp: record.timestamp, headers: record.headers, topic, partition: 0, offset: 0 };
}

/** A literal as a value of the key column's type; undefined when it is anything else. */
export function literalKey(e: Expr, key: Column): unknown {
  const kind = key.type.kind;
  if (e.kind === 'StringLiteral') {
    if (kind === 'STRING') return e.value;
    if (kind === 'INTEGER' || kind === 'BIGINT' || kind === 'DOUBLE') {
      throw new AnalysisError(`'${e.value}' can not be converted to the type of the key column: ${key.name} ${formatType(key.type)} KEY`, e.span);
    }
    return undefined;
  }
  const negative = e.kind === 'Negate' && e.operand.kind === 'IntegerLiteral';
  const int = e.kind === 'IntegerLiteral' ? e.text : negative && e.operand.kind === 'IntegerLiteral' ? `-${e.operand.text}` : undefined;
  if (int === undefined) return undefined;
  if (kind === 'INTEGER') return Number(int);
  if (kind === 'BIGINT') return BigInt(int);
  if (kind === 'DOUBLE') return Number(int);
  return undefined;
}

