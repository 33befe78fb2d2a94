/**
 * SELECT → physical steps for queries over a single stream:
 * source → WHERE filter → PARTITION BY re-key → table-function flat-map → projection.
 */
import { AnalysisError, UnsupportedError } from '../common/errors.ts';
import type { Column } from '../common/schema.ts';
import type { FunctionRegistry } from '../functions/registry.ts';
import type { Expr, Query } from '../parser/ast.ts';
import type { BoundExpr } from '../plan/expr.ts';
import type { Step, StepSchema } from '../plan/steps.ts';
import { bindExpr, requireType, type BindContext } from './bind-expr.ts';
import type { Catalog, SourceDefinition } from './catalog.ts';
import { findCalls } from './expr-walk.ts';
import { planProjection } from './plan-projection.ts';
import { resolveTypeNode } from './resolve-type.ts';
import { SourceScope } from './source-scope.ts';
import { BOOLEAN, formatType } from '../common/types.ts';
import { formatExpr } from '../parser/index.ts';
import { GeneratedNames } from './generated-names.ts';
import { containsMap } from './type-rules.ts';
import { sourceStep } from './plan-source.ts';
import { withPrefix } from './with-prefix.ts';

export interface PlannerContext {
  readonly catalog: Catalog;
  readonly registry: FunctionRegistry;
  /** Name of the sink being created, for error messages (`OUTPUT`). */
  readonly sinkName?: string;
}

export interface PlannedQuery {
  readonly root: Step;
  readonly schema: StepSchema;
  readonly sources: readonly SourceDefinition[];
}

export function planQuery(q: Query, ctx: PlannerContext): PlannedQuery {
  if (q.from.joins.length > 0) throw new UnsupportedError('JOIN', q.from.joins[0]!.span);
  if (q.window) throw new UnsupportedError('Windowed aggregation (WINDOW clause)', q.window.span);
  if (q.groupBy) throw new UnsupportedError('GROUP BY aggregation', q.span);
  if (q.having) throw new UnsupportedError('HAVING', q.having.span);
  const source = ctx.catalog.source(q.from.source.name);
  if (!source) throw new AnalysisError(`${q.from.source.name} does not exist.`, q.from.source.span);
  if (source.sourceType === 'TABLE') throw new UnsupportedError('Queries over tables', q.from.source.span);
  rejectAggregates(q, ctx.registry);

  const qualifiers = [source.name, ...(q.from.source.alias ? [q.from.source.alias] : [])];
  const resolveType = resolveTypeNode(ctx.catalog);
  let step: Step = sourceStep(source);
  let scope = new SourceScope(step.schema, qualifiers, resolveType, source.window !== undefined);

  if (q.where) {
    const bctx: BindContext = { scope: scope.withClause('WHERE'), registry: ctx.registry };
    const bound = withPrefix('Error in WHERE expression: ', () => bindExpr(q.where!, bctx));
    if (bound.type !== null && bound.type.kind !== 'BOOLEAN') {
      throw new AnalysisError(`Type error in WHERE expression: Should evaluate to boolean but is ${formatExpr(q.where)} (${formatType(bound.type)}) instead.`, q.where.span);
    }
    const predicate = requireType(bound, BOOLEAN, q.where);
    step = { kind: 'StreamFilter', id: 'WhereFilter', schema: step.schema, source: step, predicate };
  }

  const names = new GeneratedNames(source.schema.columns.map((c) => c.name));
  let partitionExprs: readonly Expr[] | undefined;
  if (q.partitionBy) {
    const rekeyed = planPartitionBy(step, q, scope, ctx, names);
    partitionExprs = rekeyed.exprs;
    step = rekeyed.step;
    scope = new SourceScope(step.schema, qualifiers, resolveType, false);
  }

  const tableCalls = q.select.flatMap((item) =>
    item.kind === 'SelectExpr' ? findCalls(item.expr, (name) => ctx.registry.isTableFunction(name)) : [],
  );
  const replacements = new Map<Expr, BoundExpr>();
  if (tableCalls.length > 0) {
    const bctx: BindContext = { scope, registry: ctx.registry };
    const functions = tableCalls.map((call) => {
      const args = call.args.map((a) => bindExpr(a, bctx));
      const fn = ctx.registry.resolveTable(call.name, args.map((a) => a.type));
      return { call, name: fn.name, args, type: fn.returnType };
    });
    const base = step.schema.value.length;
    const value: Column[] = [...step.schema.value, ...functions.map((f, i) => ({ name: `KSQL_SYNTH_${i}`, type: f.type, namespace: 'VALUE' as const }))];
    step = {
      kind: 'StreamFlatMap',
      id: 'FlatMap',
      schema: { key: step.schema.key, value },
      source: step,
      functions: functions.map((f) => ({ name: f.name, argTypes: f.args.map((a) => a.type), args: f.args })),
    };
    functions.forEach((f, i) => {
      replacements.set(f.call, { kind: 'Column', type: f.type, name: `KSQL_SYNTH_${i}`, slot: { from: 'VALUE', index: base + i } });
    });
    scope = new SourceScope(step.schema, qualifiers, resolveType, false);
  }

  const projection = planProjection(q, { scope, registry: ctx.registry, replacements, sourceName: source.name, sourceAlias: q.from.source.alias }, step.schema, source, ctx.sinkName, partitionExprs, names);
  const project: Step = {
    kind: 'StreamSelect',
    id: 'Project',
    schema: projection.schema,
    source: step,
    keyExprs: projection.keyExprs,
    valueExprs: projection.valueExprs,
  };
  return { root: project, schema: projection.schema, sources: [source] };
}

