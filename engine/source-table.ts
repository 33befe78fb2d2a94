/**
 * A source table (`CREATE SOURCE TABLE`) is materialized as ksqlDB does it, by a persistent query
 * `CST_<TABLE>_<n>` that reads the table's topic from the start into a result store and writes
 * nothing: pull queries read that store as they read a CTAS table's. The query belongs to the
 * table: DROP TABLE terminates it, and it never stops a DROP.
 */
import { InternalError } from '../common/errors.ts';
import { parseStatement } from '../parser/index.ts';
import type { QueryPlan } from '../plan/steps.ts';
import { planQuery } from '../planner/plan-query.ts';
import type { EngineContext } from './engine-context.ts';
import type { DataSource, PersistentQueryInfo } from './metastore.ts';

/** The plan of the query materializing source table `source`: its records kept as they are, nothing written. */
export function planSourceTable(source: DataSource, ctx: EngineContext, queryId: string): QueryPlan {
  const query = parseStatement(`SELECT * FROM \`${source.name.replace(/`/g, '``')}\`;`);
  if (query.kind !== 'Query') throw new InternalError('a SELECT did not parse as a query');
  const planned = planQuery(query, { catalog: ctx.metastore, registry: ctx.registry, sinkName: source.name });
  return {
    queryId,
    sink: {
      kind: 'TableSink',
      id: 'KsqlTopic/Sink',
      schema: planned.schema,
      source: planned.root,
      topic: source.topic,
      formats: source.formats,
      materializeOnly: true,
      ...(source.window ? { window: source.window } : {}),
    },
    sourceTopics: [source.topic],
  };
}

/** Whether `q` is a source table's materialization rather than a query a user started. */
export const isMaterialization = (q: PersistentQueryInfo): boolean => q.plan.sink.kind === 'TableSink' && q.plan.sink.materializeOnly === true;
