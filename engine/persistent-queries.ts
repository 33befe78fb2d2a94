/** CREATE ... AS SELECT and INSERT INTO ... SELECT: plan the query, register the sink, start it. */
import { AnalysisError, ExecutionError } from '../common/errors.ts';
import { formatSchema, type Column } from '../common/schema.ts';
import { isPrimitive, typesEqual } from '../common/types.ts';
import type { BoundExpr } from '../plan/expr.ts';
import { cast } from '../planner/bind-expr.ts';
import { canWiden } from '../planner/type-rules.ts';
import type { StatementOf } from '../parser/ast.ts';
import { planQuery } from '../planner/plan-query.ts';
import { planInternalTopics } from '../planner/internal-topics.ts';
import type { InternalTopic, Step, QueryPlan } from '../plan/steps.ts';
import { KNOWN_FORMATS, resolveFormats } from './formats.ts';
import type { DataSource } from './metastore.ts';
import { WithClause } from './properties.ts';
import type { EngineContext } from './engine-context.ts';
import type { SessionConfig } from './session-config.ts';

export interface PlannedPersistentQuery {
  readonly plan: QueryPlan;
  readonly sink: DataSource;
  readonly sources: readonly DataSource[];
  readonly partitions: number;
}

export async function planCreateAsSelect(stmt: StatementOf<'CreateAsSelect'>, ctx: EngineContext, config: SessionConfig, queryId: string): Promise<PlannedPersistentQuery> {
  checkSinkTimestampNamed(stmt, ctx);
  const planned = planQuery(stmt.query, { catalog: ctx.metastore, registry: ctx.registry, sinkName: stmt.name, properties: config.properties });
  if (planned.resultType !== stmt.sourceType) {
    const use = planned.resultType === 'TABLE' ? 'CREATE TABLE AS SELECT' : 'CREATE STREAM AS SELECT';
    throw new AnalysisError(`Invalid result type. Your SELECT query produces a ${planned.resultType}. Please use ${use} statement instead.`, stmt.span);
  }
  const source = planned.sources[0] as DataSource;
  if (source.formats.value.name === 'DELIMITED' && planned.intermediateTypes?.some((t) => !isPrimitive(t))) {
    throw new ExecutionError('One of the functions used in the statement has an intermediate type that the value format can not handle. Please remove the function or change the format.', stmt.span);
  }
  const w = new WithClause(stmt.properties);
  const keyless = planned.schema.key.length === 0;
  const requestedKey = w.string('KEY_FORMAT')?.toUpperCase();
  if (keyless && requestedKey !== undefined && requestedKey !== 'NONE' && KNOWN_FORMATS.includes(requestedKey)) {
    throw new AnalysisError('Key format specified for stream without key columns.', stmt.span);
  }
  // A key-less result has nothing to serialize; a NONE key inherited by a keyed result falls back to the default.
  const inheritedKey = keyless
    ? { name: 'NONE', properties: {} }
    : source.formats.key.name === 'NONE'
      ? { name: config.defaultKeyFormat, properties: {} }
      : source.formats.key;
  const formats = resolveFormats(w, { key: inheritedKey, value: source.formats.value }, config, planned.schema.key, planned.schema.value, stmt.name);
  const topic = w.string('KAFKA_TOPIC') ?? `${config.outputTopicPrefix}${stmt.name}`;
  const sourceTopic = await ctx.log.describeTopic(source.topic);
  const partitions = w.int('PARTITIONS') ?? config.sinkPartitions ?? sourceTopic?.partitions ?? 1;
  const timestampColumn = w.string('TIMESTAMP')?.toUpperCase();
  const tsIndex = timestampColumn === undefined ? -1 : planned.schema.value.findIndex((c) => c.name === timestampColumn);
  if (timestampColumn !== undefined && tsIndex < 0) {
    throw new AnalysisError(`The TIMESTAMP column set in the WITH clause does not exist in the schema: '${timestampColumn}'`, stmt.span);
  }
  const tsType = tsIndex >= 0 ? planned.schema.value[tsIndex]!.type.kind : undefined;
  if (tsType !== undefined && tsType !== 'BIGINT' && tsType !== 'TIMESTAMP' && !(tsType === 'STRING' && w.has('TIMESTAMP_FORMAT'))) {
    throw new ExecutionError(`Timestamp column, \`${timestampColumn}\`, should be LONG(INT64), TIMESTAMP, or a String with a timestamp_format specified`, stmt.span);
  }
  const internal = planInternalTopics(planned.root, { serviceId: ctx.serviceId, queryId, defaultKeyFormat: config.defaultKeyFormat });
  const columns: Column[] = [...planned.schema.key, ...planned.schema.value];
  const sink: DataSource = {
    name: stmt.name,
    sourceType: stmt.sourceType,
    schema: { columns },
    topic,
    formats,
    ...(timestampColumn !== undefined ? { timestampColumn } : {}),
    ...(w.string('TIMESTAMP_FORMAT') !== undefined ? { timestampFormat: w.string('TIMESTAMP_FORMAT')! } : {}),
    isSource: false,
    statementText: stmt.text,
    ...(planned.window ? { window: planned.window } : {}),
  };
  const sinkStep: Step = {
    kind: planned.resultType === 'TABLE' ? 'TableSink' : 'StreamSink',
    ...(planned.window ? { window: planned.window } : {}),
    id: 'KsqlTopic/Sink',
    schema: planned.schema,
    source: internal.root,
    topic,
    formats,
    ...(tsIndex >= 0 ? { timestamp: { valueIndex: tsIndex, ...(sink.timestampFormat ? { format: sink.timestampFormat } : {}) } } : {}),
  };
  const plan: QueryPlan = { queryId, sink: sinkStep, sourceTopics: planned.sources.map((s) => s.topic), ...withTopics(internal.topics) };
  return { plan, sink, sources: planned.sources as DataSource[], partitions };
}

