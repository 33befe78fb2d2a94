/**
 * The SELECT list → output key and value columns. Key columns must each appear exactly once;
 * unaliased expressions get ksqlDB's generated names.
 */
import { AnalysisError } from '../common/errors.ts';
import type { Column } from '../common/schema.ts';
import { STRING, formatType } from '../common/types.ts';
import type { Expr, Query, SelectItem } from '../parser/ast.ts';
import { formatExpr } from '../parser/index.ts';
import type { BoundExpr } from '../plan/expr.ts';
import type { StepSchema } from '../plan/steps.ts';
import { bindExpr, type BindContext } from './bind-expr.ts';
import type { SourceDefinition } from './catalog.ts';
import { qualify } from './expr-walk.ts';
import { withPrefix } from './with-prefix.ts';
import { RESERVED_COLUMNS, WINDOW_COLUMNS } from './source-scope.ts';
import type { GeneratedNames } from './generated-names.ts';
import type { JoinColumn, JoinScope } from './join-scope.ts';

export interface ProjectionContext extends BindContext {
  readonly replacements: ReadonlyMap<Expr, BoundExpr>;
  readonly sourceName: string;
  readonly sourceAlias: string | undefined;
  /** A push or pull query: no sink, so no key-in-projection rule. */
  readonly transient?: boolean;
  /** A push or pull query over a windowed source: `*` lists WINDOWSTART and WINDOWEND after the key. */
  readonly windowBounds?: boolean;
  /** Set for a query over joins: column aliases, for `SELECT *` naming and `src.*`. */
  readonly join?: JoinScope;
  /** Over a join: the text two expressions are compared by, with every column qualified by its source. */
  readonly canonical?: (e: Expr) => string;
}

interface Item {
  readonly name: string;
  readonly expr: BoundExpr;
  /** Index of the input key column this item reproduces, if it is a bare key reference. */
  readonly keyIndex: number;
  /** `A.*` over a join: the same column as a value, used when another item already is the key. */
  readonly asValue?: BoundExpr;
}

/** Where the input key came from, for matching SELECT items and for ksqlDB's error wording. */
export interface KeySource {
  readonly kind: 'partition' | 'group' | 'join';
  readonly exprs: readonly Expr[];
  /** Joins: the source columns equal to the key, as `ALIAS.COL` (or the synthetic key's name). */
  readonly equivalents?: readonly string[];
  readonly synthetic?: boolean;
  readonly foreignKeyLeft?: { readonly source: string; readonly columns: readonly string[] };
  /** PARTITION BY over a join: how partitioning expressions are shown (qualified by their own sources). */
  readonly canonical?: (e: Expr) => string;
}

export interface Projection {
  readonly schema: StepSchema;
  readonly keyExprs: BoundExpr[];
  readonly valueExprs: BoundExpr[];
  /** The SELECT order of the output columns, as positions in key + value. */
  readonly selectOrder: number[];
}

export function planProjection(
  q: Query,
  ctx: ProjectionContext,
  input: StepSchema,
  source: SourceDefinition,
  sinkName: string | undefined,
  keySource: KeySource | undefined,
  names: GeneratedNames,
): Projection {
  const items = demoteRepeatedStarKeys(q.select.flatMap((s) => expandItem(s, ctx, input, names, keySource)));
  const keyItems = input.key.map((_, i) => items.filter((it) => it.keyIndex === i));
  keyItems.forEach((found, i) => {
    if (found.length > 1) {
      if (keySource?.kind === 'group') {
        throw new AnalysisError(`The projection contains a key column more than once: ${found.map((f) => `\`${f.name}\``).join(' and ')}.`, q.span);
      }
      const aliases = found.map((f) => f.name).sort();
      throw new AnalysisError(`The projection contains a key column (\`${input.key[i]!.name}\`) more than once, aliased as: ${aliases.join(' and ')}.`, q.span);
    }
  });
  // ksqlDB names every key column (or partitioning expression) when any one is missing.
  const missing = keyItems.map((found, i) => (found.length === 0 ? i : -1)).filter((i) => i >= 0);
  // ksqlDB names only the missing grouping expressions, but every key column or partitioning expression.
  // A transient (push or pull) query may leave key columns out: its rows are just the SELECT list.
  if (missing.length > 0 && !ctx.transient) {
    const named = keySource?.kind === 'group' || keySource?.foreignKeyLeft ? missing : keyItems.map((_, i) => i);
    throw missingKeyError(named, input, source, sinkName, keySource, q);
  }
  const keptKeys = keyItems.map((found, i) => ({ found, i })).filter((k) => k.found.length > 0);
  const key: Column[] = keptKeys.map(({ found, i }) => ({ name: found[0]!.name, type: input.key[i]!.type, namespace: 'KEY' }));
  const valueItems = items.filter((it) => it.keyIndex < 0);
  if (valueItems.length === 0 && !ctx.transient) throw new AnalysisError('The projection contains no value columns.', q.span);
  const value: Column[] = valueItems.map((it) => ({ name: it.name, type: it.expr.type ?? STRING, namespace: 'VALUE' }));
  const seen = new Set<string>();
  for (const c of [...key, ...value]) {
    if (seen.has(c.name)) throw new AnalysisError(`Duplicate value columns found in schema: \`${c.name}\` ${formatType(c.type)}`, q.span);
    seen.add(c.name);
  }
  const keyed = keptKeys.map((k) => k.found[0]!);
  const selectOrder = items.map((it) => (it.keyIndex >= 0 ? keyed.indexOf(it) : keyed.length + valueItems.indexOf(it))).filter((i) => i >= 0);
  return {
    schema: { key, value },
    keyExprs: keyed.map((it) => it.expr),
    valueExprs: valueItems.map((it) => it.expr),
    selectOrder,
  };
}

