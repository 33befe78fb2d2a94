/**
 * FROM a JOIN b ON ... [JOIN c ON ...]: left-deep join steps. Each side arrives keyed by its join
 * expression (a stream is re-keyed when the expression is neither its key nor, after an earlier
 * join, an expression known to equal that key; a table must be joined on its primary key, or the
 * right table's key for a foreign-key join).
 */
import { AnalysisError, UnsupportedError } from '../common/errors.ts';
import type { Column } from '../common/schema.ts';
import { formatType, typesEqual, type SqlType } from '../common/types.ts';
import type { AliasedSource, Expr, JoinClause, Query, SelectItem } from '../parser/ast.ts';
import { formatExpr } from '../parser/index.ts';
import type { BoundExpr, ColumnSlot } from '../plan/expr.ts';
import type { JoinKind, Step, WindowedKey } from '../plan/steps.ts';
import { bindExpr, requireType } from './bind-expr.ts';
import { containsMap } from './type-rules.ts';
import { BOOLEAN } from '../common/types.ts';
import type { SourceDefinition } from './catalog.ts';
import { childExprs, qualify } from './expr-walk.ts';
import { chooseKeyColumn, joinEquivalence, joinSide, NO_EQUIVALENCE, type JoinSide, type KeyEquivalence } from './join-key.ts';
import { pseudoColumnsNeeded, withPseudoColumns, type PseudoColumn } from './join-pseudo-columns.ts';
import { JoinScope, type JoinColumn, type JoinKey } from './join-scope.ts';
import { checkSameTableWindow } from './join-windows.ts';
import type { PlannerContext } from './plan-query.ts';
import { sourceStep, tableSourceStep } from './plan-source.ts';
import { resolveTypeNode } from './resolve-type.ts';

interface Input {
  readonly step: Step;
  /** Partition count of the source topic, for co-partitioning (undefined once re-keyed or joined). */
  readonly partitions?: number;
  readonly columns: readonly JoinColumn[];
  readonly key: JoinKey | undefined;
  /** What is known to equal the key (nothing, for a single source). */
  readonly equivalence: KeyEquivalence;
  readonly isTable: boolean;
  readonly aliases: readonly string[];
  readonly text: string;
  /** Windowed inputs (windowed sources, and joins of them) carry their window in the key. */
  readonly window?: WindowedKey;
  /** The key format: a source's own, a join's its left input's (ksqlDB's preferred join key format). */
  readonly keyFormat?: string;
}

/** What a join condition is checked against before any join is planned: the names in scope. */
type Names = Pick<Input, 'aliases' | 'columns'>;

/** The query-wide context of planning one join. */
interface JoinContext {
  readonly planner: PlannerContext;
  readonly resolveType: ReturnType<typeof resolveTypeNode>;
  readonly select: readonly SelectItem[];
  /** The source owning an unqualified column name, when exactly one source has it. */
  readonly ownerOf: (name: string) => string | undefined;
}

export interface PlannedJoin {
  readonly step: Step;
  readonly scope: JoinScope;
  readonly isTable: boolean;
  readonly sources: readonly SourceDefinition[];
  readonly window?: WindowedKey;
}

export function planJoins(q: Query, ctx: PlannerContext): PlannedJoin {
  const resolveType = resolveTypeNode(ctx.catalog);
  const sources: SourceDefinition[] = [];
  const open = (ref: AliasedSource): Input => {
    const def = ctx.catalog.source(ref.name);
    if (!def) throw new AnalysisError(`${ref.name} does not exist.`, ref.span);
    if (sources.some((s) => s.name === def.name)) {
      throw sources.length === 1
        ? new AnalysisError(`Can not join '${def.name}' to '${def.name}': self joins are not yet supported.`, ref.span)
        : new AnalysisError(`N-way joins do not support multiple occurrences of the same source. Source: '${def.name}'`, ref.span);
    }
    sources.push(def);
    const alias = ref.alias ?? def.name;
    return sourceInput(def, alias, pseudoColumnsNeeded(q, alias, def.window !== undefined));
  };
  const first = open(q.from.source);
  const rights = q.from.joins.map((j) => open(j.right));
  checkConditions(first, rights, q.from.joins);
  const all = [first, ...rights].flatMap((i) => i.columns).filter((c) => !c.pseudo);
  const ownerOf = (name: string): string | undefined => {
    const owners = new Set(all.filter((c) => c.name === name).map((c) => c.alias));
    return owners.size === 1 ? [...owners][0] : undefined;
  };
  const jctx: JoinContext = { planner: ctx, resolveType, select: q.select, ownerOf };
  let current = first;
  q.from.joins.forEach((join, i) => {
    current = planJoin(current, rights[i]!, join, jctx);
  });
  const kafka = sources.filter((s) => s.formats.value.name === 'KAFKA').map((s) => s.name);
  if (kafka.length > 0) throw new AnalysisError(`Source(s) ${kafka.join(', ')} are using the 'KAFKA' value format. This format does not yet support JOIN.`, q.span);
  return {
    step: current.step,
    scope: new JoinScope(current.columns, current.key, resolveType),
    isTable: current.isTable,
    sources,
    ...(current.window ? { window: current.window } : {}),
  };
}

