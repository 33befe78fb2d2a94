/**
 * SELECT → physical steps for queries over one stream or table:
 * source → WHERE filter → (GROUP BY aggregate → HAVING | PARTITION BY re-key → table functions) → projection;
 * and over joins: join steps (plan-join.ts) → WHERE filter → (GROUP BY aggregate | PARTITION BY re-key) → projection.
 */
import { AnalysisError, UnsupportedError } from '../common/errors.ts';
import type { Column } from '../common/schema.ts';
import type { FunctionRegistry } from '../functions/registry.ts';
import type { Expr, ExprOf, Query } from '../parser/ast.ts';
import type { BoundExpr } from '../plan/expr.ts';
import type { Step, StepSchema, WindowedKey } from '../plan/steps.ts';
import { AggregateScope, aggregateReplacements, nonAggregateItems } from './aggregate-scope.ts';
import { planAggregate } from './plan-aggregate.ts';
import { bindExpr, requireType, type BindContext } from './bind-expr.ts';
import type { Catalog, SourceDefinition } from './catalog.ts';
import { findCalls, qualify } from './expr-walk.ts';
import { planProjection, type KeySource, type Projection } from './plan-projection.ts';
import { planPartitionBy } from './plan-partition-by.ts';
import { qualifyColumns } from './join-key.ts';
import { resolveTypeNode } from './resolve-type.ts';
import { SourceScope } from './source-scope.ts';
import { BOOLEAN, formatType, type SqlType } from '../common/types.ts';
import { formatExpr } from '../parser/index.ts';
import { GeneratedNames } from './generated-names.ts';
import { sourceStep, tableSourceStep } from './plan-source.ts';
import { planJoins } from './plan-join.ts';
import type { Scope } from './bind-expr.ts';
import { withPrefix } from './with-prefix.ts';

export interface PlannerContext {
  readonly catalog: Catalog;
  readonly registry: FunctionRegistry;
  /** Name of the sink being created, for error messages (`OUTPUT`). */
  readonly sinkName?: string;
  /** Set by planQuery from the source: its explicit watermark delay. */
  readonly watermarkDelayMs?: number;
  /** A push or pull query rather than a persistent one. */
  readonly transient?: boolean;
  /** Session properties (aggregates read a few, e.g. `ksql.functions.collect_list.limit`). */
  readonly properties?: Readonly<Record<string, unknown>>;
}

export interface PlannedQuery {
  readonly root: Step;
  readonly schema: StepSchema;
  readonly sources: readonly SourceDefinition[];
  /** A query over a table, or an aggregation, produces a table. */
  readonly resultType: 'STREAM' | 'TABLE';
  /** Set when the result is windowed (a windowed aggregation, or a windowed source). */
  readonly window?: WindowedKey;
  /** Aggregate accumulator types, which the source's value format must be able to hold. */
  readonly intermediateTypes?: readonly SqlType[];
  /** Output columns in SELECT order, as positions in key + value (for push and pull rows). */
  readonly selectOrder: readonly number[];
}

