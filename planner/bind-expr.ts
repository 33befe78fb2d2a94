/**
 * AST expression → bound expression: resolves names against a scope, infers types, resolves
 * functions through the registry and inserts the implicit casts ksqlDB applies.
 */
import { castCompiled } from '../common/casts.ts';
import { parseTimestamp } from '../common/time-format.ts';
import { AnalysisError, assertNever } from '../common/errors.ts';
import type { Span } from '../common/span.ts';
import { BIGINT, BOOLEAN, DOUBLE, INTEGER, STRING, array, decimal, formatType, isNumeric, map, struct, typesEqual, type SqlType } from '../common/types.ts';
import type { ArgType } from '../functions/function.ts';
import type { FunctionRegistry } from '../functions/registry.ts';
import type { Expr, ExprOf, TypeNode } from '../parser/ast.ts';
import { formatExpr } from '../parser/index.ts';
import type { BoundExpr, ColumnSlot } from '../plan/expr.ts';
import { coerceElements, coerceInItem } from './literal-coercion.ts';
import { asDecimal, canWiden, commonType, comparisonType, decimalArithmeticType, widerNumeric } from './type-rules.ts';

export interface ResolvedColumn {
  readonly name: string;
  readonly type: SqlType;
  readonly slot: ColumnSlot;
}

/** Name resolution for one query clause. */
export interface Scope {
  resolveColumn(source: string | undefined, name: string, span: Span): ResolvedColumn;
  resolveType(node: TypeNode): SqlType;
}

export interface BindContext {
  readonly scope: Scope;
  readonly registry: FunctionRegistry;
  /** Lambda parameters in scope, innermost last. */
  readonly lambdaVars?: ReadonlyMap<string, SqlType>;
  /** Sub-expressions already computed by an earlier step (table functions, aggregates). */
  readonly replacements?: ReadonlyMap<Expr, BoundExpr>;
}

const INT_MAX = 2147483647n;
const INT_MIN = -2147483648n;

export function cast(e: BoundExpr, to: SqlType): BoundExpr {
  if (e.type !== null && typesEqual(e.type, to)) return e;
  return { kind: 'Cast', type: to, from: e.type, operand: e };
}