function expandItem(s: SelectItem, ctx: ProjectionContext, input: StepSchema, names: GeneratedNames, keySource: KeySource | undefined): Item[] {
  const partitionBy = keySource?.kind === 'partition' ? keySource.exprs : undefined;
  switch (s.kind) {
    case 'SelectAll': {
      if (ctx.join && partitionBy) return expandPartitionedJoinAll(s.source, ctx.join, input, s.span);
      if (ctx.join) return expandJoinAll(s.source, ctx.join, input, s.span);
      if (s.source !== undefined && s.source !== ctx.sourceName && s.source !== ctx.sourceAlias) {
        throw new AnalysisError(`'${s.source}' is not a valid stream/table name or alias.`, s.span);
      }
      const keys = input.key.map((c, i): Item => ({ name: c.name, expr: { kind: 'Column', type: c.type, name: c.name, slot: { from: 'KEY', index: i } }, keyIndex: i }));
      const bounds = ctx.windowBounds ? WINDOW_COLUMNS.map((name): Item => ({ name, expr: bindWith({ kind: 'ColumnRef', name, span: s.span }, ctx), keyIndex: -1 })) : [];
      const values = input.value
        .map((c, i): Item => ({ name: c.name, expr: { kind: 'Column', type: c.type, name: c.name, slot: { from: 'VALUE', index: i } }, keyIndex: -1 }))
        .filter((it) => !it.name.startsWith('KSQL_SYNTH_') && !input.key.some((k) => k.name === it.name));
      return [...keys, ...bounds, ...values];
    }
    case 'SelectStructAll': {
      const base = bindWith(s.expr, ctx);
      if (base.type?.kind !== 'STRUCT') throw new AnalysisError(`${formatExpr(s.expr)} is not a STRUCT, so ->* cannot expand it`, s.span);
      return base.type.fields.map((f) => ({ name: names.unique(f.name), expr: { kind: 'Field', type: f.type, base, field: f.name }, keyIndex: -1 }));
    }
    case 'SelectExpr': {
      const same = ctx.canonical ? (a: Expr, b: Expr) => ctx.canonical!(a) === ctx.canonical!(b) : sameExpr;
      const partitionIndex = partitionBy ? partitionBy.findIndex((p) => same(p, s.expr)) : -1;
      const expr: BoundExpr =
        partitionIndex >= 0
          ? { kind: 'Column', type: input.key[partitionIndex]!.type, name: input.key[partitionIndex]!.name, slot: { from: 'KEY', index: partitionIndex } }
          : bindWith(s.expr, ctx);
      // Over a join a selected column keeps its select name (`L.B` is `B` when only L has a B).
      const keepsKeyName = partitionIndex >= 0 && s.alias === undefined && !(ctx.join && s.expr.kind === 'ColumnRef');
      const name = keepsKeyName ? input.key[partitionIndex]!.name : itemName(s.expr, s.alias, names, ctx.join, ctx.transient);
      const keyIndex = expr.kind === 'Column' && expr.slot.from === 'KEY' ? expr.slot.index : -1;
      return [{ name, expr, keyIndex }];
    }
  }
}

/**
 * `*` over a join: every column as `<ALIAS>_<COL>`, left inputs first, each source's key columns,
 * then a windowed source's window bounds, then its values; the result key once (as the key).
 * `A.*` lists only source A's columns, and carries the key when A holds the chosen key column.
 */
