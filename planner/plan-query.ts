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
import { BOOLEAN } from '../common/types.ts';
import { sourceStep } from './plan-source.ts';

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
    const predicate = requireType(bindExpr(q.where, bctx), BOOLEAN, q.where);
    step = { kind: 'StreamFilter', id: 'WhereFilter', schema: step.schema, source: step, predicate };
  }

  let partitionExprs: readonly Expr[] | undefined;
  if (q.partitionBy && q.partitionBy.length > 0) {
    partitionExprs = q.partitionBy;
    const rekeyed = planPartitionBy(step, q, scope, ctx);
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

  const projection = planProjection(q, { scope, registry: ctx.registry, replacements }, step.schema, source, ctx.sinkName, partitionExprs);
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
function planPartitionBy(step: Step, q: Query, scope: SourceScope, ctx: PlannerContext): { step: Step } {
  const bctx: BindContext = { scope: scope.withClause('PARTITION BY'), registry: ctx.registry };
  const exprs = q.partitionBy!;
  const keyExprs = exprs.map((e) => bindExpr(e, bctx));
  const key: Column[] = keyExprs.map((k, i) => ({
    name: k.kind === 'Column' ? k.name : `KSQL_PARTITION_${i}`,
    type: k.type ?? BOOLEAN,
    namespace: 'KEY',
  }));
  const carried = step.schema.key.filter((c) => !key.some((k) => k.name === c.name));
  const value: Column[] = [...step.schema.value, ...carried.map((c) => ({ ...c, namespace: 'VALUE' as const }))];
  return {
    step: { kind: 'StreamSelectKey', id: 'PartitionBy', schema: { key, value }, source: step, keyExprs },
  };
}