export function bindExpr(e: Expr, ctx: BindContext): BoundExpr {
  const replaced = ctx.replacements?.get(e);
  if (replaced) return replaced;
  switch (e.kind) {
    case 'NullLiteral':
      return { kind: 'Literal', type: null, value: null };
    case 'BooleanLiteral':
      return { kind: 'Literal', type: BOOLEAN, value: e.value };
    case 'IntegerLiteral': {
      const n = BigInt(e.text);
      if (n >= INT_MIN && n <= INT_MAX) return { kind: 'Literal', type: INTEGER, value: e.text };
      if (n >= -(2n ** 63n) && n < 2n ** 63n) return { kind: 'Literal', type: BIGINT, value: e.text };
      return { kind: 'Literal', type: decimalTypeOf(e.text), value: e.text };
    }
    case 'DecimalLiteral':
      return { kind: 'Literal', type: decimalTypeOf(e.text), value: e.text };
    case 'DoubleLiteral':
      return { kind: 'Literal', type: DOUBLE, value: e.text };
    case 'StringLiteral':
      return { kind: 'Literal', type: STRING, value: e.value };
    case 'TypedLiteral': {
      const to = ctx.scope.resolveType(e.type);
      return cast({ kind: 'Literal', type: STRING, value: e.value }, to);
    }
    case 'ColumnRef':
      return bindColumn(e, ctx);
    case 'VariableRef':
      throw new AnalysisError(`Variable '${e.name}' is not defined. Define it first with DEFINE ${e.name} = '...';`, e.span);
    case 'Dereference':
      return bindDereference(e, ctx);
    case 'Subscript':
      return bindSubscript(e, ctx);
    case 'FunctionCall':
      return bindCall(e, ctx);
    case 'Lambda':
      throw new AnalysisError('A lambda can only be used as a function argument', e.span);
    case 'Arithmetic':
      return bindArithmetic(e, ctx);
    case 'Concat': {
      const left = requireType(bindExpr(e.left, ctx), STRING, e.left);
      const right = requireType(bindExpr(e.right, ctx), STRING, e.right);
      return { kind: 'Concat', type: STRING, left, right };
    }
    case 'Negate': {
      const operand = bindExpr(e.operand, ctx);
      if (operand.type !== null && !isNumeric(operand.type)) {
        throw new AnalysisError(`Unary minus needs a numeric operand, but ${formatExpr(e.operand)} is ${formatType(operand.type)}`, e.span);
      }
      return { kind: 'Negate', type: operand.type ?? INTEGER, operand };
    }
    case 'Comparison':
    case 'IsDistinctFrom':
      return bindComparison(e, ctx);
    case 'And':
    case 'Or':
      return {
        kind: e.kind,
        type: BOOLEAN,
        left: requireType(bindExpr(e.left, ctx), BOOLEAN, e.left),
        right: requireType(bindExpr(e.right, ctx), BOOLEAN, e.right),
      };
    case 'Not':
      return { kind: 'Not', type: BOOLEAN, operand: requireType(bindExpr(e.operand, ctx), BOOLEAN, e.operand) };
    case 'IsNull':
      return { kind: 'IsNull', type: BOOLEAN, not: e.not, operand: bindExpr(e.operand, ctx) };
    case 'Between':
      return bindBetween(e, ctx);
    case 'In':
      return bindIn(e, ctx);
    case 'Like': {
      const operand = bindExpr(e.operand, ctx);
      if (operand.type !== null && operand.type.kind !== 'STRING') {
        throw new AnalysisError(`The column type for Like condition must be VARCHAR. The column type is ${formatType(operand.type)}`, e.operand.span);
      }
      return {
        kind: 'Like',
        type: BOOLEAN,
        not: e.not,
        operand: requireType(operand, STRING, e.operand),
        pattern: requireType(bindExpr(e.pattern, ctx), STRING, e.pattern),
        ...(e.escape !== undefined ? { escape: e.escape } : {}),
      };
    }
    case 'Case':
      return bindCase(e, ctx);
    case 'Cast': {
      const operand = bindExpr(e.operand, ctx);
      const to = ctx.scope.resolveType(e.type);
      if (operand.type !== null) {
        try {
          castCompiled(operand.type, to);
        } catch (err) {
          if (err instanceof AnalysisError) err.span ??= e.span;
          throw err;
        }
      }
      return { kind: 'Cast', type: to, from: operand.type, operand };
    }
    case 'ArrayConstructor':
      return bindArray(e, ctx);
    case 'MapConstructor':
      return bindMap(e, ctx);
    case 'StructConstructor': {
      const fields = e.fields.map((f) => ({ name: f.name, value: bindExpr(f.value, ctx) }));
      if (new Set(fields.map((f) => f.name)).size !== fields.length) throw new AnalysisError('Duplicate field names found in STRUCT', e.span);
      const type = struct(fields.map((f) => ({ name: f.name, type: f.value.type ?? STRING })));
      return { kind: 'MakeStruct', type, fields };
    }
    case 'IntervalUnit':
      throw new AnalysisError(`A time unit (${e.unit}) can only be used as an argument of a function that takes one, such as TIMESTAMPADD`, e.span);
    case 'AtTimeZone':
      throw new AnalysisError('AT TIME ZONE is only supported inside a TIMESTAMP literal comparison', e.span);
    default:
      return assertNever(e, 'expression');
  }
}

export function decimalTypeOf(text: string): SqlType {
  const digits = text.replace(/^[-+]/, '');
  const [intPart = '', frac = ''] = digits.split('.');
  const significant = (intPart.replace(/^0+/, '') + frac).length;
  const scale = frac.length;
  return decimal(Math.max(significant, scale, 1), scale);
}

