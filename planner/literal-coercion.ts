/**
 * ksqlDB's literal coercions: string literals read as the type of what they meet (an IN operand,
 * the other elements of ARRAY[...] / MAP(...)), and struct constructors widened to a common shape.
 */
import { AnalysisError } from '../common/errors.ts';
import { Decimal } from '../common/decimal.ts';
import { BIGINT, BOOLEAN, INTEGER, STRING, formatType, isNumeric, struct, type SqlType } from '../common/types.ts';
import type { Expr } from '../parser/ast.ts';
import { formatExpr } from '../parser/index.ts';
import type { BoundExpr, BoundOf } from '../plan/expr.ts';
import { decimalTypeOf } from './bind-expr.ts';
import { commonType, comparisonType } from './type-rules.ts';

/**
 * ksqlDB compares each IN item with the operand on its own, coercing literals: a string literal is
 * read as the operand's type, another literal compared with a STRING operand is read as its text.
 */
export function coerceInItem(operand: BoundExpr, item: BoundExpr, node: Expr, operandNode: Expr): BoundExpr {
  const ot = operand.type;
  const it = item.type;
  if (ot === null || it === null || comparisonType(ot, it) !== undefined) return item;
  if (item.kind === 'Literal' && item.value !== null && isPrimitiveType(ot)) {
    if (it.kind === 'STRING') return { kind: 'Literal', type: coercedType(ot, String(item.value)), value: coercedText(ot, String(item.value)) };
    if (ot.kind === 'STRING') return { kind: 'Literal', type: STRING, value: String(item.value) };
  }
  throw new AnalysisError(
    `Invalid Predicate: operator does not exist: ${formatType(ot)} = ${formatType(it)} (${formatExpr(node)})\nHint: You might need to add explicit type casts.`,
    operandNode.span,
  );
}

const isPrimitiveType = (t: SqlType): boolean => t.kind !== 'ARRAY' && t.kind !== 'MAP' && t.kind !== 'STRUCT';

const invalidPredicate = (t: SqlType, text: string): AnalysisError =>
  new AnalysisError(`Invalid Predicate: invalid input syntax for type ${t.kind}: "${text}".`);

/** A numeric string keeps its exactness as a DECIMAL (or BIGINT) literal; booleans read leniently. */
function coercedType(t: SqlType, text: string): SqlType {
  if (isNumeric(t)) {
    const trimmed = text.trim();
    if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(trimmed)) throw invalidPredicate(t, text);
    return trimmed.includes('.') ? decimalTypeOf(trimmed) : BigInt(trimmed) > 2147483647n || BigInt(trimmed) < -2147483648n ? BIGINT : INTEGER;
  }
  if (t.kind === 'BOOLEAN') {
    coercedText(t, text);
    return BOOLEAN;
  }
  return t.kind === 'STRING' ? STRING : t;
}

function coercedText(t: SqlType, text: string): string | boolean {
  if (isNumeric(t)) return text.trim().replace(/^\+/, '');
  if (t.kind === 'BOOLEAN') {
    const lower = text.trim().toLowerCase();
    if (lower.length > 0 && ('true'.startsWith(lower) || 'yes'.startsWith(lower))) return true;
    if (lower.length > 0 && ('false'.startsWith(lower) || 'no'.startsWith(lower))) return false;
    throw invalidPredicate(t, text);
  }
  return text;
}

/**
 * ksqlDB's element coercion for ARRAY[...] and MAP(...): string literals are read as the type of the
 * other elements (`'2e1'` as a number), and struct constructors with different fields widen to the
 * union of their fields, missing ones NULL.
 */
export function coerceElements(elements: BoundExpr[]): BoundExpr[] {
  const typed = elements.filter((x) => x.type !== null && !(x.kind === 'Literal' && x.type.kind === 'STRING'));
  const target = typed[0]?.type;
  let out = elements;
  if (target && target.kind !== 'STRING' && isPrimitiveType(target)) {
    out = elements.map((x) =>
      x.kind === 'Literal' && x.type?.kind === 'STRING' && typeof x.value === 'string'
        ? coercedElement(target, x.value)
        : x,
    );
  }
  const structs = out.filter((x): x is BoundOf<'MakeStruct'> => x.kind === 'MakeStruct');
  if (structs.length < 2 || structs.length !== out.filter((x) => x.type !== null).length) return out;
  const names = [...new Set(structs.flatMap((s) => s.fields.map((f) => f.name)))];
  return out.map((x) => {
    if (x.kind !== 'MakeStruct') return x;
    const fields = names.map((name) => x.fields.find((f) => f.name === name) ?? { name, value: { kind: 'Literal', type: null, value: null } as BoundExpr });
    return { ...x, type: struct(fields.map((f) => ({ name: f.name, type: fieldType(structs, f.name) }))), fields };
  });
}

function fieldType(structs: readonly BoundOf<'MakeStruct'>[], name: string): SqlType {
  return commonType(structs.map((s) => s.fields.find((f) => f.name === name)?.value.type ?? null)) ?? STRING;
}

/** A string literal read as the elements' type; numbers keep their exactness, the error names the type. */
function coercedElement(t: SqlType, text: string): BoundExpr {
  if (!isNumeric(t)) return { kind: 'Literal', type: coercedType(t, text), value: coercedText(t, text) };
  const trimmed = text.trim();
  const n = Number(trimmed);
  if (trimmed === '' || Number.isNaN(n)) throw new AnalysisError(`invalid input syntax for type ${formatType(t)}: "${text}"`);
  if (/^[-+]?\d+$/.test(trimmed)) return { kind: 'Literal', type: coercedType(t, trimmed), value: coercedText(t, trimmed) };
  // Like Java's BigDecimal, an exponent form such as '2e1' is exact and keeps no fraction digits.
  const exact = /^[-+]?(\d+\.?\d*|\.\d+)$/.test(trimmed) ? trimmed : Number.isInteger(n) ? BigInt(n).toString() : Decimal.fromNumber(n).toString();
  return { kind: 'Literal', type: decimalTypeOf(exact), value: exact };
}