function rejectAggregates(q: Query, registry: FunctionRegistry): void {
  for (const item of q.select) {
    if (item.kind !== 'SelectExpr') continue;
    const agg = findCalls(item.expr, (name) => registry.isAggregate(name))[0];
    if (agg) throw new UnsupportedError(`Aggregate function ${agg.name} without GROUP BY`, agg.span);
  }
}

/** PARTITION BY: the new key is the expressions; the old key columns move into the value. */
function planPartitionBy(step: Step, q: Query, scope: SourceScope, ctx: PlannerContext, names: GeneratedNames): { step: Step; exprs: readonly Expr[] } {
  const exprs = q.partitionBy!;
  if (exprs.length === 0) throw new AnalysisError('PARTITION BY requires at least one expression', q.span);
  const nulls = exprs.filter((e) => e.kind === 'NullLiteral');
  if (nulls.length > 0 && exprs.length > 1) throw new AnalysisError('Cannot PARTITION BY multiple columns including NULL', nulls[0]!.span);
  const keyExprs = nulls.length > 0 ? [] : exprs.map((e) => bindExpr(e, { scope: scope.withClause('PARTITION BY'), registry: ctx.registry }));
  const key: Column[] = keyExprs.map((k, i) => {
    const type = k.type ?? BOOLEAN;
    const name = partitionName(exprs[i]!, q, names);
    if (containsMap(type)) {
      throw new AnalysisError(`Map keys, including types that contain maps, are not supported as they may lead to unexpected behavior due to inconsistent serialization. Key column name: \`${name}\`. Column type: ${formatType(type)}. See https://github.com/confluentinc/ksql/issues/6621 for more.`, exprs[i]!.span);
    }
    return { name, type, namespace: 'KEY' };
  });
  const carried = step.schema.key.filter((c) => !key.some((k) => k.name === c.name));
  const value: Column[] = [...step.schema.value, ...carried.map((c) => ({ ...c, namespace: 'VALUE' as const }))];
  return {
    step: { kind: 'StreamSelectKey', id: 'PartitionBy', schema: { key, value }, source: step, keyExprs },
    exprs: nulls.length > 0 ? [] : exprs,
  };
}

/** A column keeps its name, a struct field takes the field's; otherwise an alias from the SELECT, else KSQL_COL_n. */
function partitionName(e: Expr, q: Query, names: GeneratedNames): string {
  if (e.kind === 'ColumnRef') return e.name;
  if (e.kind === 'Dereference') return names.unique(e.field);
  const aliased = q.select.find((s) => s.kind === 'SelectExpr' && s.alias !== undefined && formatExpr(s.expr) === formatExpr(e));
  return aliased?.kind === 'SelectExpr' && aliased.alias !== undefined ? aliased.alias : names.next();
}