export function planInsertInto(stmt: StatementOf<'InsertInto'>, ctx: EngineContext, target: DataSource, queryId: string, config: SessionConfig): QueryPlan {
  const planned = planQuery(stmt.query, { catalog: ctx.metastore, registry: ctx.registry, sinkName: stmt.target });
  const targetKey = target.schema.columns.filter((c) => c.namespace === 'KEY');
  const targetValue = target.schema.columns.filter((c) => c.namespace === 'VALUE');
  // Column names must match; types may widen implicitly (INT → BIGINT → DECIMAL → DOUBLE), as ksqlDB allows.
  const compatible = (a: readonly Column[], b: readonly Column[]): boolean =>
    a.length === b.length && a.every((c, i) => c.name === b[i]!.name && canWiden(c.type, b[i]!.type));
  if (!compatible(planned.schema.key, targetKey) || !compatible(planned.schema.value, targetValue)) {
    throw new AnalysisError(
      `Incompatible schema between results and sink.\nResult schema is ${formatSchema({ columns: [...planned.schema.key, ...planned.schema.value] })}\nSink schema is ${formatSchema(target.schema)}`,
      stmt.span,
    );
  }
  const internal = planInternalTopics(planned.root, { serviceId: ctx.serviceId, queryId, defaultKeyFormat: config.defaultKeyFormat });
  const root = castToTarget(internal.root, targetKey, targetValue);
  const sinkStep: Step = {
    kind: 'StreamSink',
    id: 'KsqlTopic/Sink',
    schema: root.schema,
    source: root,
    topic: target.topic,
    formats: target.formats,
  };
  return { queryId, sink: sinkStep, sourceTopics: planned.sources.map((s) => s.topic), ...withTopics(internal.topics) };
}

const withTopics = (topics: readonly InternalTopic[]): Pick<QueryPlan, 'internalTopics'> => (topics.length > 0 ? { internalTopics: topics } : {});

/** Adds a projection that widens result columns to the target's types, when any differ. */
function castToTarget(root: Step, key: readonly Column[], value: readonly Column[]): Step {
  const same = (a: readonly Column[], b: readonly Column[]) => a.every((c, i) => typesEqual(c.type, b[i]!.type));
  if (same(root.schema.key, key) && same(root.schema.value, value)) return root;
  const casts = (from: readonly Column[], to: readonly Column[], slot: 'KEY' | 'VALUE'): BoundExpr[] =>
    from.map((c, i) => cast({ kind: 'Column', type: c.type, name: c.name, slot: { from: slot, index: i } }, to[i]!.type));
  return {
    kind: 'StreamSelect',
    id: 'InsertCast',
    schema: { key, value },
    source: root,
    keyExprs: casts(root.schema.key, key, 'KEY'),
    valueExprs: casts(root.schema.value, value, 'VALUE'),
  };
}

/**
 * ksqlDB checks the sink's TIMESTAMP property before analysing the projection: the column must be
 * one the SELECT can produce (a selected or aliased column, or any source column under `*`).
 */
function checkSinkTimestampNamed(stmt: StatementOf<'CreateAsSelect'>, ctx: EngineContext): void {
  const ts = new WithClause(stmt.properties).string('TIMESTAMP')?.toUpperCase();
  if (ts === undefined) return;
  const source = ctx.metastore.source(stmt.query.from.source.name);
  const names = stmt.query.select.flatMap((item) => {
    if (item.kind === 'SelectAll') return source ? source.schema.columns.map((c) => c.name) : [ts];
    if (item.kind === 'SelectStructAll') return [ts];
    return [item.alias ?? (item.expr.kind === 'ColumnRef' ? item.expr.name : item.expr.kind === 'Dereference' ? item.expr.field : '')];
  });
  if (!names.includes(ts)) throw new AnalysisError(`The TIMESTAMP column set in the WITH clause does not exist in the schema: '${ts}'`, stmt.span);
}
