/** Name resolution over one source's columns (and, after PARTITION BY, over the re-keyed layout). */
import { AnalysisError } from '../common/errors.ts';
import type { Column } from '../common/schema.ts';
import type { Span } from '../common/span.ts';
import { BIGINT, INTEGER, type SqlType } from '../common/types.ts';
import type { TypeNode } from '../parser/ast.ts';
import type { StepSchema } from '../plan/steps.ts';
import type { ResolvedColumn, Scope } from './bind-expr.ts';

export const PSEUDO_COLUMNS = ['ROWTIME', 'ROWPARTITION', 'ROWOFFSET'] as const;
export const WINDOW_COLUMNS = ['WINDOWSTART', 'WINDOWEND'] as const;
export const RESERVED_COLUMNS: readonly string[] = [...PSEUDO_COLUMNS, ...WINDOW_COLUMNS];

const PSEUDO_TYPES: Record<string, SqlType> = { ROWTIME: BIGINT, ROWPARTITION: INTEGER, ROWOFFSET: BIGINT, WINDOWSTART: BIGINT, WINDOWEND: BIGINT };

export class SourceScope implements Scope {
  constructor(
    private readonly schema: StepSchema,
    /** Names the source may be qualified with: its name and alias. */
    private readonly qualifiers: readonly string[],
    private readonly typeResolver: (node: TypeNode) => SqlType,
    private readonly windowed: boolean,
    /** The clause being bound, for error messages (`WHERE`, `SELECT`, ...). */
    private readonly clause = 'SELECT',
  ) {}

  resolveColumn(source: string | undefined, name: string, span: Span): ResolvedColumn {
    if (source !== undefined && !this.qualifiers.includes(source)) {
      throw new AnalysisError(`'${source}' is not a valid stream/table name or alias.`, span);
    }
    const keyIndex = this.schema.key.findIndex((c) => c.name === name);
    if (keyIndex >= 0) return { name, type: this.schema.key[keyIndex]!.type, slot: { from: 'KEY', index: keyIndex } };
    const valueIndex = this.schema.value.findIndex((c) => c.name === name);
    if (valueIndex >= 0) return { name, type: this.schema.value[valueIndex]!.type, slot: { from: 'VALUE', index: valueIndex } };
    if ((PSEUDO_COLUMNS as readonly string[]).includes(name) || (this.windowed && (WINDOW_COLUMNS as readonly string[]).includes(name))) {
      return { name, type: PSEUDO_TYPES[name]!, slot: { from: name as 'ROWTIME' } };
    }
    const shown = source === undefined ? name : `${source}.${name}`;
    const hint = this.clause === 'PARTITION BY' ? ` '${shown}' must be a column in the source schema since PARTITION BY is applied on the input.` : '';
    throw new AnalysisError(`${this.clause} column '${shown}' cannot be resolved.${hint}`, span);
  }

  resolveType(node: TypeNode): SqlType {
    return this.typeResolver(node);
  }

  withClause(clause: string): SourceScope {
    return new SourceScope(this.schema, this.qualifiers, this.typeResolver, this.windowed, clause);
  }

  columns(): { key: readonly Column[]; value: readonly Column[] } {
    return this.schema;
  }
}
