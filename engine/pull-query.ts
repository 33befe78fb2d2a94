/**
 * Pull queries as ksqlDB answers them (docs/developer-guide/ksqldb-reference/select-pull-query.md):
 * what a pull query may not contain, which tables it may read, and how its WHERE clause reads the
 * table. A table written by a persistent query is answered from that query's result store (see
 * runtime/operators/table-materialize.ts): a key lookup reads the keys it names, anything else
 * scans the store and filters, unless `ksql.query.pull.table.scan.enabled` is false, when only
 * key lookups are allowed and ksqlDB's errors say why the WHERE clause is not one.
 */
import { AnalysisError, UnsupportedError } from '../common/errors.ts';
import { formatSchema, type Column } from '../common/schema.ts';
import type { Expr, Query, SelectItem } from '../parser/ast.ts';
import { formatExpr } from '../parser/index.ts';
import type { Step } from '../plan/steps.ts';
import type { LogRecord } from '../runtime/log/log.ts';
import type { MaterializedTable } from '../runtime/operators/table-materialize.ts';
import type { EngineContext } from './engine-context.ts';
import type { DataSource } from './metastore.ts';

export const TABLE_SCAN_ENABLED = 'ksql.query.pull.table.scan.enabled';

const NOT_PULL = "See https://cnfl.io/queries for more info.\nAdd EMIT CHANGES if you intended to issue a push query.";
/** Pseudo columns a pull query cannot read: a table's state keeps no partition or offset. */
const DISALLOWED_COLUMNS = ['ROWPARTITION', 'ROWOFFSET'];

/**
 * Refuses what no pull query may do (ksqlDB's PullQueryValidator): joins, windows, grouping,
 * partitioning, and the ROWPARTITION / ROWOFFSET pseudo columns.
 */
export function checkPullQuery(query: Query): void {
  if (query.from.joins.length > 0) throw new AnalysisError(`Pull queries don't support JOIN clauses. ${NOT_PULL}`, query.span);
  if (query.window) throw new AnalysisError(`Pull queries don't support WINDOW clauses. ${NOT_PULL}`, query.span);
  if (query.groupBy) throw new AnalysisError(`Pull queries don't support GROUP BY clauses. ${NOT_PULL}`, query.span);
  if (query.partitionBy) throw new AnalysisError(`Pull queries don't support PARTITION BY clauses. ${NOT_PULL}`, query.span);
  if (query.having) throw new AnalysisError(`Pull queries don't support HAVING clauses. ${NOT_PULL}`, query.span);
  const selected = disallowedIn(query.select.flatMap(selectExprs));
  if (selected.length > 0) throw new AnalysisError(`Pull queries don't support the following columns in SELECT clauses: ${selected.map((c) => `\`${c}\``).join(', ')}`, query.span);
  const filtered = query.where ? disallowedIn([query.where]) : [];
  if (filtered.length > 0) throw new AnalysisError(`Pull queries don't support the following columns in WHERE clauses: ${filtered.map((c) => `\`${c}\``).join(', ')}`, query.span);
}

const selectExprs = (s: SelectItem): Expr[] => (s.kind === 'SelectExpr' ? [s.expr] : s.kind === 'SelectStructAll' ? [s.expr] : []);

function disallowedIn(exprs: readonly Expr[]): string[] {
  const found = new Set<string>();
  for (const e of exprs) {
    visit(e, (x) => {
      if (x.kind === 'ColumnRef' && DISALLOWED_COLUMNS.includes(x.name.toUpperCase())) found.add(x.name.toUpperCase());
    });
  }
  return [...found];
}

/** Calls `f` on `e` and every expression inside it. */
function visit(e: Expr, f: (e: Expr) => void): void {
  f(e);
  for (const v of Object.values(e)) {
    if (Array.isArray(v)) {
      for (const x of v) {
        if (isExpr(x)) visit(x, f);
        else if (x && typeof x === 'object') for (const y of Object.values(x)) if (isExpr(y)) visit(y, f);
      }
    } else if (isExpr(v)) visit(v, f);
  }
}