/**
 * ksqlDB analyses every join condition (each side naming exactly one source, and not the same one)
 * before it plans any join, so such an error in a later join wins over a planning error in an
 * earlier one.
 */
function checkConditions(first: Input, rights: readonly Input[], joins: readonly JoinClause[]): void {
  let names: Names = first;
  joins.forEach((join, i) => {
    const right = rights[i]!;
    splitCondition(splitConjuncts(join.on, names, right).equi, names, right);
    names = { aliases: [...names.aliases, ...right.aliases], columns: [...names.columns, ...right.columns] };
  });
}

function sourceInput(def: SourceDefinition, alias: string, pseudo: readonly PseudoColumn[]): Input {
  const id = `KafkaTopic_${alias}/Source`;
  const isTable = def.sourceType === 'TABLE';
  const source = isTable ? tableSourceStep(def, id) : sourceStep(def, id);
  // Only a query that reads `alias.ROWTIME` (and the like) pays for carrying them through the join.
  const step = pseudo.length > 0 ? withPseudoColumns(source, alias, pseudo, isTable) : source;
  const firstPseudo = source.schema.value.length;
  const columns: JoinColumn[] = [
    ...step.schema.key.map((c, i) => ({ alias, name: c.name, type: c.type, slot: { from: 'KEY', index: i } as ColumnSlot, isKey: true })),
    ...step.schema.value.map((c, i) => ({ alias, name: c.name, type: c.type, slot: { from: 'VALUE', index: i } as ColumnSlot, isKey: false, ...(i >= firstPseudo ? { pseudo: true } : {}) })),
  ];
  const keyCol = step.schema.key.length === 1 ? step.schema.key[0]! : undefined;
  const own = keyCol ? { alias, name: keyCol.name } : undefined;
  const key: JoinKey | undefined = keyCol && own ? { type: keyCol.type, equivalents: [own], chosen: own } : undefined;
  const window = def.window;
  return {
    step,
    columns,
    key,
    equivalence: NO_EQUIVALENCE,
    isTable,
    aliases: [alias],
    text: alias,
    keyFormat: def.formats.key.name,
    ...(window ? { window } : {}),
    ...(def.partitions !== undefined ? { partitions: def.partitions } : {}),
  };
}

/** Windowed sources join only their own kind: sessions with sessions, time windows with time windows. */
function checkWindows(left: Input, right: Input, join: JoinClause): void {
  const l = left.window;
  const r = right.window;
  if (!l || !r) return;
  if ((l.type === 'SESSION') !== (r.type === 'SESSION')) {
    throw new AnalysisError(
      `Incompatible windowed sources.\nLeft source: ${l.type}\nRight source: ${r.type}\nSession windowed sources can only be joined to other session windowed sources, and may still not result in expected behaviour as session bounds must be an exact match for the join to work\nHopping and tumbling windowed sources can only be joined to other hopping and tumbling windowed sources`,
      join.span,
    );
  }
}

