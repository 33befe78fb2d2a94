/** Generic walks over AST expressions. */
import type { Expr, ExprOf } from '../parser/ast.ts';

/** Direct sub-expressions of an AST expression, found structurally so new node kinds are covered. */
export function childExprs(e: Expr): Expr[] {
  const out: Expr[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      if ('kind' in v && 'span' in v) out.push(v as Expr);
      else Object.values(v).forEach(visit);
    }
  };
  for (const [k, v] of Object.entries(e)) if (k !== 'span' && k !== 'type') visit(v);
  return out;
}

/** Every function call in `e` (outermost first) whose name satisfies `pick`, not descending into picked calls. */
export function findCalls(e: Expr, pick: (name: string) => boolean): ExprOf<'FunctionCall'>[] {
  if (e.kind === 'FunctionCall' && pick(e.name)) return [e];
  return childExprs(e).flatMap((c) => findCalls(c, pick));
}

/** Copy of `e` with every unqualified column reference qualified by `source` (for ksqlDB-style messages). */
export function qualify(e: Expr, source: string): Expr {
  const rewrite = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(rewrite);
    if (!v || typeof v !== 'object') return v;
    const o = v as Record<string, unknown>;
    if (o.kind === 'ColumnRef' && o.source === undefined) return { ...o, source };
    if (o.kind === 'Lambda') return o;
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, k === 'span' ? x : rewrite(x)]));
  };
  return rewrite(e) as Expr;
}
