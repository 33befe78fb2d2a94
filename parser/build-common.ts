/** CST → AST for the shared pieces: identifiers, numbers, literals, durations and types. */
import type { CstNode, IToken } from 'chevrotain';
import { ParseError } from '../common/errors.ts';
import type { Duration, Expr, PrimitiveTypeName, TimeUnit, TypeNode } from './ast.ts';
import { at, firstToken, has, need, nodes, spanOf, token } from './cst.ts';

/** Unquoted identifiers fold to upper case; quoted and back-quoted ones keep their case. */
export function identifierText(tok: IToken): string {
  switch (tok.tokenType.name) {
    case 'QuotedIdentifier':
      return tok.image.slice(1, -1).replace(/""/g, '"');
    case 'BackQuotedIdentifier':
      return tok.image.slice(1, -1).replace(/``/g, '`');
    case 'Variable':
      return tok.image;
    default:
      return tok.image.toUpperCase();
  }
}

export function identifier(n: CstNode): string {
  return identifierText(firstToken(n));
}

/** Topic names in PRINT and ASSERT TOPIC keep their case even when unquoted, as in ksqlDB. */
export function caseSensitiveIdentifier(n: CstNode): string {
  const tok = firstToken(n);
  return /^[A-Za-z0-9_@]/.test(tok.image) ? tok.image : identifierText(tok);
}

export function stringValue(tok: IToken): string {
  return tok.image.slice(1, -1).replace(/''/g, "'");
}

/** A `number` node as the literal expression ksqlDB would build. */
export function numberExpr(n: CstNode): Expr {
  const sign = has(n, 'Minus') ? '-' : '';
  const span = spanOf(n);
  const int = token(n, 'IntegerLiteral');
  if (int) return { kind: 'IntegerLiteral', text: sign + int.image, span };
  const dec = token(n, 'DecimalLiteral');
  if (dec) return { kind: 'DecimalLiteral', text: sign + dec.image, span };
  return { kind: 'DoubleLiteral', text: sign + firstToken(n).image.slice(sign ? 1 : 0), span };
}

export function numberValue(n: CstNode): number {
  const e = numberExpr(n);
  return e.kind === 'IntegerLiteral' || e.kind === 'DecimalLiteral' || e.kind === 'DoubleLiteral' ? Number(e.text) : NaN;
}

/** Like `numberValue`, but a point or exponent is a syntax error (LIMIT, window sizes, ...). */
export function integerValue(n: CstNode): number {
  const e = numberExpr(n);
  if (e.kind !== 'IntegerLiteral') {
    throw new ParseError(`line ${e.span.line}:${e.span.col}: Syntax Error\nValue must be integer`, e.span);
  }
  return Number(e.text);
}

export function literal(n: CstNode): Expr {
  const span = spanOf(n);
  const num = nodes(n, 'number')[0];
  if (num) return numberExpr(num);
  const tok = firstToken(n);
  switch (tok.tokenType.name) {
    case 'KwNULL':
      return { kind: 'NullLiteral', span };
    case 'KwTRUE':
      return { kind: 'BooleanLiteral', value: true, span };
    case 'KwFALSE':
      return { kind: 'BooleanLiteral', value: false, span };
    case 'Variable':
      return { kind: 'VariableRef', name: tok.image.slice(2, -1), span };
    default:
      return { kind: 'StringLiteral', value: stringValue(tok), span };
  }
}

const UNIT_MILLIS: Record<TimeUnit, number> = {
  MILLISECONDS: 1,
  SECONDS: 1000,
  MINUTES: 60_000,
  HOURS: 3_600_000,
  DAYS: 86_400_000,
};

export function timeUnit(tok: IToken): TimeUnit {
  const word = tok.image.toUpperCase();
  return (word.endsWith('S') ? word : `${word}S`) as TimeUnit;
}

export function duration(n: CstNode): Duration {
  const value = integerValue(need(n, 'number'));
  const unit = timeUnit(firstToken(need(n, 'windowUnit')));
  return { value, unit, millis: value * UNIT_MILLIS[unit], span: spanOf(n) };
}

const PRIMITIVES: Record<string, PrimitiveTypeName> = {
  BOOLEAN: 'BOOLEAN',
  INT: 'INTEGER',
  INTEGER: 'INTEGER',
  BIGINT: 'BIGINT',
  DOUBLE: 'DOUBLE',
  VARCHAR: 'STRING',
  STRING: 'STRING',
  BYTES: 'BYTES',
  TIMESTAMP: 'TIMESTAMP',
  DATE: 'DATE',
  TIME: 'TIME',
};

/** A named type: a primitive when the name is one, else a type defined with CREATE TYPE. */
export function namedType(name: string, span: TypeNode['span']): TypeNode {
  const primitive = PRIMITIVES[name];
  return primitive ? { kind: 'PrimitiveType', name: primitive, span } : { kind: 'CustomType', name, span };
}

export function type(n: CstNode): TypeNode {
  const span = spanOf(n);
  const struct = nodes(n, 'structType')[0];
  if (struct) {
    const names = nodes(struct, 'identifier');
    const types = nodes(struct, 'type');
    return { kind: 'StructType', fields: names.map((id, i) => ({ name: identifier(id), type: type(at(types, i)) })), span };
  }
  const base = nodes(n, 'baseType')[0];
  if (base) return namedType(identifier(need(base, 'identifier')), span);
  const inner = nodes(n, 'type');
  if (has(n, 'KwARRAY')) return { kind: 'ArrayType', element: type(at(inner, 0)), span };
  if (has(n, 'KwMAP')) return { kind: 'MapType', key: type(at(inner, 0)), value: type(at(inner, 1)), span };
  const numbers = nodes(n, 'number');
  return { kind: 'DecimalType', precision: integerValue(at(numbers, 0)), scale: integerValue(at(numbers, 1)), span };
}