function planJoin(left: Input, right: Input, join: JoinClause, ctx: JoinContext): Input {
  if ((left.window === undefined) !== (right.window === undefined)) {
    const describe = (i: Input) => `\`${i.text}\` is ${i.window ? `${i.window.type} windowed` : 'not windowed'}`;
    throw new AnalysisError(`Can not join windowed source to non-windowed source.\n${describe(left)}\n${describe(right)}`, join.span);
  }
  checkWindows(left, right, join);
  const { equi, residual } = splitConjuncts(join.on, left, right);
  const [leftExpr, rightExpr] = splitCondition(equi, left, right);
  const out = planEquiJoin(left, right, join, ctx, leftExpr, rightExpr);
  if (!residual) return out;
  if (out.step.kind !== 'StreamStreamJoin' && out.step.kind !== 'StreamTableJoin') {
    throw new UnsupportedError('Non-equi join conditions on table-table joins', residual.span);
  }
  const scope = new JoinScope(out.columns, out.key, ctx.resolveType, 'JOIN ON');
  const bound = requireType(bindExpr(residual, { scope, registry: ctx.planner.registry }), BOOLEAN, residual);
  return { ...out, step: { ...out.step, residual: bound } };
}

function planEquiJoin(left: Input, right: Input, join: JoinClause, ctx: JoinContext, leftExpr: Expr, rightExpr: Expr): Input {
  const { resolveType } = ctx;
  const registry = ctx.planner.registry;
  const lBound = bindExpr(leftExpr, { scope: new JoinScope(left.columns, left.key, resolveType, 'JOIN ON'), registry });
  const rBound = bindExpr(rightExpr, { scope: new JoinScope(right.columns, right.key, resolveType, 'JOIN ON'), registry });
  if (lBound.type === null || rBound.type === null || !typesEqual(lBound.type, rBound.type)) {
    const show = (e: Expr, b: BoundExpr, input: Input) => `${formatExpr(qualifyBy(e, input))}{${b.type ? formatType(b.type) : 'NULL'}}`;
    throw new AnalysisError(`Invalid join condition: types don't match. Got ${show(leftExpr, lBound, left)} = ${show(rightExpr, rBound, right)}.`, join.on.span);
  }
  if (containsMap(lBound.type)) {
    const keyName = leftExpr.kind === 'ColumnRef' ? `${leftExpr.source ?? left.text}_${leftExpr.name}` : 'ROWKEY';
    throw new AnalysisError(`Map keys, including types that contain maps, are not supported as they may lead to unexpected behavior due to inconsistent serialization. Key column name: \`${keyName}\`. Column type: ${formatType(lBound.type)}. See https://github.com/confluentinc/ksql/issues/6621 for more.`, join.on.span);
  }
  const lSide = joinSide(leftExpr, ownerIn(left));
  const rSide = joinSide(rightExpr, ownerIn(right));
  // Joining "on the key" means on the whole key: one key column, referenced as is, or, after an
  // earlier join, any expression known to equal that join's key.
  const onKey = (input: Input, b: BoundExpr, side: JoinSide) =>
    input.step.schema.key.length === 1 && ((b.kind === 'Column' && b.slot.from === 'KEY') || input.equivalence.expressions.includes(side.text));
  const leftOnKey = onKey(left, lBound, lSide);
  const rightOnKey = onKey(right, rBound, rSide);
  const lBy = leftOnKey ? keyColumn(left) : lBound;
  const rBy = rightOnKey ? keyColumn(right) : rBound;
  const kind: JoinKind = join.type === 'FULL' ? 'OUTER' : join.type;
  const result = (l: Input, r: Input, fields: JoinStepFields) => joined(l, r, fields, lBy.type!, lSide, rSide, kind === 'OUTER', ctx);
  const leftName = columnRefs(leftExpr).map((r) => r.source ?? left.columns.find((c) => c.name === r.name)?.alias).find((a) => a !== undefined) ?? left.text;
  const described = `${leftName} ${join.type === 'INNER' ? '[INNER]' : join.type === 'FULL' ? '[FULL] OUTER' : `${join.type} [OUTER]`} JOIN ${right.text}`;
  if (left.isTable && !right.isTable) {
    throw new AnalysisError(`Invalid join order: table-stream joins are not supported; only stream-table joins. Got ${described}.`, join.span);
  }
  const condition = `${formatExpr(qualifyBy(leftExpr, left))} = ${formatExpr(qualifyBy(rightExpr, right))}`;
  if (!left.isTable && right.isTable) {
    if (kind === 'OUTER' || kind === 'RIGHT') throw new AnalysisError(`Invalid join type: ${kind === 'OUTER' ? 'full-outer' : 'right'} join not supported for stream-table join. Got ${described}.`, join.span);
    if (!rightOnKey) throw new AnalysisError(`Invalid join condition: stream-table joins require to join on the table's primary key. Got ${condition}.`, join.on.span);
    const l = rekey(left, lBy);
    checkCopartitioned(l, right, leftName);
    return result(l, right, { kind: 'StreamTableJoin', joinType: kind as 'INNER' | 'LEFT' });
  }
  if (left.isTable && right.isTable) {
    if (!rightOnKey) throw new AnalysisError(`Invalid join condition: table-table joins require to join on the primary key of the right input table. Got ${condition}.`, join.on.span);
    if (!leftOnKey) {
      if (left.window) throw new UnsupportedError('A foreign-key join of windowed tables', join.span, 'a windowed table joins a windowed table on its key and window');
      if (kind === 'RIGHT') throw new AnalysisError('RIGHT OUTER JOIN on a foreign key is not supported', join.span);
      if (kind === 'OUTER') throw new AnalysisError('FULL OUTER JOIN on a foreign key is not supported', join.span);
      return foreignKeyJoin(left, right, kind, lBound);
    }
    checkSameTableWindow(left, right, join.span);
    checkCopartitioned(left, right, leftName);
    return result(left, right, { kind: 'TableTableJoin', joinType: kind });
  }
  if (!join.within) {
    throw new AnalysisError('Stream-Stream joins must have a WITHIN clause specified. None was provided. To learn about how to specify a WITHIN clause with a stream-stream join, please visit: https://docs.confluent.io/current/ksql/docs/syntax-reference.html#create-stream-as-select', join.span);
  }
  const w = join.within;
  const r = intoJoinKeyFormat(right, left);
  checkCopartitioned(rekey(left, lBy), rekey(r, rBy), leftName);
  const step = { kind: 'StreamStreamJoin' as const, joinType: kind, beforeMs: w.before.millis, afterMs: w.after.millis, ...(w.grace ? { graceMs: w.grace.millis } : {}) };
  return result(rekey(left, lBy), rekey(r, rBy), step);
}