function expandJoinAll(source: string | undefined, join: JoinScope, input: StepSchema, span: Expr['span']): Item[] {
  checkStarSource(source, join, span);
  const chosen = join.key?.chosen;
  const keyOfSource = source !== undefined && chosen?.alias === source ? chosen : undefined;
  const wantKey = source === undefined || keyOfSource !== undefined;
  const keys: Item[] = wantKey
    ? input.key.map((c, i) => {
        const name = keyOfSource ? `${keyOfSource.alias}_${keyOfSource.name}` : c.name;
        const copy = keyOfSource ? join.columns.find((x) => !x.pseudo && x.alias === keyOfSource.alias && x.name === keyOfSource.name) : undefined;
        const asValue: BoundExpr | undefined = copy ? { kind: 'Column', type: copy.type, name, slot: copy.slot } : undefined;
        return { name, expr: { kind: 'Column', type: c.type, name, slot: { from: 'KEY', index: i } }, keyIndex: i, ...(asValue ? { asValue } : {}) };
      })
    : [];
  // Each source's columns in their declared order (key first), wherever re-keying moved them.
  const isWindowBound = (c: JoinColumn) => c.pseudo === true && (WINDOW_COLUMNS as readonly string[]).includes(c.name);
  const values = bySource(join, source, (cs) => [...cs.filter((c) => c.isKey && !c.pseudo), ...cs.filter(isWindowBound), ...cs.filter((c) => !c.isKey && !c.pseudo)])
    .filter((c) => c.slot.from === 'VALUE')
    .map((c): Item => {
      const index = (c.slot as { index: number }).index;
      const col = input.value[index]!;
      return { name: col.name, expr: { kind: 'Column', type: col.type, name: col.name, slot: { from: 'VALUE', index } }, keyIndex: -1 };
    })
    .filter((it) => !input.key.some((k) => k.name === it.name) && !keys.some((k) => k.name === it.name));
  return [...keys, ...values];
}

/**
 * `*` over a join re-keyed by PARTITION BY lists what ksqlDB's re-keyed join output holds: the new
 * key, then per source its values, its ROWTIME, ROWPARTITION and ROWOFFSET, and its key columns,
 * all as `<ALIAS>_<COL>` and without the columns that became the key; then the old join key if no
 * source column already stands for it (a synthetic ROWKEY).
 */
function expandPartitionedJoinAll(source: string | undefined, join: JoinScope, input: StepSchema, span: Expr['span']): Item[] {
  checkStarSource(source, join, span);
  const keys: Item[] =
    source === undefined ? input.key.map((c, i) => ({ name: c.name, expr: { kind: 'Column', type: c.type, name: c.name, slot: { from: 'KEY', index: i } }, keyIndex: i })) : [];
  const isRecordPseudo = (c: JoinColumn) => c.pseudo === true && !(WINDOW_COLUMNS as readonly string[]).includes(c.name);
  const columns = bySource(join, source, (cs) => [...cs.filter((c) => !c.isKey && !c.pseudo), ...cs.filter(isRecordPseudo), ...cs.filter((c) => c.isKey && !c.pseudo)]);
  const values: Item[] = columns.map((c) => {
    const name = `${c.alias}_${c.name}`;
    const resolved = join.resolveColumn(c.alias, c.name, span);
    return { name, expr: { kind: 'Column', type: resolved.type, name, slot: resolved.slot }, keyIndex: -1 };
  });
  const synthetic = join.key?.syntheticName;
  if (source === undefined && synthetic !== undefined) {
    const resolved = join.resolveColumn(undefined, synthetic, span);
    values.push({ name: synthetic, expr: { kind: 'Column', type: resolved.type, name: synthetic, slot: resolved.slot }, keyIndex: -1 });
  }
  return [...keys, ...values.filter((it) => !input.key.some((k) => k.name === it.name))];
}

function checkStarSource(source: string | undefined, join: JoinScope, span: Expr['span']): void {
  if (source !== undefined && !join.columns.some((c) => c.alias === source)) {
    throw new AnalysisError(`'${source}' is not a valid stream/table name or alias.`, span);
  }
}

/** The join's columns source by source (in join order), each source's put in order by `order`. */
function bySource(join: JoinScope, source: string | undefined, order: (columns: JoinColumn[]) => JoinColumn[]): JoinColumn[] {
  const aliases = [...new Set(join.columns.map((c) => c.alias))].filter((a) => source === undefined || a === source);
  return aliases.flatMap((a) => order(join.columns.filter((c) => c.alias === a)));
}

/**
 * Over a join several items may reproduce the key. The key is an explicitly selected key column,
 * else the first star that carries it (`*`, or `A.*` for the source of the chosen key column); the
 * other stars list that column as a value.
 */