const isExpr = (v: unknown): v is Expr => typeof v === 'object' && v !== null && 'kind' in v && 'span' in v;

/**
 * The persistent query whose result store answers pull queries on `source`: the query writing a
 * table (CREATE TABLE AS SELECT). A source table (`CREATE SOURCE TABLE`) has none and is read from
 * its topic; a plain `CREATE TABLE` is not queryable, as in ksqlDB.
 */
export function materializingQuery(source: DataSource, ctx: EngineContext, query: Query): string | undefined {
  const writer = ctx.metastore.queriesOf(source.name).writes.find((q) => q.plan.sink.kind === 'TableSink');
  if (writer) return writer.id;
  if (source.isSource) return undefined;
  const name = source.name;
  throw new AnalysisError(
    `The \`${name}\` table isn't queryable. To derive a queryable table, you can do 'CREATE TABLE QUERYABLE_${name} AS SELECT * FROM ${name}'. See https://cnfl.io/queries for more info.`,
    query.span,
  );
}

/** How a pull query's WHERE clause reads a table (ksqlDB's key constraints). */
/** A lookup of a windowed table reads every retained window of the keys it names. */
export type TableRead = { readonly kind: 'lookup'; readonly keys: readonly Expr[] } | { readonly kind: 'scan' };

/**
 * Classifies the WHERE clause against the table's key columns. A key lookup is a conjunction that
 * pins the one key column with `=` or `IN` to expressions that read no column (further conditions
 * on other columns just filter). Anything else is a table scan; with scans disabled, ksqlDB's error
 * for why the clause is not a lookup.
 */
export function classifyWhere(where: Expr | undefined, keys: readonly Column[], windowed: boolean, scanEnabled: boolean): TableRead {
  const refuse = (message: string, at: Expr | undefined): TableRead => {
    if (scanEnabled) return { kind: 'scan' };
    throw new AnalysisError(message, at?.span);
  };
  if (where === undefined) return refuse('Pull queries on tables without a WHERE clause need table scans to be enabled (ksql.query.pull.table.scan.enabled).', undefined);
  for (const d of disjuncts(where)) checkNullKeys(d, keys);
  const parts = disjuncts(where);
  const lookups: Expr[] = [];
  for (const disjunct of parts) {
    const conjuncts = conjunctsOf(disjunct);
    const onKey = conjuncts.filter((c) => referencesKey(c, keys));
    if (onKey.length === 0) {
      const missing = windowed ? 'WHERE clause missing key column for disjunct' : `WHERE clause missing key column for disjunct: ${formatExpr(disjunct)}`;
      return refuse(missing, disjunct);
    }
    if (keys.length > 1) {
      const named = new Set(onKey.flatMap((c) => keyNames(c, keys)));
      if (named.size < keys.length) return refuse('Multi-column sources must specify every key in the WHERE clause', disjunct);
      return refuse('Pull queries on tables with several key columns are answered by table scans only.', disjunct);
    }
    if (onKey.length > 1) return refuse('A comparison condition on the key column cannot be combined with other comparisons such as an IN predicate', disjunct);
    const c = onKey[0]!;
    const values = lookupValues(c, keys[0]!);
    if (typeof values === 'string') return refuse(values, c);
    lookups.push(...values);
  }
  return { kind: 'lookup', keys: lookups };
}