/** The input's one key column as an expression (a join on it, or on an equal expression, needs no re-key). */
function keyColumn(input: Input): BoundExpr {
  const k = input.step.schema.key[0]!;
  return { kind: 'Column', type: k.type, name: k.name, slot: { from: 'KEY', index: 0 } };
}

/** Resolves an unqualified column name to the one alias among this input's sources that has it. */
function ownerIn(input: Names): (name: string) => string | undefined {
  return (name) => {
    const owners = new Set(input.columns.filter((c) => !c.pseudo && c.name === name).map((c) => c.alias));
    return owners.size === 1 ? [...owners][0] : undefined;
  };
}

/**
 * Beyond ksqlDB: `ON a.k = b.k AND <predicates>` keeps one equality between the two inputs as the
 * join key and applies the other conjuncts as a residual condition inside the join. Two or more
 * equalities between the inputs are rejected as ksqlDB does.
 */
function splitConjuncts(on: Expr, left: Names, right: Names): { equi: Expr; residual?: Expr } {
  const conjuncts = flattenAnd(on);
  if (conjuncts.length === 1) return { equi: on };
  const crosses = (c: Expr): boolean => {
    if (c.kind !== 'Comparison' || c.op !== '=') return false;
    const l = inputOf(c.left, left, right);
    const r = inputOf(c.right, left, right);
    return l !== undefined && r !== undefined && l !== r;
  };
  const equis = conjuncts.filter(crosses);
  if (equis.length !== 1) {
    const why = equis.length > 1 ? 'joins on multiple conditions are not yet supported' : 'a join needs exactly one equality between the two sources';
    throw new AnalysisError(`Invalid join condition: ${why}. Got ${formatExpr(on)}.`, on.span);
  }
  const rest = conjuncts.filter((c) => c !== equis[0]);
  const residual = rest.reduce((acc, c) => ({ kind: 'And', left: acc, right: c, span: on.span }) as Expr);
  return { equi: equis[0]!, residual };
}

