/**
 * A join output record has one ROWTIME, partition and offset, and one window: the triggering
 * side's. ksqlDB still lets a query read each source's own (`L.ROWOFFSET`, `R.WINDOWEND`), so an
 * input whose pseudo columns the query needs carries them through the join as trailing value
 * columns. Only what the query reads is carried, so a plain key join pays for no extra projection.
 */
import { BIGINT, INTEGER, type SqlType } from '../common/types.ts';
import type { Query } from '../parser/ast.ts';
import type { BoundExpr } from '../plan/expr.ts';
import type { Step } from '../plan/steps.ts';

export type PseudoColumn = 'ROWTIME' | 'ROWPARTITION' | 'ROWOFFSET' | 'WINDOWSTART' | 'WINDOWEND';

/** The order carried columns take, which is also the order `SELECT *` lists them in. */
const ORDER: readonly PseudoColumn[] = ['ROWTIME', 'ROWPARTITION', 'ROWOFFSET', 'WINDOWSTART', 'WINDOWEND'];
const TYPES: Record<PseudoColumn, SqlType> = { ROWTIME: BIGINT, ROWPARTITION: INTEGER, ROWOFFSET: BIGINT, WINDOWSTART: BIGINT, WINDOWEND: BIGINT };
export const RECORD_PSEUDO_COLUMNS: readonly PseudoColumn[] = ['ROWTIME', 'ROWPARTITION', 'ROWOFFSET'];
export const WINDOW_PSEUDO_COLUMNS: readonly PseudoColumn[] = ['WINDOWSTART', 'WINDOWEND'];

/**
 * The pseudo columns of source `alias` the query needs: those it names qualified (`alias.ROWTIME`),
 * the window bounds of a windowed source under `*` or `alias.*`, and, with PARTITION BY, its
 * ROWTIME, ROWPARTITION and ROWOFFSET under `*` or `alias.*`, which ksqlDB's re-keyed join output lists.
 */
export function pseudoColumnsNeeded(q: Query, alias: string, windowed: boolean): PseudoColumn[] {
  const needed = new Set<PseudoColumn>(qualifiedPseudoRefs(q, alias).filter((c) => windowed || !WINDOW_PSEUDO_COLUMNS.includes(c)));
  const starred = q.select.some((s) => s.kind === 'SelectAll' && (s.source === undefined || s.source === alias));
  if (starred && windowed) WINDOW_PSEUDO_COLUMNS.forEach((c) => needed.add(c));
  if (starred && q.partitionBy) RECORD_PSEUDO_COLUMNS.forEach((c) => needed.add(c));
  return ORDER.filter((c) => needed.has(c));
}

/** Pseudo columns the query reads as `alias.X`, anywhere in it. */
function qualifiedPseudoRefs(q: Query, alias: string): PseudoColumn[] {
  const found: PseudoColumn[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(visit);
    if (!v || typeof v !== 'object') return;
    const o = v as { kind?: string; name?: string; source?: string };
    if (o.kind === 'ColumnRef' && o.source === alias && (ORDER as readonly string[]).includes(o.name!)) found.push(o.name as PseudoColumn);
    Object.values(o).forEach(visit);
  };
  visit(q);
  return found;
}

/** The source step followed by a projection that appends the given pseudo columns to the value. */
export function withPseudoColumns(source: Step, alias: string, columns: readonly PseudoColumn[], isTable: boolean): Step {
  const { key, value } = source.schema;
  const schema = { key, value: [...value, ...columns.map((name) => ({ name, type: TYPES[name], namespace: 'VALUE' as const }))] };
  const keyExprs: BoundExpr[] = key.map((c, i) => ({ kind: 'Column', type: c.type, name: c.name, slot: { from: 'KEY', index: i } }));
  const valueExprs: BoundExpr[] = [
    ...value.map((c, i): BoundExpr => ({ kind: 'Column', type: c.type, name: c.name, slot: { from: 'VALUE', index: i } })),
    ...columns.map((name): BoundExpr => ({ kind: 'Column', type: TYPES[name], name, slot: { from: name } })),
  ];
  const id = `PrependAlias${alias}`;
  return isTable ? { kind: 'TableSelect', id, schema, source, keyExprs, valueExprs } : { kind: 'StreamSelect', id, schema, source, keyExprs, valueExprs };
}
