/**
 * Name resolution over a join's output: every source's columns by alias (`L.A`, or `A` when only
 * one source has it), the join key (any of the equivalent join columns, or a synthetic ROWKEY),
 * and the record time.
 */
import { AnalysisError } from '../common/errors.ts';
import type { Span } from '../common/span.ts';
import { BIGINT, INTEGER, type SqlType } from '../common/types.ts';
import type { TypeNode } from '../parser/ast.ts';
import type { ColumnSlot } from '../plan/expr.ts';
import type { ResolvedColumn, Scope } from './bind-expr.ts';

/** One source column as laid out in a join input or output record. */
export interface JoinColumn {
  readonly alias: string;
  readonly name: string;
  readonly type: SqlType;
  readonly slot: ColumnSlot;
  /** A key column of its source (SELECT * lists each side's key first). */
  readonly isKey: boolean;
  /** The source's ROWTIME carried into the join (`L.ROWTIME`); not part of `SELECT *`. */
  readonly pseudo?: boolean;
}

export interface JoinKey {
  readonly type: SqlType;
  /** The source columns that equal the key (`L.A`, `R.B`); empty for a synthetic ROWKEY. */
  readonly equivalents: readonly { readonly alias: string; readonly name: string }[];
  /** Set when the key is synthetic (FULL OUTER, or no plain column on either side). */
  readonly syntheticName?: string;
  /** Foreign-key joins: the result key is the left table's primary key, one key column each. */
  readonly foreignKeyLeft?: { readonly source: string; readonly columns: readonly string[] };
}

export class JoinScope implements Scope {
  constructor(
    readonly columns: readonly JoinColumn[],
    readonly key: JoinKey | undefined,
    private readonly typeResolver: (node: TypeNode) => SqlType,
    private readonly clause = 'SELECT',
  ) {}

  withClause(clause: string): JoinScope {
    return new JoinScope(this.columns, this.key, this.typeResolver, clause);
  }

  resolveColumn(source: string | undefined, name: string, span: Span): ResolvedColumn {
    if (name === 'ROWTIME') {
      const own = source === undefined ? undefined : this.columns.find((c) => c.pseudo && c.alias === source && c.name === name);
      return own ? { name, type: BIGINT, slot: own.slot } : { name, type: BIGINT, slot: { from: 'ROWTIME' } };
    }
    if (name === 'ROWPARTITION') return { name, type: INTEGER, slot: { from: 'ROWPARTITION' } };
    if (name === 'ROWOFFSET') return { name, type: BIGINT, slot: { from: 'ROWOFFSET' } };
    if (source === undefined && this.key?.syntheticName === name) return { name, type: this.key.type, slot: { from: 'KEY', index: 0 } };
    if (source !== undefined && !this.columns.some((c) => c.alias === source)) {
      throw new AnalysisError(`Failed to prepare statement: '${source}' is not a valid stream/table name or alias.`, span);
    }
    const matches = this.columns.filter((c) => c.name === name && (source === undefined || c.alias === source));
    if (matches.length === 0) {
      const at = this.clause === 'JOIN ON' ? `Line: ${span.line}, Col: ${span.col}: ` : '';
      throw new AnalysisError(`${at}${this.clause} column '${source ? `${source}.` : ''}${name}' cannot be resolved.`, span);
    }
    if (matches.length > 1 && new Set(matches.map((m) => m.alias)).size > 1) {
      throw new AnalysisError(`Column '${name}' is ambiguous. Could be any of: ${matches.map((m) => `${m.alias}.${m.name}`).join(', ')}`, span);
    }
    const col = matches[0]!;
    const fk = this.key?.foreignKeyLeft;
    const fkIndex = fk && fk.source === col.alias ? fk.columns.indexOf(col.name) : -1;
    if (fkIndex >= 0) return { name: col.name, type: col.type, slot: { from: 'KEY', index: fkIndex } };
    const isKey = this.key?.equivalents.some((e) => e.alias === col.alias && e.name === col.name) ?? false;
    return { name: col.name, type: col.type, slot: isKey ? { from: 'KEY', index: 0 } : col.slot };
  }

  resolveType(node: TypeNode): SqlType {
    return this.typeResolver(node);
  }

  /** Column names present in more than one source: SELECT gives them `<ALIAS>_` prefixes. */
  ambiguousNames(): Set<string> {
    const seen = new Map<string, Set<string>>();
    for (const c of this.columns) {
      if (c.pseudo) continue;
      let aliases = seen.get(c.name);
      if (!aliases) seen.set(c.name, (aliases = new Set()));
      aliases.add(c.alias);
    }
    return new Set([...seen].filter(([, a]) => a.size > 1).map(([n]) => n));
  }
}