function flattenAnd(e: Expr): Expr[] {
  return e.kind === 'And' ? [...flattenAnd(e.left), ...flattenAnd(e.right)] : [e];
}

function inputOf(e: Expr, left: Names, right: Names): 'left' | 'right' | undefined {
  const refs = columnRefs(e);
  if (refs.length === 0) return undefined;
  const owns = (input: Names) => refs.every((r) => (r.source ? input.aliases.includes(r.source) : input.columns.some((c) => c.name === r.name)));
  return owns(left) ? 'left' : owns(right) ? 'right' : undefined;
}

/** `a = b` with each side naming columns of exactly one input; returned as [left input's, right input's]. */
function splitCondition(on: Expr, left: Names, right: Names): [Expr, Expr] {
  const known = [...left.aliases, ...right.aliases];
  const unknown = columnRefs(on).find((r) => r.source !== undefined && !known.includes(r.source));
  if (unknown) throw new AnalysisError(`Failed to prepare statement: '${unknown.source}' is not a valid stream/table name or alias.`, on.span);
  for (const r of columnRefs(on)) {
    const owners = [...left.columns, ...right.columns].filter((c) => c.name === r.name && (r.source === undefined || c.alias === r.source));
    if (r.source === undefined && new Set(owners.map((c) => c.alias)).size > 1) {
      const at = on.span;
      throw new AnalysisError(`Exception while preparing statement: Line: ${at.line}, Col: ${at.col}: Column '${r.name}' is ambiguous. Could be ${owners.map((c) => `${c.alias}.${c.name}`).join(' or ')}.`, at);
    }
  }
  if (on.kind !== 'Comparison' || on.op !== '=') throw new UnsupportedError('Join conditions other than an equality', on.span);
  const sideOf = (e: Expr): 'left' | 'right' | undefined => {
    const refs = columnRefs(e);
    const inLeft = refs.every((r) => (r.source ? left.aliases.includes(r.source) : left.columns.some((c) => c.name === r.name)));
    const inRight = refs.every((r) => (r.source ? right.aliases.includes(r.source) : right.columns.some((c) => c.name === r.name)));
    if (refs.length === 0 || (inLeft && inRight)) return undefined;
    return inLeft ? 'left' : inRight ? 'right' : undefined;
  };
  const a = sideOf(on.left);
  const b = sideOf(on.right);
  const named = (e: Expr) => [...new Set(columnRefs(e).map((r) => r.source ?? left.columns.find((c) => c.name === r.name)?.alias ?? right.columns.find((c) => c.name === r.name)?.alias ?? r.name))].join(', ');
  if (a !== undefined && a === b) {
    const rightAlias = right.aliases[0]!;
    // Both sides naming the same source is reported first, as ksqlDB's analyzer does.
    if (named(on.left) !== named(on.right) && !named(on.left).includes(rightAlias) && !named(on.right).includes(rightAlias)) {
      throw new AnalysisError(`A join criteria is expected to reference the source (\`${rightAlias}\`) in the FROM clause, instead the right source references \`${named(on.right)}\` and the left source references \`${named(on.left)}\``, on.span);
    }
    throw new AnalysisError(`Each side of the join must reference exactly one source and not the same source. Left side references \`${named(on.left)}\` and right references \`${named(on.right)}\``, on.span);
  }
  for (const [side, e] of [[a, on.left], [b, on.right]] as const) {
    if (side === undefined) {
      throw new AnalysisError(`Invalid comparison expression '${formatExpr(e)}' in join '${formatExpr(on)}'. Each side of the join comparision must contain references from exactly one source.`, e.span);
    }
  }
  return a === 'left' ? [on.left, on.right] : [on.right, on.left];
}

function columnRefs(e: Expr): { source?: string; name: string }[] {
  if (e.kind === 'ColumnRef') return [{ ...(e.source !== undefined ? { source: e.source } : {}), name: e.name }];
  return childExprs(e).flatMap(columnRefs);
}

/**
 * Without a repartition in between, both sides of a join must have as many partitions (a re-keyed
 * side is repartitioned to match, and foreign-key joins have no such need).
 */