/** `=` on the key against a column-free expression, or `IN` over such expressions; else why not. */
function lookupValues(c: Expr, key: Column): Expr[] | string {
  const isKey = (e: Expr): boolean => e.kind === 'ColumnRef' && e.name.toUpperCase() === key.name;
  if (c.kind === 'In' && !c.not && isKey(c.operand)) {
    if (c.list.some(readsColumns)) return 'A comparison must be between a key column and a resolvable expression.';
    return [...c.list];
  }
  if (c.kind === 'Comparison') {
    const keySide = isKey(c.left) ? c.left : isKey(c.right) ? c.right : undefined;
    if (!keySide) return 'A comparison must directly reference a key column.';
    const other = keySide === c.left ? c.right : c.left;
    if (readsColumns(other)) return 'A comparison must be between a key column and a resolvable expression.';
    if (c.op !== '=') return `Bound on key columns '[\`${key.name}\` ${typeText(key)} KEY]' must currently be '='. `;
    return [other];
  }
  return 'A comparison must directly reference a key column.';
}

const typeText = (c: Column): string => c.type.kind;

/** ksqlDB refuses a NULL key in a lookup before anything else. */
function checkNullKeys(disjunct: Expr, keys: readonly Column[]): void {
  for (const c of conjunctsOf(disjunct)) {
    if (c.kind !== 'In' || c.not || c.operand.kind !== 'ColumnRef') continue;
    const name = c.operand.name.toUpperCase();
    if (!keys.some((k) => k.name === name)) continue;
    if (c.list.some((x) => x.kind === 'NullLiteral')) throw new AnalysisError(`Primary key columns can not be NULL: (${name} = null)`, c.span);
  }
}

function referencesKey(e: Expr, keys: readonly Column[]): boolean {
  return keyNames(e, keys).length > 0;
}

function keyNames(e: Expr, keys: readonly Column[]): string[] {
  const names: string[] = [];
  visit(e, (x) => {
    if (x.kind === 'ColumnRef' && keys.some((k) => k.name === x.name.toUpperCase())) names.push(x.name.toUpperCase());
  });
  return names;
}

function readsColumns(e: Expr): boolean {
  let reads = false;
  visit(e, (x) => {
    if (x.kind === 'ColumnRef') reads = true;
  });
  return reads;
}

/** The OR-separated parts of a WHERE clause. */
function disjuncts(e: Expr): Expr[] {
  return e.kind === 'Or' ? [...disjuncts(e.left), ...disjuncts(e.right)] : [e];
}

function conjunctsOf(e: Expr): Expr[] {
  return e.kind === 'And' ? [...conjunctsOf(e.left), ...conjunctsOf(e.right)] : [e];
}

/**
 * The records a pull query reads from a table's result stores (one per task): the latest record
 * per key, as the query's sink wrote it. `keyBytes` limits a lookup to the keys it names (every window of each).
 */
export async function* materializedRecords(tables: readonly MaterializedTable[], keyBytes: readonly Uint8Array[] | undefined): AsyncIterable<LogRecord> {
  if (keyBytes) {
    const seen = new Set<string>();
    for (const bytes of keyBytes) {
      const id = Buffer.from(bytes).toString('base64');
      if (seen.has(id)) continue;
      seen.add(id);
      for (const table of tables) yield* table.get(bytes);
    }
    return;
  }
  for (const table of tables) yield* table.scan();
}

/** The plan of a pull query over a materialized table reads its records as a stream of rows: each key once. */
export function asRowSource(step: Step): Step {
  if (step.kind === 'TableSource') return { ...step, kind: 'StreamSource' };
  if ('source' in step && step.source) return { ...step, source: asRowSource(step.source) } as Step;
  throw new UnsupportedError(`pull queries over a plan step ${step.kind}`);
}

/**
 * The schema text of a query's header. ksqlDB marks key columns in a pull query's header only (the
 * window bounds of a windowed table count as key columns there); a push query lists plain columns.
 */
export function headerSchema(columns: readonly Column[], isPull: boolean, windowed: boolean): string {
  const bound = (c: Column): boolean => windowed && (c.name === 'WINDOWSTART' || c.name === 'WINDOWEND');
  const marked = columns.map((c): Column => ({ ...c, namespace: isPull && (c.namespace === 'KEY' || bound(c)) ? 'KEY' : 'VALUE' }));
  return formatSchema({ columns: marked });
}