export function planQuery(q: Query, ctx: PlannerContext): PlannedQuery {
  if (q.from.joins.length > 0) return planJoinQuery(q, ctx);
  const source = ctx.catalog.source(q.from.source.name);
  if (!source) throw new AnalysisError(`${q.from.source.name} does not exist.`, q.from.source.span);
  const isTable = source.sourceType === 'TABLE';
  const aggregating = q.groupBy !== undefined || hasAggregates(q, ctx.registry);
  if (aggregating) checkFunctionsExist(q, ctx.registry);
  if (aggregating && hasAggregates(q, ctx.registry)) checkNonAggregates(q, ctx.registry);
  if (q.window && !q.groupBy) throw new AnalysisError('WINDOW clause requires a GROUP BY clause.', q.window.span);
  if (q.emit === 'FINAL' && !q.window) throw new AnalysisError('EMIT FINAL is only supported for windowed aggregations.', q.span);
  if (q.having && !aggregating) throw new AnalysisError('HAVING requires a GROUP BY clause.', q.having.span);
  if (isTable && q.partitionBy) throw new UnsupportedError('PARTITION BY on a table', q.span);

  const qualifiers = [source.name, ...(q.from.source.alias ? [q.from.source.alias] : [])];
  const resolveType = resolveTypeNode(ctx.catalog);
  let step: Step = isTable ? tableSourceStep(source) : sourceStep(source);
  let scope = new SourceScope(step.schema, qualifiers, resolveType, source.window !== undefined);
  const names = new GeneratedNames(source.schema.columns.map((c) => c.name), q);

  if (q.where) {
    const bctx: BindContext = { scope: scope.withClause('WHERE'), registry: ctx.registry };
    const bound = withPrefix('Error in WHERE expression: ', () => bindExpr(q.where!, bctx));
    if (bound.type !== null && bound.type.kind !== 'BOOLEAN') {
      throw new AnalysisError(`Type error in WHERE expression: Should evaluate to boolean but is ${formatExpr(q.where)} (${formatType(bound.type)}) instead.`, q.where.span);
    }
    const predicate = requireType(bound, BOOLEAN, q.where);
    step = { kind: isTable ? 'TableFilter' : 'StreamFilter', id: 'WhereFilter', schema: step.schema, source: step, predicate };
  }

  if (aggregating) {
    // A push query may aggregate every row into one group, as ksqlDB allows outside CREATE ... AS.
    if (!q.groupBy && ctx.transient === true && q.emit !== undefined) q = { ...q, groupBy: [{ kind: 'IntegerLiteral', text: '1', span: q.span }] };
    if (!q.groupBy) {
      const first = q.select.flatMap((i) => (i.kind === 'SelectExpr' ? findCalls(i.expr, (n) => ctx.registry.isAggregate(n)) : []))[0]!;
      // ksqlDB shows COUNT(*) as COUNT(ROWTIME).
      const shown = first.star ? `${first.name.toUpperCase()}(ROWTIME)` : formatExpr(first);
      throw new AnalysisError(`CREATE TABLE AS SELECT statement does not support aggregate function [${shown}] without a GROUP BY clause.`, first.span);
    }
    if (source.formats.value.name === 'KAFKA') {
      throw new AnalysisError(`Source(s) ${source.name} are using the 'KAFKA' value format. This format does not yet support GROUP BY.`, q.span);
    }
    const withMark = source.watermarkDelayMs !== undefined ? { ...ctx, watermarkDelayMs: source.watermarkDelayMs } : ctx;
    return planAggregation(step, q, scope, withMark, names, source, isTable);
  }

  let partitionExprs: readonly Expr[] | undefined;
  if (q.partitionBy) {
    const rekeyed = planPartitionBy(step, q, scope, ctx.registry, (e) => names.forKey(e));
    partitionExprs = rekeyed.exprs;
    step = rekeyed.step;
    scope = new SourceScope(step.schema, qualifiers, resolveType, false);
  }

  const replacements = new Map<Expr, BoundExpr>();
  const tableCalls = q.select.flatMap((item) =>
    item.kind === 'SelectExpr' ? findCalls(item.expr, (name) => ctx.registry.isTableFunction(name)) : [],
  );
  if (tableCalls.length > 0) {
    if (isTable) throw new AnalysisError('Table functions are only supported on streams.', tableCalls[0]!.span);
    step = planFlatMap(step, tableCalls, scope, ctx, replacements);
    scope = new SourceScope(step.schema, qualifiers, resolveType, false);
  }

  const windowed = source.window !== undefined;
  const projection = planProjection(
    q,
    { scope, registry: ctx.registry, replacements, sourceName: source.name, sourceAlias: q.from.source.alias, transient: ctx.transient === true, windowBounds: windowed && ctx.transient === true },
    step.schema,
    source,
    ctx.sinkName,
    partitionExprs ? { kind: 'partition', exprs: partitionExprs } : undefined,
    names,
  );
  const project = projectStep(step, projection, isTable);
  return {
    root: project,
    schema: projection.schema,
    sources: [source],
    selectOrder: projection.selectOrder,
    resultType: isTable ? 'TABLE' : 'STREAM',
    ...(windowed && source.window ? { window: source.window } : {}),
  };
}