function checkCopartitioned(left: Input, right: Input, leftName: string): void {
  if (left.partitions === undefined || right.partitions === undefined || left.partitions === right.partitions) return;
  throw new AnalysisError(
    `Can't join \`${leftName}\` with \`${right.text}\` since the number of partitions don't match. \`${leftName}\` partitions = ${left.partitions}; \`${right.text}\` partitions = ${right.partitions}. Please repartition either one so that the number of partitions match.`,
  );
}

/** A stream whose join expression is not its key is re-keyed on it (in process: no topic round trip). */
function rekey(input: Input, by: BoundExpr): Input {
  if (by.kind === 'Column' && by.slot.from === 'KEY') return input;
  if (input.isTable) throw new AnalysisError('A table can only be joined on its primary key.');
  if (input.window) throw new AnalysisError('Implicit repartitioning of windowed sources is not supported. See https://github.com/confluentinc/ksql/issues/4385.');
  const valueLen = input.step.schema.value.length;
  const schema = {
    key: [{ name: 'KSQL_JOIN_KEY', type: by.type!, namespace: 'KEY' as const }],
    value: [...input.step.schema.value, ...input.step.schema.key.map((c) => ({ ...c, namespace: 'VALUE' as const }))],
  };
  const step: Step = { kind: 'StreamSelectKey', id: `Rekey/${input.text}`, schema, source: input.step, keyExprs: [by] };
  const columns = input.columns.map((c) => (c.slot.from === 'KEY' ? { ...c, slot: { from: 'VALUE', index: valueLen + c.slot.index } as ColumnSlot } : c));
  return { ...input, step, columns, key: { type: by.type!, equivalents: [] }, partitions: undefined };
}

/** Key formats registered in the schema registry, whose sources a join always repartitions. */
const SCHEMA_REGISTRY_KEY_FORMATS: readonly string[] = ['AVRO', 'PROTOBUF', 'JSON_SR'];

/**
 * A windowed stream joins on its windowed key, so it is never re-keyed on an expression (`rekey`);
 * but ksqlDB still moves it into the join's key format, the left input's, when its own differs in
 * format or window. That move is refused for a windowed source, unless ksqlDB repartitions the
 * side anyway because its key format uses the schema registry: then its time windows are read
 * back with the left's window size, as only a time window's start is in the key.
 */
function intoJoinKeyFormat(input: Input, target: Input): Input {
  const w = input.window;
  const t = target.window;
  if (!w || !t || input.isTable) return input;
  const sameWindow = w.type === t.type && w.sizeMs === t.sizeMs;
  if (sameWindow && input.keyFormat === target.keyFormat) return input;
  if (!SCHEMA_REGISTRY_KEY_FORMATS.includes(input.keyFormat ?? '')) {
    throw new AnalysisError('Implicit repartitioning of windowed sources is not supported. See https://github.com/confluentinc/ksql/issues/4385.');
  }
  if (sameWindow) return input;
  const key = input.step.schema.key;
  const keyExprs: BoundExpr[] = key.map((c, i) => ({ kind: 'Column', type: c.type, name: c.name, slot: { from: 'KEY', index: i } }));
  const step: Step = { kind: 'StreamSelectKey', id: `Rewindow/${input.text}`, schema: input.step.schema, source: input.step, keyExprs, window: t };
  return { ...input, step, window: t, keyFormat: target.keyFormat, partitions: undefined };
}

type JoinStepFields =
  | { kind: 'StreamStreamJoin'; joinType: JoinKind; beforeMs: number; afterMs: number; graceMs?: number }
  | { kind: 'StreamTableJoin'; joinType: 'INNER' | 'LEFT' }
  | { kind: 'TableTableJoin'; joinType: JoinKind };

/**
 * The join output: key = the join key, value = left input's key+value then right input's key+value.
 * The key is named after the equivalent column the projection uses (ksqlDB's choice), or is a
 * synthetic ROWKEY when no plain column equals it.
 */