function demoteRepeatedStarKeys(items: Item[]): Item[] {
  const owner = new Map<number, Item>();
  const preferences: ((it: Item) => boolean)[] = [(it) => !it.asValue, () => true];
  for (const prefer of preferences) {
    for (const it of items) if (it.keyIndex >= 0 && !owner.has(it.keyIndex) && prefer(it)) owner.set(it.keyIndex, it);
  }
  return items.map((it) => (it.keyIndex < 0 || owner.get(it.keyIndex) === it || !it.asValue ? it : { name: it.name, expr: it.asValue, keyIndex: -1 }));
}

function itemName(e: Expr, alias: string | undefined, names: GeneratedNames, join?: JoinScope, transient?: boolean): string {
  const pseudo = e.kind === 'ColumnRef' && RESERVED_COLUMNS.includes(e.name);
  if (alias === undefined && join && e.kind === 'ColumnRef' && e.source !== undefined && (pseudo || join.ambiguousNames().has(e.name))) {
    return `${e.source}_${e.name}`;
  }
  if (alias !== undefined) {
    if (RESERVED_COLUMNS.includes(alias) && join) {
      throw new AnalysisError(`Reserved column name in select: \`${alias}\`. Please remove or alias the column.`, e.span);
    }
    if (RESERVED_COLUMNS.includes(alias)) {
      throw new AnalysisError(`\`${alias}\` is a reserved column name. You cannot use it as an alias for a column.`, e.span);
    }
    return alias;
  }
  if (e.kind === 'ColumnRef') {
    // Push and pull queries write no sink, so they may select ROWTIME or WINDOWSTART as they are.
    if (RESERVED_COLUMNS.includes(e.name) && !transient) {
      throw new AnalysisError(`Reserved column name in select: \`${e.name}\`. Please remove or alias the column.`, e.span);
    }
    return e.name;
  }
  return names.forSelect(e) ?? (e.kind === 'Dereference' ? names.unique(e.field) : names.next());
}

const bindWith = (e: Expr, ctx: ProjectionContext): BoundExpr => withPrefix('Invalid Select: ', () => bindExpr(e, ctx));

const sameExpr = (a: Expr, b: Expr): boolean => formatExpr(a) === formatExpr(b);

function missingKeyError(missing: number[], input: StepSchema, source: SourceDefinition, sinkName: string | undefined, keySource: KeySource | undefined, q: Query): AnalysisError {
  const sink = sinkName ?? 'the result';
  let what: string;
  let shown: string[];
  if (keySource?.kind === 'partition') {
    const show = keySource.canonical ?? ((e: Expr) => formatExpr(qualify(e, q.from.source.alias ?? source.name)));
    shown = missing.map((i) => show(keySource.exprs[i]!));
    what = shown.length > 1 ? 'partitioning expressions' : 'partitioning expression';
  } else if (keySource?.kind === 'join' && keySource.foreignKeyLeft) {
    const { source: table } = keySource.foreignKeyLeft;
    const columns = missing.map((i) => keySource.foreignKeyLeft!.columns[i]!);
    const cols = columns.map((c) => `\`${c}\``).join(', ');
    const many = columns.length > 1;
    return new AnalysisError(
      `Primary key column${many ? 's' : ''} missing in projection. For foreign-key table-table joins, the projection must include all primary key columns from the left input table (\`${table}\`). Missing column${many ? 's' : ''}: ${cols}.`,
      q.span,
    );
  } else if (keySource?.kind === 'join') {
    shown = [...(keySource.equivalents ?? [])];
    const list = shown.length > 1 ? `${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1]}` : shown[0];
    const what2 = shown.length > 1 ? 'join expressions' : 'join expression';
    const hint = keySource.synthetic
      ? `\n${shown[0]} was added as a synthetic key column because the join criteria did not match any source column. This expression must be included in the projection and may be aliased.`
      : '';
    const lead = keySource.synthetic ? 'Key missing from projection (ie, SELECT). See https://cnfl.io/2LV7ouS.\n' : '';
    return new AnalysisError(`${lead}The query used to build \`${sink}\` must include the ${what2} ${list} in its projection (eg, SELECT ${shown[0]}...).${hint}`, q.span);
  } else if (keySource?.kind === 'group') {
    shown = missing.map((i) => formatExpr(keySource.exprs[i]!));
    what = shown.length > 1 ? 'grouping expressions' : 'grouping expression';
  } else {
    shown = missing.map((i) => input.key[i]!.name);
    what = shown.length > 1 ? 'key columns' : 'key column';
  }
  const list = shown.length > 1 ? `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}` : shown[0];
  return new AnalysisError(
    `The query used to build \`${sink}\` must include the ${what} ${list} in its projection (eg, SELECT ${shown.join(', ')}...).`,
    q.span,
  );
}