/** GROUP BY: aggregate, then HAVING as a table filter, then the projection over keys and results. */
function planAggregation(input: Step, q: Query, scope: Scope, ctx: PlannerContext, names: GeneratedNames, source: SourceDefinition, isTable: boolean): PlannedQuery {
  const agg = planAggregate(input, q, scope, ctx, names, isTable);
  let step = agg.step;
  const windowed = q.window !== undefined;
  const roots = [...q.select.flatMap((s) => (s.kind === 'SelectExpr' ? [s.expr] : [])), ...(q.having ? [q.having] : [])];
  const replacements = aggregateReplacements(roots, q.groupBy ?? [], step.schema, agg.calls);
  const resolveType = resolveTypeNode(ctx.catalog);
  if (q.having) {
    const having = new AggregateScope(step.schema, agg.groupColumns, windowed, resolveType, 'HAVING');
    const bound = withPrefix('Error in HAVING expression: ', () => bindExpr(q.having!, { scope: having, registry: ctx.registry, replacements }));
    const predicate = requireType(bound, BOOLEAN, q.having);
    step = { kind: 'TableFilter', id: 'HavingFilter', schema: step.schema, source: step, predicate };
  }
  const selectScope = new AggregateScope(step.schema, agg.groupColumns, windowed, resolveType, 'SELECT');
  const projection = planProjection(
    q,
    { scope: selectScope, registry: ctx.registry, replacements, sourceName: source.name, sourceAlias: q.from.source.alias, transient: ctx.transient === true },
    step.schema,
    source,
    ctx.sinkName,
    { kind: 'group', exprs: q.groupBy ?? [] },
    names,
  );
  const project = projectStep(step, projection, true);
  const w = q.window;
  return {
    root: project,
    schema: projection.schema,
    sources: [source],
    selectOrder: projection.selectOrder,
    resultType: 'TABLE',
    intermediateTypes: agg.intermediateTypes,
    ...(w ? { window: { type: w.kind === 'Tumbling' ? 'TUMBLING' : w.kind === 'Hopping' ? 'HOPPING' : 'SESSION', ...(w.kind !== 'Session' ? { sizeMs: w.size.millis } : {}), ...(w.kind === 'Hopping' ? { advanceMs: w.advance.millis } : {}) } } : {}),
  };
}

/** A query over joins: join steps, then WHERE, then GROUP BY or the projection. */
function planJoinQuery(q: Query, ctx: PlannerContext): PlannedQuery {
  if (q.window && !q.groupBy) throw new AnalysisError('WINDOW clause requires a GROUP BY clause.', q.window.span);
  const joined = planJoins(q, ctx);
  const source = joined.sources[0]!;
  const names = new GeneratedNames(joined.sources.flatMap((s) => s.schema.columns.map((c) => c.name)), q);
  let step = joined.step;
  if (q.where) {
    const bound = withPrefix('Error in WHERE expression: ', () => bindExpr(q.where!, { scope: joined.scope.withClause('WHERE'), registry: ctx.registry }));
    const predicate = requireType(bound, BOOLEAN, q.where);
    step = { kind: joined.isTable ? 'TableFilter' : 'StreamFilter', id: 'WhereFilter', schema: step.schema, source: step, predicate };
  }
  if (q.groupBy !== undefined || hasAggregates(q, ctx.registry)) {
    checkFunctionsExist(q, ctx.registry);
    if (hasAggregates(q, ctx.registry)) checkNonAggregates(q, ctx.registry);
    if (!q.groupBy) throw new AnalysisError('Aggregate functions over a join need a GROUP BY clause.', q.span);
    return planAggregation(step, q, joined.scope, ctx, names, source, joined.isTable);
  }
  const key = joined.scope.key;
  const equivalents = key?.syntheticName ? [key.syntheticName] : (key?.equivalents ?? []).map((e) => `${e.alias}.${e.name}`);
  let scope = joined.scope;
  let keySource: KeySource = { kind: 'join', exprs: [], equivalents, synthetic: key?.syntheticName !== undefined, ...(key?.foreignKeyLeft ? { foreignKeyLeft: key.foreignKeyLeft } : {}) };
  const canonical = (e: Expr) => formatExpr(qualifyColumns(e, (name) => joined.scope.ownerOf(name)));
  if (q.partitionBy) {
    if (joined.isTable) throw new UnsupportedError('PARTITION BY on a table', q.span);
    // Over a join every column is `<ALIAS>_<COL>`, so a partitioning column keeps that name.
    const keyName = (e: Expr) => (e.kind === 'ColumnRef' ? `${e.source ?? joined.scope.ownerOf(e.name) ?? ''}_${e.name}` : names.forKey(e));
    const rekeyed = planPartitionBy(step, q, joined.scope, ctx.registry, keyName);
    step = rekeyed.step;
    scope = joined.scope.withKeyAt(rekeyed.oldKey[0] ?? { from: 'KEY', index: 0 });
    keySource = { kind: 'partition', exprs: rekeyed.exprs, canonical };
  }
  const projection = planProjection(
    q,
    { scope, registry: ctx.registry, replacements: new Map(), sourceName: source.name, sourceAlias: q.from.source.alias, transient: ctx.transient === true, join: scope, canonical },
    step.schema,
    source,
    ctx.sinkName,
    keySource,
    names,
  );
  const project = projectStep(step, projection, joined.isTable);
  return {
    root: project,
    schema: projection.schema,
    sources: joined.sources,
    selectOrder: projection.selectOrder,
    resultType: joined.isTable ? 'TABLE' : 'STREAM',
    ...(joined.window ? { window: joined.window } : {}),
  };
}