function joined(left: Input, right: Input, fields: JoinStepFields, keyType: SqlType, l: JoinSide, r: JoinSide, fullOuter: boolean, ctx: JoinContext): Input {
  const { columns, value } = concatColumns(left, right);
  const equivalence = joinEquivalence(left.equivalence, right.equivalence, l, r, fullOuter);
  const chosen = chooseKeyColumn(equivalence.viable, ctx.select, ctx.ownerOf);
  const syntheticName = chosen ? undefined : rowKeyName(columns);
  const key: JoinKey = { type: keyType, equivalents: equivalence.viable, ...(chosen ? { chosen } : {}), ...(syntheticName ? { syntheticName } : {}) };
  const keyName = syntheticName ?? `${chosen!.alias}_${chosen!.name}`;
  const step = { ...fields, id: `Join/${left.text}-${right.text}`, schema: { key: [{ name: keyName, type: key.type, namespace: 'KEY' as const }], value }, left: left.step, right: right.step } as Step;
  return {
    step,
    columns,
    key,
    equivalence,
    isTable: left.isTable && right.isTable,
    aliases: [...left.aliases, ...right.aliases],
    text: right.text,
    ...(left.window ? { window: left.window } : {}),
    ...(left.keyFormat !== undefined ? { keyFormat: left.keyFormat } : {}),
    // Keyed like its left input, so it keeps the left's partitioning.
    ...(left.partitions !== undefined ? { partitions: left.partitions } : {}),
  };
}

/** Qualifies unqualified column references with the alias of the input that has the column. */
function qualifyBy(e: Expr, input: Input): Expr {
  const alias = columnRefs(e).map((r) => r.source ?? input.columns.find((c) => c.name === r.name)?.alias).find((x) => x !== undefined);
  return alias ? qualify(e, alias) : e;
}

function foreignKeyJoin(left: Input, right: Input, kind: JoinKind, foreignKey: BoundExpr): Input {
  const { columns, value } = concatColumns(left, right);
  const keyType = left.step.schema.key[0]?.type ?? foreignKey.type!;
  const leftKey = left.columns.filter((c) => c.isKey && c.slot.from === 'KEY');
  const key: JoinKey = {
    type: keyType,
    equivalents: left.key?.equivalents ?? [],
    ...(left.key?.chosen ? { chosen: left.key.chosen } : {}),
    foreignKeyLeft: { source: left.aliases[0]!, columns: leftKey.map((c) => c.name) },
  };
  // The result is keyed by the left table's whole primary key, one column per key column.
  const keyColumns: Column[] = leftKey.map((c) => ({ name: `${c.alias}_${c.name}`, type: c.type, namespace: 'KEY' }));
  const step: Step = {
    kind: 'ForeignKeyJoin',
    id: `Join/${left.text}-${right.text}`,
    schema: { key: keyColumns.length > 0 ? keyColumns : [{ name: 'ROWKEY', type: keyType, namespace: 'KEY' }], value },
    left: left.step,
    right: right.step,
    joinType: kind as 'INNER' | 'LEFT',
    foreignKey,
  };
  return { step, columns, key, equivalence: NO_EQUIVALENCE, isTable: true, aliases: [...left.aliases, ...right.aliases], text: right.text };
}

function concatColumns(left: Input, right: Input): { columns: JoinColumn[]; value: Column[] } {
  const pos = (input: Input, c: JoinColumn) => (c.slot.from === 'KEY' ? c.slot.index : c.slot.from === 'VALUE' ? input.step.schema.key.length + c.slot.index : -1);
  const leftWidth = left.step.schema.key.length + left.step.schema.value.length;
  const place = (input: Input, offset: number) =>
    input.columns.filter((c) => pos(input, c) >= 0).map((c) => ({ ...c, slot: { from: 'VALUE', index: offset + pos(input, c) } as ColumnSlot }));
  const columns = [...place(left, 0), ...place(right, leftWidth)];
  const layout = (input: Input, side: string): Column[] =>
    [...input.step.schema.key, ...input.step.schema.value].map((c, i) => {
      const named = input.columns.find((x) => pos(input, x) === i);
      return { name: named ? `${named.alias}_${named.name}` : `${side}_${c.name}`, type: c.type, namespace: 'VALUE' };
    });
  return { columns, value: [...layout(left, 'LEFT'), ...layout(right, 'RIGHT')] };
}

function rowKeyName(columns: readonly JoinColumn[]): string {
  let name = 'ROWKEY';
  for (let i = 1; columns.some((c) => c.name === name); i++) name = `ROWKEY_${i}`;
  return name;
}

