/**
 * What a join's result key equals, as ksqlDB reasons about it. Each (non-FULL) join makes its two
 * join expressions equal to the key; when one of them already equals the left input's key (an
 * earlier join's expression), the earlier equivalences carry over. That set decides two things:
 * a later join on any expression in it needs no re-key, and its plain source columns (the
 * "viable" key columns) are the ones a projection may use to include the key.
 */
import { NO_SPAN } from '../common/span.ts';
import type { Expr, SelectItem } from '../parser/ast.ts';
import { formatExpr } from '../parser/index.ts';
import type { ColumnId } from './join-scope.ts';

export interface KeyEquivalence {
  /** Every expression known to equal the key, as fully qualified SQL text (`S1.ID`, `ABS(S2.ID)`). */
  readonly expressions: readonly string[];
  /** The plain source columns among them, in ksqlDB's order. */
  readonly viable: readonly ColumnId[];
}

/** A single source: nothing is known to equal its key beyond the key column itself. */
export const NO_EQUIVALENCE: KeyEquivalence = { expressions: [], viable: [] };

/** One side of a join condition: its qualified text, and the column when it is a plain column. */
export interface JoinSide {
  readonly text: string;
  readonly column?: ColumnId;
}

/**
 * The equivalence of `left JOIN right ON l = r`. A FULL OUTER join has none: either side may be
 * null, so the key (a synthetic one) equals neither expression.
 */
export function joinEquivalence(left: KeyEquivalence, right: KeyEquivalence, l: JoinSide, r: JoinSide, fullOuter: boolean): KeyEquivalence {
  if (fullOuter) return NO_EQUIVALENCE;
  const own = [l.text, r.text];
  const linked = (child: KeyEquivalence) => child.expressions.some((e) => own.includes(e));
  const expressions = unique([...own, ...(linked(left) ? left.expressions : []), ...(linked(right) ? right.expressions : [])]);
  const candidates = [...left.viable, ...(l.column ? [l.column] : []), ...right.viable, ...(r.column ? [r.column] : [])];
  const viable = candidates.filter((c, i) => expressions.includes(columnText(c)) && candidates.findIndex((d) => sameColumn(c, d)) === i);
  return { expressions, viable };
}

/** The side of a condition as qualified text, with unqualified columns given their owning source. */
export function joinSide(e: Expr, ownerOf: (name: string) => string | undefined): JoinSide {
  const qualified = qualifyColumns(e, ownerOf);
  const alias = qualified.kind === 'ColumnRef' ? qualified.source : undefined;
  return { text: formatExpr(qualified), ...(qualified.kind === 'ColumnRef' && alias !== undefined ? { column: { alias, name: qualified.name } } : {}) };
}

/** The key column a projection names the result key after: the first viable one it contains, else the first. */
export function chooseKeyColumn(viable: readonly ColumnId[], select: readonly SelectItem[], ownerOf: (name: string) => string | undefined): ColumnId | undefined {
  return viable.find((c) => projectionContains(select, c, ownerOf)) ?? viable[0];
}

/**
 * Whether the SELECT list contains a column: `*`, `<alias>.*`, or an item that is exactly that
 * column (aliased or not). A column inside a larger expression does not count.
 */
export function projectionContains(select: readonly SelectItem[], c: ColumnId, ownerOf: (name: string) => string | undefined): boolean {
  return select.some((item) => {
    if (item.kind === 'SelectAll') return item.source === undefined || item.source === c.alias;
    if (item.kind !== 'SelectExpr' || item.expr.kind !== 'ColumnRef') return false;
    return item.expr.name === c.name && (item.expr.source ?? ownerOf(item.expr.name)) === c.alias;
  });
}

/** Copy of `e` with each unqualified column reference qualified by the source that owns it. */
export function qualifyColumns(e: Expr, ownerOf: (name: string) => string | undefined): Expr {
  const rewrite = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(rewrite);
    if (!v || typeof v !== 'object') return v;
    const o = v as Record<string, unknown>;
    if (o.kind === 'ColumnRef' && o.source === undefined) {
      const source = ownerOf(o.name as string);
      return source === undefined ? o : { ...o, source };
    }
    if (o.kind === 'Lambda') return o;
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, k === 'span' ? x : rewrite(x)]));
  };
  return rewrite(e) as Expr;
}

export function columnText(c: ColumnId): string {
  return formatExpr({ kind: 'ColumnRef', source: c.alias, name: c.name, span: NO_SPAN });
}

const sameColumn = (a: ColumnId, b: ColumnId): boolean => a.alias === b.alias && a.name === b.name;

function unique(xs: readonly string[]): string[] {
  return [...new Set(xs)];
}
