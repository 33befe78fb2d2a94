/**
 * GROUP BY → a StreamAggregate (or TableAggregate over a table): group key expressions, aggregate
 * calls with their arguments bound against the aggregation's input, and the window.
 */
import { AnalysisError } from '../common/errors.ts';
import { literalValue } from '../common/literal-value.ts';
import type { Column } from '../common/schema.ts';
import { BOOLEAN, formatType, type SqlType } from '../common/types.ts';
import type { AggregateConfig } from '../functions/function.ts';
import type { Expr, ExprOf, Query, WindowSpec as WindowAst } from '../parser/ast.ts';
import { formatExpr } from '../parser/index.ts';
import type { BoundExpr } from '../plan/expr.ts';
import type { AggregateCall, Step, WindowSpec } from '../plan/steps.ts';
import { bindExpr, type Scope } from './bind-expr.ts';
import { findCalls } from './expr-walk.ts';
import type { GeneratedNames } from './generated-names.ts';
import type { PlannerContext } from './plan-query.ts';
import { containsMap } from './type-rules.ts';
import { withPrefix } from './with-prefix.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface PlannedAggregate {
  readonly step: Step;
  /** The aggregate calls found in SELECT and HAVING, in output column order. */
  readonly calls: readonly { readonly call: Expr; readonly index: number }[];
  readonly groupColumns: readonly (string | undefined)[];
  /** The accumulators' types: the internal topics' value format must be able to hold them. */
  readonly intermediateTypes: readonly SqlType[];
}

export function planAggregate(input: Step, q: Query, scope: Scope, ctx: PlannerContext, names: GeneratedNames, isTable: boolean): PlannedAggregate {
  const groupBy = q.groupBy ?? [];
  if (groupBy.length === 0) throw new AnalysisError('GROUP BY requires at least one expression', q.span);
  const bctx = { scope, registry: ctx.registry };
  const keyExprs = groupBy.map((g) => {
    const nested = findCalls(g, (n) => ctx.registry.isAggregate(n))[0];
    if (nested) throw new AnalysisError(`GROUP BY does not support aggregate functions: ${nested.name} is an aggregate function.`, nested.span);
    return withPrefix('Error in GROUP BY expression: ', () => bindExpr(g, bctx));
  });
  const key: Column[] = keyExprs.map((k, i) => {
    const name = names.forKey(groupBy[i]!);
    const type = k.type ?? BOOLEAN;
    if (containsMap(type)) {
      throw new AnalysisError(`Map keys, including types that contain maps, are not supported as they may lead to unexpected behavior due to inconsistent serialization. Key column name: \`${name}\`. Column type: ${formatType(type)}. See https://github.com/confluentinc/ksql/issues/6621 for more.`, groupBy[i]!.span);
    }
    return { name, type, namespace: 'KEY' };
  });
  const calls = collectAggregateCalls(q, ctx);
  if (calls.length === 0) throw new AnalysisError('GROUP BY requires aggregate functions in either the SELECT or HAVING clause.', q.span);
  const aggregates: AggregateCall[] = [];
  const planned = calls.map((call) => planCall(call, bctx, ctx));
  const streamOnly = planned.filter((p) => !p.undoable).map((p) => p.call.name);
  if (isTable && streamOnly.length > 0) {
    const list = streamOnly.length > 1 ? `${streamOnly.slice(0, -1).join(', ')} and ${streamOnly[streamOnly.length - 1]}` : streamOnly[0];
    throw new AnalysisError(`The aggregation functions ${list} cannot be applied to a table source, only to a stream source.`, q.span);
  }
  const value: Column[] = planned.map((p, i) => {
    aggregates.push(p.call);
    return { name: `KSQL_AGG_VARIABLE_${i}`, type: p.returnType, namespace: 'VALUE' };
  });
  const schema = { key, value };
  const step: Step = isTable
    ? { kind: 'TableAggregate', id: 'Aggregate/Aggregate', schema, source: input, groupKeys: keyExprs, aggregates }
    : {
        kind: 'StreamAggregate',
        id: 'Aggregate/Aggregate',
        schema,
        source: input,
        groupKeys: keyExprs,
        aggregates,
        emitFinal: q.emit === 'FINAL',
        ...(q.window ? { window: windowSpec(q.window, q.emit === 'FINAL', ctx.watermarkDelayMs) } : {}),
      };
  return {
    step,
    calls: calls.map((call, index) => ({ call, index })),
    groupColumns: groupBy.map((g) => (g.kind === 'ColumnRef' ? g.name : undefined)),
    intermediateTypes: planned.map((p) => p.aggregateType),
  };
}

