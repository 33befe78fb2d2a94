/**
 * Name resolution after GROUP BY: only the grouping columns (now the key), the aggregate results
 * and the window bounds exist. Anything else is a non-aggregate expression outside the GROUP BY.
 */
import { AnalysisError } from '../common/errors.ts';
import type { Span } from '../common/span.ts';
import { BIGINT, type SqlType } from '../common/types.ts';
import type { Expr, Query, TypeNode } from '../parser/ast.ts';
import { formatExpr } from '../parser/index.ts';
import type { BoundExpr } from '../plan/expr.ts';
import type { StepSchema } from '../plan/steps.ts';
import type { ResolvedColumn, Scope } from './bind-expr.ts';
import { childExprs } from './expr-walk.ts';

export class AggregateScope implements Scope {
  constructor(
    private readonly schema: StepSchema,
    /** Grouping expressions that are plain columns: their names resolve to the key. */
    private readonly groupColumns: readonly (string | undefined)[],
    private readonly windowed: boolean,
    private readonly typeResolver: (node: TypeNode) => SqlType,
    private readonly clause: 'SELECT' | 'HAVING',
  ) {}

  resolveColumn(_source: string | undefined, name: string, span: Span): ResolvedColumn {
    const keyIndex = this.groupColumns.indexOf(name);
    if (keyIndex >= 0) return { name: this.schema.key[keyIndex]!.name, type: this.schema.key[keyIndex]!.type, slot: { from: 'KEY', index: keyIndex } };
    if (this.windowed && (name === 'WINDOWSTART' || name === 'WINDOWEND')) return { name, type: BIGINT, slot: { from: name } };
    throw new AnalysisError(`Non-aggregate ${this.clause} expression(s) not part of GROUP BY: ${name}`, span);
  }

  resolveType(node: TypeNode): SqlType {
    return this.typeResolver(node);
  }
}

/**
 * Maps the sub-expressions of SELECT/HAVING that GROUP BY computed: grouping expressions to key
 * slots and aggregate calls to value slots. Found structurally, so `ABS(X)` matches `abs(x)`.
 */
export function aggregateReplacements(
  roots: readonly Expr[],
  groupBy: readonly Expr[],
  schema: StepSchema,
  aggregates: readonly { readonly call: Expr; readonly index: number }[],
): Map<Expr, BoundExpr> {
  const groupTexts = groupBy.map((g) => formatExpr(g));
  const aggregateTexts = new Map(aggregates.map((a) => [formatExpr(a.call), a.index]));
  const out = new Map<Expr, BoundExpr>();
  const visit = (e: Expr): void => {
    const text = formatExpr(e);
    const agg = aggregateTexts.get(text);
    if (e.kind === 'FunctionCall' && agg !== undefined) {
      const col = schema.value[agg]!;
      out.set(e, { kind: 'Column', type: col.type, name: col.name, slot: { from: 'VALUE', index: agg } });
      return;
    }
    const g = groupTexts.indexOf(text);
    if (g >= 0 && e.kind !== 'ColumnRef') {
      const col = schema.key[g]!;
      out.set(e, { kind: 'Column', type: col.type, name: col.name, slot: { from: 'KEY', index: g } });
      return;
    }
    childExprs(e).forEach(visit);
  };
  roots.forEach(visit);
  return out;
}

/**
 * ksqlDB's check that every SELECT item (and HAVING) only uses grouping expressions, aggregates and
 * window bounds outside aggregate calls. SELECT reports whole items, HAVING the offending columns.
 */
export function nonAggregateItems(q: Query, isAggregate: (name: string) => boolean): { select: string[]; having: string[] } {
  const groupTexts = new Set((q.groupBy ?? []).map((g) => formatExpr(g)));
  const groupColumns = new Set((q.groupBy ?? []).flatMap((g) => (g.kind === 'ColumnRef' ? [g.name] : [])));
  const loose = (e: Expr): string[] => {
    if (groupTexts.has(formatExpr(e))) return [];
    if (e.kind === 'FunctionCall' && isAggregate(e.name)) return [];
    if (e.kind === 'ColumnRef') return groupColumns.has(e.name) || e.name === 'WINDOWSTART' || e.name === 'WINDOWEND' ? [] : [formatExpr(e)];
    return childExprs(e).flatMap(loose);
  };
  const select = q.select.flatMap((s) => (s.kind === 'SelectExpr' && loose(s.expr).length > 0 ? [formatExpr(s.expr)] : []));
  const having = q.having ? loose(q.having) : [];
  return { select, having };
}