function bindColumn(e: ExprOf<'ColumnRef'>, ctx: BindContext): BoundExpr {
  if (e.source === undefined) {
    const lambdaType = ctx.lambdaVars?.get(e.name);
    if (lambdaType) return { kind: 'LambdaVar', type: lambdaType, name: e.name };
  }
  const col = ctx.scope.resolveColumn(e.source, e.name, e.span);
  return { kind: 'Column', type: col.type, name: col.name, slot: col.slot };
}

function bindDereference(e: ExprOf<'Dereference'>, ctx: BindContext): BoundExpr {
  const base = bindExpr(e.base, ctx);
  if (base.type?.kind !== 'STRUCT') {
    throw new AnalysisError(`Expected STRUCT type for ${formatExpr(e.base)} but got ${base.type ? formatType(base.type) : 'NULL'}`, e.span);
  }
  const field = base.type.fields.find((f) => f.name === e.field) ?? base.type.fields.find((f) => f.name.toUpperCase() === e.field.toUpperCase());
  if (!field) {
    throw new AnalysisError(`Could not find field '${e.field}' in '${formatExpr(e.base)}'.`, e.span);
  }
  return { kind: 'Field', type: field.type, base, field: field.name };
}

function bindSubscript(e: ExprOf<'Subscript'>, ctx: BindContext): BoundExpr {
  const base = bindExpr(e.base, ctx);
  const index = bindExpr(e.index, ctx);
  if (base.type?.kind === 'ARRAY') {
    return { kind: 'Subscript', type: base.type.element, base, index: requireType(index, INTEGER, e.index) };
  }
  if (base.type?.kind === 'MAP') {
    return { kind: 'Subscript', type: base.type.value, base, index: requireType(index, base.type.key, e.index) };
  }
  throw new AnalysisError(`Cannot subscript ${formatExpr(e.base)}: it is ${base.type ? formatType(base.type) : 'NULL'}, not an ARRAY or MAP`, e.span);
}

/** Casts `e` to `to` where implicit widening allows it; otherwise reports the mismatch. */
export function requireType(e: BoundExpr, to: SqlType, node: Expr): BoundExpr {
  if (e.type === null) return { kind: 'Literal', type: to, value: null };
  if (typesEqual(e.type, to)) return e;
  if (canWiden(e.type, to)) return cast(e, to);
  throw new AnalysisError(`${formatExpr(node)} has type ${formatType(e.type)}, but ${formatType(to)} is required here`, node.span);
}

function bindArithmetic(e: ExprOf<'Arithmetic'>, ctx: BindContext): BoundExpr {
  const left = bindExpr(e.left, ctx);
  const right = bindExpr(e.right, ctx);
  // ksqlDB types a bare NULL as null and refuses arithmetic on it (CAST(NULL AS INT) is fine).
  if (e.left.kind === 'NullLiteral' || e.right.kind === 'NullLiteral') {
    const shown = (b: BoundExpr, x: Expr): string => (x.kind === 'NullLiteral' || b.type === null ? 'null' : formatType(b.type));
    throw new AnalysisError(`Error processing expression: ${formatExpr(e)}. Arithmetic on types ${shown(left, e.left)} and ${shown(right, e.right)} are not supported.`, e.span);
  }
  const lt = left.type ?? right.type;
  const rt = right.type ?? left.type;
  if (lt === null || rt === null) return { kind: 'Literal', type: null, value: null };
  if (e.op === '+' && lt.kind === 'STRING' && rt.kind === 'STRING') {
    return { kind: 'Concat', type: STRING, left, right };
  }
  if (!isNumeric(lt) || !isNumeric(rt)) {
    throw new AnalysisError(
      `Error processing expression: ${formatExpr(e)}. Unsupported arithmetic types. ${formatType(lt)} ${formatType(rt)}`,
      e.span,
    );
  }
  if (lt.kind === 'DECIMAL' || rt.kind === 'DECIMAL') {
    if (lt.kind !== 'DOUBLE' && rt.kind !== 'DOUBLE') {
      const type = decimalArithmeticType(e.op, lt, rt);
      return { kind: 'Arithmetic', type, op: e.op, left: cast(left, asDecimal(lt)), right: cast(right, asDecimal(rt)) };
    }
  }
  const type = widerNumeric(lt, rt);
  return { kind: 'Arithmetic', type, op: e.op, left: cast(left, type), right: cast(right, type) };
}