/** Every distinct aggregate call in SELECT and HAVING, outermost, in order of appearance. */
function collectAggregateCalls(q: Query, ctx: PlannerContext): ExprOf<'FunctionCall'>[] {
  const roots = [...q.select.flatMap((s) => (s.kind === 'SelectExpr' ? [s.expr] : [])), ...(q.having ? [q.having] : [])];
  const seen = new Set<string>();
  const out: ExprOf<'FunctionCall'>[] = [];
  for (const call of roots.flatMap((r) => findCalls(r, (n) => ctx.registry.isAggregate(n)))) {
    const nested = call.args.flatMap((a) => findCalls(a, (n) => ctx.registry.isAggregate(n)))[0];
    if (nested) throw new AnalysisError(`Aggregate functions can not be nested: ${call.name}(${nested.name}())`, nested.span);
    const text = formatExpr(call);
    if (!seen.has(text)) {
      seen.add(text);
      out.push(call);
    }
  }
  return out;
}

/** Binds an aggregate's arguments; trailing literal arguments may configure it (TOPK's k). */
function planCall(call: ExprOf<'FunctionCall'>, bctx: { scope: Scope; registry: PlannerContext['registry'] }, ctx: PlannerContext) {
  const args: BoundExpr[] = call.star ? [] : call.args.map((a) => bindExpr(a, bctx));
  let trailing = 0;
  while (trailing < args.length - 1 && args[args.length - 1 - trailing]!.kind === 'Literal') trailing++;
  const config: AggregateConfig = ctx.properties ?? {};
  let lastError: unknown;
  for (let k = trailing; k >= 0; k--) {
    const columns = args.slice(0, args.length - k);
    const literals = args.slice(args.length - k);
    try {
      const values = literals.map((l) => (l.kind === 'Literal' ? literalValue(l.type, l.value) : null));
      const resolved = ctx.registry.resolveAggregate(call.name, columns.map((c) => c.type), values, config, literals.map((l) => l.type));
      const castArgs = columns.map((c, i) => (resolved.paramTypes[i] && c.type !== null ? castTo(c, resolved.paramTypes[i]!) : c));
      return {
        call: { name: resolved.name, argTypes: columns.map((c) => c.type), args: castArgs, literals },
        returnType: resolved.returnType,
        aggregateType: resolved.aggregateType,
        undoable: resolved.undoable,
      };
    } catch (e) {
      lastError = e;
    }
  }
  throw lastError;
}

function castTo(e: BoundExpr, to: NonNullable<BoundExpr['type']>): BoundExpr {
  return e.type !== null && formatType(e.type) === formatType(to) ? e : { kind: 'Cast', type: to, from: e.type, operand: e };
}

/**
 * The window in milliseconds. Grace follows ksqlDB (24h minus the size; 0 with EMIT FINAL) unless
 * the source declares a watermark: then the window closes on the watermark, after any explicit
 * GRACE, and is retained until stream time is that far past its end (the watermark's delay).
 */
export function windowSpec(w: WindowAst, emitFinal: boolean, watermarkDelayMs?: number): WindowSpec {
  const size = w.kind === 'Session' ? w.gap.millis : w.size.millis;
  const onWatermark = watermarkDelayMs !== undefined;
  const graceMs = onWatermark ? (w.grace?.millis ?? 0) : (w.grace?.millis ?? (emitFinal ? 0 : Math.max(DAY_MS - size, 0)));
  const retentionMs = w.retention?.millis ?? size + graceMs + (watermarkDelayMs ?? 0);
  const close = { graceMs, retentionMs, ...(onWatermark ? { onWatermark } : {}) };
  switch (w.kind) {
    case 'Tumbling':
      return { type: 'TUMBLING', sizeMs: size, advanceMs: size, ...close };
    case 'Hopping':
      return { type: 'HOPPING', sizeMs: size, advanceMs: w.advance.millis, ...close };
    case 'Session':
      return { type: 'SESSION', gapMs: size, ...close };
  }
}

