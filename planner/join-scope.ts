/**
 * Name resolution over a join's output: every source's columns by alias (`L.A`, or `A` when only
 * one source has it), the join key (the chosen equivalent join column, or a synthetic ROWKEY),
 * each source's own pseudo columns where the query carries them (`L.ROWTIME`), and the record time.
 */
import { AnalysisError } from '../common/errors.ts';
import type { Span } from '../common/span.ts';
import { BIGINT, INTEGER, type SqlType } from '../common/types.ts';
import type { TypeNode } from '../parser/ast.ts';
import type { ColumnSlot } from '../plan/expr.ts';
import type { ResolvedColumn, Scope } from './bind-expr.ts';
import { RESERVED_COLUMNS } from './source-scope.ts';

/** One source column as laid out in a join input or output record. */
export interface JoinColumn {
  readonly alias: string;
  readonly name: string;
  readonly type: SqlType;
  readonly slot: ColumnSlot;
  /** A key column of its source (SELECT * lists each side's key first). */
  readonly isKey: boolean;
  /** One of the source's pseudo columns (`ROWTIME`, `WINDOWSTART`, ...) carried into the join as a value. */
  readonly pseudo?: boolean;
}

/** A source column named by its alias: `L.A`. */
export interface ColumnId {
  readonly alias: string;
  readonly name: string;
}

export interface JoinKey {
  readonly type: SqlType;
  /**
   * The source columns that equal the key (ksqlDB's "viable key columns": `L.A`, `R.B`), in the
   * order ksqlDB lists them in errors; empty for a synthetic ROWKEY.
   */
  readonly equivalents: readonly ColumnId[];
  /**
   * The equivalent that the result key is named after and that SELECT reads as the key: the first
   * one the projection contains, else the first. The other equivalents stay ordinary value columns,
   * so selecting two of them does not select the key twice.
   */
  readonly chosen?: ColumnId;
  /** Set when the key is synthetic (FULL OUTER, or no plain column on either side). */
  readonly syntheticName?: string;
  /** Foreign-key joins: the result key is the left table's primary key, one key column each. */
  readonly foreignKeyLeft?: { readonly source: string; readonly columns: readonly string[] };
  /** Where the key value is held: the record key, until a PARTITION BY moves it into the value. */
  readonly slot?: ColumnSlot;
}

const PSEUDO_TYPES: Record<string, SqlType> = { ROWTIME: BIGINT, ROWPARTITION: INTEGER, ROWOFFSET: BIGINT, WINDOWSTART: BIGINT, WINDOWEND: BIGINT };
const RECORD_PSEUDO = ['ROWTIME', 'ROWPARTITION', 'ROWOFFSET'];

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

  /** The same columns after a PARTITION BY: the old join key now sits at `slot`. */
  withKeyAt(slot: ColumnSlot): JoinScope {
    return new JoinScope(this.columns, this.key ? { ...this.key, slot } : undefined, this.typeResolver, this.clause);
  }

  resolveColumn(source: string | undefined, name: string, span: Span): ResolvedColumn {
    if (RESERVED_COLUMNS.includes(name)) {
      // `L.ROWTIME` reads L's own pseudo column when the join carries it; bare ones read the record.
      const own = source === undefined ? undefined : this.columns.find((c) => c.pseudo && c.alias === source && c.name === name);
      if (own) return { name, type: own.type, slot: this.isChosen(own) ? this.keySlot() : own.slot };
      if (RECORD_PSEUDO.includes(name)) return { name, type: PSEUDO_TYPES[name]!, slot: { from: name as 'ROWTIME' } };
    }
    if (source === undefined && this.key?.syntheticName === name) return { name, type: this.key.type, slot: this.keySlot() };
    if (source !== undefined && !this.columns.some((c) => c.alias === source)) {
      throw new AnalysisError(`Failed to prepare statement: '${source}' is not a valid stream/table name or alias.`, span);
    }
    const matches = this.columns.filter((c) => !c.pseudo && c.name === name && (source === undefined || c.alias === source));
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
    return { name: col.name, type: col.type, slot: this.isChosen(col) ? this.keySlot() : col.slot };
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

  /** The alias of the one source with a column of this name, if exactly one has it. */
  ownerOf(name: string): string | undefined {
    const owners = new Set(this.columns.filter((c) => !c.pseudo && c.name === name).map((c) => c.alias));
    return owners.size === 1 ? [...owners][0] : undefined;
  }

  private isChosen(c: JoinColumn): boolean {
    const chosen = this.key?.chosen;
    return chosen !== undefined && chosen.alias === c.alias && chosen.name === c.name;
  }

  private keySlot(): ColumnSlot {
    return this.key?.slot ?? { from: 'KEY', index: 0 };
  }
}