const COMPARISON_NAMES: Record<string, string> = {
  '=': 'EQUAL',
  '<>': 'NOT_EQUAL',
  '<': 'LESS_THAN',
  '<=': 'LESS_THAN_OR_EQUAL',
  '>': 'GREATER_THAN',
  '>=': 'GREATER_THAN_OR_EQUAL',
  DISTINCT: 'IS_DISTINCT_FROM',
  'NOT DISTINCT': 'IS_NOT_DISTINCT_FROM',
};

/**
 * ksqlDB compares ROWTIME, WINDOWSTART and WINDOWEND (BIGINT millis) with timestamp strings such as
 * '2018-01-01T00:00:00.001' by converting the string to millis at plan time.
 */
function rowtimeLiteral(other: BoundExpr, e: BoundExpr, node: Expr): BoundExpr {
  const isTimeColumn = other.kind === 'Column' && (other.slot.from === 'ROWTIME' || other.slot.from === 'WINDOWSTART' || other.slot.from === 'WINDOWEND');
  if (!isTimeColumn || e.kind !== 'Literal' || e.type?.kind !== 'STRING' || typeof e.value !== 'string') return e;
  const millis = parseTimestamp(e.value);
  if (millis === null) throw new AnalysisError(`Could not parse timestamp '${e.value}': expected yyyy-MM-ddTHH:mm:ss.SSS with an optional time zone`, node.span);
  return { kind: 'Literal', type: BIGINT, value: String(millis) };
}

function bindComparison(e: ExprOf<'Comparison'> | ExprOf<'IsDistinctFrom'>, ctx: BindContext): BoundExpr {
  const l = bindExpr(e.left, ctx);
  const r = bindExpr(e.right, ctx);
  const left = rowtimeLiteral(r, l, e.left);
  const right = rowtimeLiteral(l, r, e.right);
  const op = e.kind === 'Comparison' ? e.op : e.not ? 'NOT DISTINCT' : 'DISTINCT';
  // As ksqlDB, these messages end with the comparison as ksqlDB prints it (`Statement: (ID = '10')`).
  if (e.kind === 'Comparison' && (e.left.kind === 'NullLiteral' || e.right.kind === 'NullLiteral')) {
    const side = (b: BoundExpr, x: Expr): string => (x.kind === 'NullLiteral' || b.type === null ? 'NULL' : formatType(b.type));
    throw new AnalysisError(
      `Comparison with NULL not supported: ${side(left, e.left)} ${e.op} ${side(right, e.right)}\nUse 'IS NULL' or 'IS NOT NULL' instead.\nStatement: ${formatExpr(e)}`,
      e.span,
    );
  }
  const t = comparisonType(left.type, right.type);
  if (t === undefined || (t !== null && !comparable(t, op))) {
    throw new AnalysisError(
      `Cannot compare ${formatExpr(e.left)} (${formatType(left.type!)}) to ${formatExpr(e.right)} (${formatType(right.type!)}) with ${COMPARISON_NAMES[op]}.\nStatement: ${formatExpr(e)}`,
      e.span,
    );
  }
  const operandType = t ?? BOOLEAN;
  return { kind: 'Compare', type: BOOLEAN, op, operandType, left: castOrNull(left, operandType), right: castOrNull(right, operandType) };
}

function comparable(t: SqlType, op: string): boolean {
  if (t.kind === 'BOOLEAN' || t.kind === 'ARRAY' || t.kind === 'MAP' || t.kind === 'STRUCT') {
    return op === '=' || op === '<>' || op === 'DISTINCT' || op === 'NOT DISTINCT';
  }
  return true;
}

function castOrNull(e: BoundExpr, to: SqlType): BoundExpr {
  return e.type === null ? { kind: 'Literal', type: to, value: null } : cast(e, to);
}