function planFlatMap(step: Step, tableCalls: ExprOf<'FunctionCall'>[], scope: SourceScope, ctx: PlannerContext, replacements: Map<Expr, BoundExpr>): Step {
  const bctx: BindContext = { scope, registry: ctx.registry };
  const functions = tableCalls.map((call) => {
    const args = call.args.map((a) => bindExpr(a, bctx));
    const fn = ctx.registry.resolveTable(call.name, args.map((a) => a.type));
    return { call, name: fn.name, args, type: fn.returnType };
  });
  const base = step.schema.value.length;
  const value: Column[] = [...step.schema.value, ...functions.map((f, i) => ({ name: `KSQL_SYNTH_${i}`, type: f.type, namespace: 'VALUE' as const }))];
  functions.forEach((f, i) => {
    replacements.set(f.call, { kind: 'Column', type: f.type, name: `KSQL_SYNTH_${i}`, slot: { from: 'VALUE', index: base + i } });
  });
  return {
    kind: 'StreamFlatMap',
    id: 'FlatMap',
    schema: { key: step.schema.key, value },
    source: step,
    functions: functions.map((f) => ({ name: f.name, argTypes: f.args.map((a) => a.type), args: f.args })),
  };
}

function hasAggregates(q: Query, registry: FunctionRegistry): boolean {
  const roots = [...q.select.flatMap((s) => (s.kind === 'SelectExpr' ? [s.expr] : [])), ...(q.having ? [q.having] : [])];
  return roots.some((r) => findCalls(r, (n) => registry.isAggregate(n)).length > 0);
}

function checkNonAggregates(q: Query, registry: FunctionRegistry): void {
  const { select, having } = nonAggregateItems(q, (n) => registry.isAggregate(n));
  if (select.length > 0) {
    throw new AnalysisError(`Non-aggregate SELECT expression(s) not part of GROUP BY: ${select.join(', ')}\nEither add the column(s) to the GROUP BY or remove them from the SELECT.`, q.span);
  }
  if (having.length > 0) {
    throw new AnalysisError(`Non-aggregate HAVING expression not part of GROUP BY: ${having.join(', ')}\nEither add the column(s) to the GROUP BY or remove them from the HAVING.`, q.having!.span);
  }
  const seen = new Set<string>();
  for (const g of q.groupBy ?? []) {
    const text = g.kind === 'ColumnRef' ? g.name : formatExpr(g);
    if (seen.has(text)) throw new AnalysisError(`Duplicate GROUP BY expression: ${formatExpr(qualify(g, q.from.source.alias ?? q.from.source.name))}`, g.span);
    seen.add(text);
  }
}

/** Unknown functions are reported before any GROUP BY analysis, as ksqlDB does. */
function checkFunctionsExist(q: Query, registry: FunctionRegistry): void {
  const roots = [...q.select.flatMap((s) => (s.kind === 'SelectExpr' ? [s.expr] : [])), ...(q.having ? [q.having] : []), ...(q.groupBy ?? [])];
  const unknown = roots.flatMap((r) => findCalls(r, (n) => !registry.has(n)))[0];
  if (unknown) throw new AnalysisError(`Can't find any functions with the name '${unknown.name}'`, unknown.span);
}

/** The final projection: StreamSelect over a stream, TableSelect over table changes. */
function projectStep(source: Step, projection: Projection, isTable: boolean): Step {
  const { schema, keyExprs, valueExprs } = projection;
  return isTable
    ? { kind: 'TableSelect', id: 'Project', schema, source, keyExprs, valueExprs }
    : { kind: 'StreamSelect', id: 'Project', schema, source, keyExprs, valueExprs };
}
