/**
 * Renders expressions the way ksqlDB's ExpressionFormatter does, for error messages and generated
 * names: binary operators parenthesised, `||` as `CONCAT(a, b)`, identifiers back-quoted only when
 * they would not read back as the same unquoted identifier.
 */
import type { Expr, ExprKind, ExprOf } from './ast.ts';
import { formatType } from './format-type.ts';
import { keywordToken, NonReserved } from './tokens.ts';

export interface FormatOptions {
  /** Back-quote identifiers that need it (default true). */
  readonly quoteIdentifiers?: boolean;
}

type Formatter<K extends ExprKind> = (e: ExprOf<K>, f: (e: Expr) => string, o: FormatOptions) => string;

/** `NAME` unless it is lower case, has odd characters or is a reserved word: then `` `name` ``. */
export function formatIdentifier(name: string, options: FormatOptions = {}): string {
  if (options.quoteIdentifiers === false) return name;
  const kw = keywordToken(name);
  const reserved = kw !== undefined && !(kw.CATEGORIES ?? []).includes(NonReserved);
  return /^[A-Z_][A-Z0-9_@]*$/.test(name) && !reserved ? name : `\`${name.replace(/`/g, '``')}\``;
}

function quoteString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** Java's `Double.toString`, which ksqlDB uses for DOUBLE literals. */
function javaDouble(text: string): string {
  const v = Number(text);
  if (!Number.isFinite(v)) return text;
  const abs = Math.abs(v);
  if (abs === 0 || (abs >= 1e-3 && abs < 1e7)) {
    const s = String(v);
    return s.includes('.') || s.includes('e') ? s : `${s}.0`;
  }
  const [mantissa = '0', exp = '0'] = v.toExponential().split('e');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exp)}`;
}

const not = (flag: boolean): string => (flag ? 'NOT ' : '');

const FORMATTERS: { [K in ExprKind]: Formatter<K> } = {
  NullLiteral: () => 'null',
  BooleanLiteral: (e) => String(e.value),
  IntegerLiteral: (e) => e.text,
  DecimalLiteral: (e) => e.text,
  DoubleLiteral: (e) => javaDouble(e.text),
  StringLiteral: (e) => quoteString(e.value),
  TypedLiteral: (e) => `${formatType(e.type)} ${quoteString(e.value)}`,
  ColumnRef: (e, _f, o) => (e.source ? `${formatIdentifier(e.source, o)}.` : '') + formatIdentifier(e.name, o),
  Dereference: (e, f, o) => `${f(e.base)}->${formatIdentifier(e.field, o)}`,
  Subscript: (e, f) => `${f(e.base)}[${f(e.index)}]`,
  FunctionCall: (e, f) => `${e.name}(${e.star ? '*' : e.args.map(f).join(', ')})`,
  Lambda: (e, f, o) => {
    const params = e.params.map((p) => formatIdentifier(p, o));
    return `${params.length === 1 ? params[0] : `(${params.join(', ')})`} => ${f(e.body)}`;
  },
  Arithmetic: (e, f) => `(${f(e.left)} ${e.op} ${f(e.right)})`,
  Concat: (e, f) => `CONCAT(${f(e.left)}, ${f(e.right)})`,
  Negate: (e, f) => {
    const inner = f(e.operand);
    return inner.startsWith('-') ? `-(${inner})` : `-${inner}`;
  },
  Comparison: (e, f) => `(${f(e.left)} ${e.op} ${f(e.right)})`,
  IsDistinctFrom: (e, f) => `(${f(e.left)} IS ${not(e.not)}DISTINCT FROM ${f(e.right)})`,
  And: (e, f) => `(${f(e.left)} AND ${f(e.right)})`,
  Or: (e, f) => `(${f(e.left)} OR ${f(e.right)})`,
  Not: (e, f) => `(NOT ${f(e.operand)})`,
  IsNull: (e, f) => `(${f(e.operand)} IS ${not(e.not)}NULL)`,
  Between: (e, f) => `(${f(e.operand)} ${not(e.not)}BETWEEN ${f(e.low)} AND ${f(e.high)})`,
  In: (e, f) => `(${f(e.operand)} ${not(e.not)}IN (${e.list.map(f).join(', ')}))`,
  Like: (e, f) =>
    `(${f(e.operand)} ${not(e.not)}LIKE ${f(e.pattern)}${e.escape !== undefined ? ` ESCAPE ${quoteString(e.escape)}` : ''})`,
  Case: (e, f) => {
    const parts = ['(CASE'];
    if (e.operand) parts.push(f(e.operand));
    for (const w of e.whens) parts.push(`WHEN ${f(w.when)} THEN ${f(w.then)}`);
    if (e.else) parts.push(`ELSE ${f(e.else)}`);
    return `${parts.join(' ')} END)`;
  },
  Cast: (e, f) => `CAST(${f(e.operand)} AS ${formatType(e.type)})`,
  ArrayConstructor: (e, f) => `ARRAY[${e.elements.map(f).join(', ')}]`,
  MapConstructor: (e, f) => `MAP(${e.entries.map((en) => `${f(en.key)}:=${f(en.value)}`).join(', ')})`,
  StructConstructor: (e, f, o) => `STRUCT(${e.fields.map((fl) => `${formatIdentifier(fl.name, o)}:=${f(fl.value)}`).join(', ')})`,
  AtTimeZone: (e, f) => `${f(e.operand)} AT TIME ZONE ${quoteString(e.zone)}`,
  VariableRef: (e) => `\${${e.name}}`,
  IntervalUnit: (e) => e.unit,
};

/** `(A + B)`, `SUM(VALUE)`, `S->F`, `CAST(X AS BIGINT)`, ... as ksqlDB prints them. */
export function formatExpr(e: Expr, options: FormatOptions = {}): string {
  const recurse = (inner: Expr): string => formatExpr(inner, options);
  const formatter = FORMATTERS[e.kind] as Formatter<typeof e.kind>;
  return formatter(e as never, recurse, options);
}