function bindBetween(e: ExprOf<'Between'>, ctx: BindContext): BoundExpr {
  const operand = bindExpr(e.operand, ctx);
  const low = rowtimeLiteral(operand, bindExpr(e.low, ctx), e.low);
  const high = rowtimeLiteral(operand, bindExpr(e.high, ctx), e.high);
  // Each bound must compare with the operand, as ksqlDB checks `>=` and `<=` apart.
  for (const [bound, node, name] of [[low, e.low, 'GREATER_THAN_OR_EQUAL'], [high, e.high, 'LESS_THAN_OR_EQUAL']] as const) {
    if (operand.type !== null && bound.type !== null && comparisonType(operand.type, bound.type) === undefined) {
      throw new AnalysisError(`Invalid expression: Cannot compare ${formatExpr(e.operand)} (${formatType(operand.type)}) to ${formatExpr(node)} (${formatType(bound.type)}) with ${name}`, e.span);
    }
  }
  const t = comparisonType(comparisonType(operand.type, low.type) ?? null, high.type);
  if (t === undefined || t === null) {
    throw new AnalysisError(`Cannot compare ${formatExpr(e.operand)} with BETWEEN bounds of other types`, e.span);
  }
  const o = castOrNull(operand, t);
  const ge: BoundExpr = { kind: 'Compare', type: BOOLEAN, op: '>=', operandType: t, left: o, right: castOrNull(low, t) };
  const le: BoundExpr = { kind: 'Compare', type: BOOLEAN, op: '<=', operandType: t, left: o, right: castOrNull(high, t) };
  const both: BoundExpr = { kind: 'And', type: BOOLEAN, left: ge, right: le };
  return e.not ? { kind: 'Not', type: BOOLEAN, operand: both } : both;
}

function bindIn(e: ExprOf<'In'>, ctx: BindContext): BoundExpr {
  const operand = bindExpr(e.operand, ctx);
  const tests = e.list.map((node) => {
    const item = coerceInItem(operand, bindExpr(node, ctx), node, e.operand);
    return bindComparisonOf(operand, item, node);
  });
  return { kind: 'In', type: BOOLEAN, not: e.not, operand, tests };
}

function bindCase(e: ExprOf<'Case'>, ctx: BindContext): BoundExpr {
  const operand = e.operand ? bindExpr(e.operand, ctx) : undefined;
  const whens = e.whens.map((w) => {
    const when = bindExpr(w.when, ctx);
    const cond: BoundExpr = operand
      ? bindComparisonOf(operand, when, w.when)
      : requireType(when, BOOLEAN, w.when);
    return { when: cond, then: bindExpr(w.then, ctx) };
  });
  const otherwise = e.else ? bindExpr(e.else, ctx) : undefined;
  const t = commonType([...whens.map((w) => w.then.type), otherwise?.type ?? null]);
  if (t === undefined) {
    throw new AnalysisError(`Invalid Case expression. Type for all 'THEN' clauses should be the same.`, e.span);
  }
  const type = t ?? STRING;
  return {
    kind: 'Case',
    type,
    whens: whens.map((w) => ({ when: w.when, then: castOrNull(w.then, type) })),
    ...(otherwise ? { else: castOrNull(otherwise, type) } : {}),
  };
}

function bindComparisonOf(left: BoundExpr, right: BoundExpr, node: Expr): BoundExpr {
  const t = comparisonType(left.type, right.type);
  if (t === undefined) throw new AnalysisError(`Cannot compare CASE operand with ${formatExpr(node)}`, node.span);
  const operandType = t ?? BOOLEAN;
  return { kind: 'Compare', type: BOOLEAN, op: '=', operandType, left: castOrNull(left, operandType), right: castOrNull(right, operandType) };
}

