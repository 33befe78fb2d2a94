import type { Expr, Query } from '../parser/ast.ts';
import { formatExpr } from '../parser/index.ts';

/**
 * ksqlDB's `KSQL_COL_n` counter (skipping names the source uses) and `_1` suffixes for clashes.
 * SELECT items are named first, in order; a GROUP BY or PARTITION BY expression takes the name of
 * the SELECT item it matches, else the next free name.
 */
export class GeneratedNames {
  private counter = 0;
  private readonly used: Set<string>;
  private readonly selectNames = new Map<Expr, string>();

  constructor(sourceNames: readonly string[], private readonly query?: Query) {
    this.used = new Set(sourceNames);
    for (const item of query?.select ?? []) {
      if (item.kind !== 'SelectExpr' || item.alias !== undefined || item.expr.kind === 'ColumnRef') continue;
      this.selectNames.set(item.expr, item.expr.kind === 'Dereference' ? this.unique(item.expr.field) : this.next());
    }
  }

  /** The generated name of an unaliased SELECT expression. */
  forSelect(e: Expr): string | undefined {
    return this.selectNames.get(e);
  }

  /** The name a grouping or partitioning expression gives its key column. */
  forKey(e: Expr): string {
    if (e.kind === 'ColumnRef') return e.name;
    const text = formatExpr(e);
    for (const item of this.query?.select ?? []) {
      if (item.kind !== 'SelectExpr' || formatExpr(item.expr) !== text) continue;
      const name = item.alias ?? this.selectNames.get(item.expr);
      if (name !== undefined) return name;
    }
    return e.kind === 'Dereference' ? this.unique(e.field) : this.next();
  }

  next(): string {
    let name = `KSQL_COL_${this.counter++}`;
    while (this.used.has(name)) name = `KSQL_COL_${this.counter++}`;
    this.used.add(name);
    return name;
  }

  unique(base: string): string {
    let name = base;
    for (let i = 1; this.used.has(name); i++) name = `${base}_${i}`;
    this.used.add(name);
    return name;
  }
}