function bindArray(e: ExprOf<'ArrayConstructor'>, ctx: BindContext): BoundExpr {
  if (e.elements.length === 0) {
    throw new AnalysisError('Array constructor cannot be empty. Please supply at least one element (see https://github.com/confluentinc/ksql/issues/4239).', e.span);
  }
  const elements = coerceElements(e.elements.map((x) => bindExpr(x, ctx)));
  const t = commonType(elements.map((x) => x.type));
  if (t === undefined) {
    throw new AnalysisError(`invalid input syntax for ARRAY: all elements must be of the same type: ${formatExpr(e)}`, e.span);
  }
  if (t === null) {
    throw new AnalysisError(`Cannot construct an array with all NULL elements (see https://github.com/confluentinc/ksql/issues/4239). As a workaround, you may cast a NULL value to the desired type.`, e.span);
  }
  return { kind: 'MakeArray', type: array(t), elements: elements.map((x) => castOrNull(x, t)) };
}

function bindMap(e: ExprOf<'MapConstructor'>, ctx: BindContext): BoundExpr {
  const keys = coerceElements(e.entries.map((x) => bindExpr(x.key, ctx)));
  const values = coerceElements(e.entries.map((x) => bindExpr(x.value, ctx)));
  const entries = keys.map((key, i) => ({ key, value: values[i]! }));
  const kt = commonType(entries.map((x) => x.key.type));
  const vt = commonType(entries.map((x) => x.value.type));
  if (kt === undefined || vt === undefined) {
    throw new AnalysisError(`invalid input syntax for MAP: all keys and all values must be of the same type: ${formatExpr(e)}`, e.span);
  }
  if (kt === null || vt === null) {
    throw new AnalysisError(`Cannot construct a map with all NULL keys or values. As a workaround, you may cast a NULL value to the desired type.`, e.span);
  }
  return {
    kind: 'MakeMap',
    type: map(kt, vt),
    entries: entries.map((x) => ({ key: castOrNull(x.key, kt), value: castOrNull(x.value, vt) })),
  };
}

function bindCall(e: ExprOf<'FunctionCall'>, ctx: BindContext): BoundExpr {
  const args: (BoundExpr | undefined)[] = [];
  const argTypes: ArgType[] = [];
  e.args.forEach((a, i) => {
    if (a.kind === 'Lambda') {
      args.push(undefined);
      argTypes.push({ kind: 'LAMBDA', arity: a.params.length });
    } else if (a.kind === 'IntervalUnit' || (a.kind === 'ColumnRef' && a.source === undefined && ctx.registry.acceptsIntervalUnit(e.name, i, a.name))) {
      args.push({ kind: 'Literal', type: STRING, value: a.kind === 'IntervalUnit' ? a.unit : a.name });
      argTypes.push({ kind: 'INTERVAL_UNIT' });
    } else {
      const bound = bindExpr(a, ctx);
      args.push(bound);
      argTypes.push(bound.type);
    }
  });
  const boundLambdas = new Map<number, BoundExpr>();
  const typeLambda = (paramTypes: readonly SqlType[], index: number): SqlType => {
    const lambda = e.args[index];
    if (lambda?.kind !== 'Lambda') throw new AnalysisError(`Argument ${index + 1} of ${e.name} must be a lambda`, e.span);
    const vars = new Map(ctx.lambdaVars ?? []);
    lambda.params.forEach((p, i) => vars.set(p, paramTypes[i] ?? STRING));
    const body = bindExpr(lambda.body, { ...ctx, lambdaVars: vars });
    const type = body.type ?? STRING;
    boundLambdas.set(index, { kind: 'Lambda', type, params: lambda.params, paramTypes, body });
    return type;
  };
  let fn;
  try {
    fn = ctx.registry.resolveScalar(e.name, argTypes, typeLambda);
  } catch (err) {
    if (err instanceof AnalysisError && !err.span) err.span = e.span;
    throw err;
  }
  const bound = args.map((a, i) => {
    const lambda = boundLambdas.get(i);
    if (lambda) return lambda;
    const want = fn.paramTypes[i];
    return want && a && argTypes[i]?.kind !== 'INTERVAL_UNIT' ? castOrNull(a, want) : a!;
  });
  return { kind: 'Call', type: fn.returnType, name: fn.name, argTypes, args: bound };
}

