/** CST → AST for expressions, one function per grammar rule. */
import type { CstNode, IToken } from 'chevrotain';
import type { ArithmeticOp, ComparisonOp, Expr } from './ast.ts';
import { identifier, identifierText, namedType, stringValue, timeUnit, type } from './build-common.ts';
import { at, firstToken, has, isToken, need, node, nodes, ordered, spanBetween, spanOf, token, tokens } from './cst.ts';

export function expression(n: CstNode): Expr {
  return foldLeft(nodes(n, 'andExpr').map(andExpr), (left, right) => ({
    kind: 'Or', left, right, span: spanBetween(left.span, right.span),
  }));
}

function andExpr(n: CstNode): Expr {
  return foldLeft(nodes(n, 'notExpr').map(notExpr), (left, right) => ({
    kind: 'And', left, right, span: spanBetween(left.span, right.span),
  }));
}

function notExpr(n: CstNode): Expr {
  const inner = node(n, 'notExpr');
  if (inner) return { kind: 'Not', operand: notExpr(inner), span: spanOf(n) };
  return predicated(need(n, 'predicated'));
}

function predicated(n: CstNode): Expr {
  const operand = valueExpr(need(n, 'valueExpr'));
  const p = node(n, 'predicate');
  return p ? predicate(operand, p, spanOf(n)) : operand;
}

const COMPARISON: Record<string, ComparisonOp> = {
  '=': '=', '<>': '<>', '!=': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=',
};

function predicate(operand: Expr, p: CstNode, span: Expr['span']): Expr {
  const not = has(p, 'KwNOT');
  const op = token(p, 'ComparisonOp');
  if (op) {
    return { kind: 'Comparison', op: COMPARISON[op.image] ?? '=', left: operand, right: valueExpr(need(p, 'right')), span };
  }
  if (has(p, 'KwBETWEEN')) {
    return { kind: 'Between', not, operand, low: valueExpr(need(p, 'low')), high: valueExpr(need(p, 'high')), span };
  }
  if (has(p, 'KwIN')) return { kind: 'In', not, operand, list: nodes(p, 'expression').map(expression), span };
  if (has(p, 'KwLIKE')) {
    const escape = token(p, 'StringLiteral');
    const pattern = valueExpr(need(p, 'pattern'));
    return escape
      ? { kind: 'Like', not, operand, pattern, escape: stringValue(escape), span }
      : { kind: 'Like', not, operand, pattern, span };
  }
  if (has(p, 'KwNULL')) return { kind: 'IsNull', not, operand, span };
  return { kind: 'IsDistinctFrom', not, left: operand, right: valueExpr(need(p, 'right')), span };
}

export function valueExpr(n: CstNode): Expr {
  return foldLeft(nodes(n, 'additiveExpr').map(additiveExpr), (left, right) => ({
    kind: 'Concat', left, right, span: spanBetween(left.span, right.span),
  }));
}

function additiveExpr(n: CstNode): Expr {
  return arithmetic(nodes(n, 'multiplicativeExpr').map(multiplicativeExpr), tokens(n, 'AdditiveOp'));
}

function multiplicativeExpr(n: CstNode): Expr {
  return arithmetic(nodes(n, 'unaryExpr').map(unaryExpr), tokens(n, 'MultiplicativeOp'));
}

function arithmetic(operands: Expr[], ops: IToken[]): Expr {
  let acc = at(operands, 0);
  ops.forEach((op, i) => {
    const right = at(operands, i + 1);
    acc = { kind: 'Arithmetic', op: op.image as ArithmeticOp, left: acc, right, span: spanBetween(acc.span, right.span) };
  });
  return acc;
}

function unaryExpr(n: CstNode): Expr {
  const sign = token(n, 'AdditiveOp');
  const inner = node(n, 'unaryExpr');
  if (!sign || !inner) return atTimeZone(need(n, 'atTimeZoneExpr'));
  const operand = unaryExpr(inner);
  const span = spanOf(n);
  if (sign.image === '+') return operand;
  // ksqlDB reads `-1` as a negative literal, which matters for INT/BIGINT range.
  if (
    (operand.kind === 'IntegerLiteral' || operand.kind === 'DecimalLiteral' || operand.kind === 'DoubleLiteral') &&
    !operand.text.startsWith('-')
  ) {
    return { ...operand, text: `-${operand.text}`, span };
  }
  return { kind: 'Negate', operand, span };
}

function atTimeZone(n: CstNode): Expr {
  let acc = postfix(need(n, 'postfixExpr'));
  for (const zone of tokens(n, 'StringLiteral')) {
    acc = { kind: 'AtTimeZone', operand: acc, zone: stringValue(zone), span: spanBetween(acc.span, spanOf(zone)) };
  }
  return acc;
}

function postfix(n: CstNode): Expr {
  let acc = primary(need(n, 'primary'));
  for (const op of ordered(n)) {
    if (isToken(op) || op.name === 'primary') continue;
    const span = spanBetween(acc.span, spanOf(op));
    acc = op.name === 'subscript'
      ? { kind: 'Subscript', base: acc, index: valueExpr(need(op, 'valueExpr')), span }
      : { kind: 'Dereference', base: acc, field: identifier(need(op, 'identifier')), span };
  }
  return acc;
}

type PrimaryBuilder = (n: CstNode) => Expr;

const PRIMARY_RULES: Record<string, PrimaryBuilder> = {
  caseExpr,
  castExpr: (n) => ({ kind: 'Cast', operand: expression(need(n, 'expression')), type: type(need(n, 'type')), span: spanOf(n) }),
  arrayConstructor: (n) => ({ kind: 'ArrayConstructor', elements: nodes(n, 'expression').map(expression), span: spanOf(n) }),
  mapConstructor: (n) => {
    const values = nodes(n, 'value');
    return {
      kind: 'MapConstructor',
      entries: nodes(n, 'key').map((k, i) => ({ key: expression(k), value: expression(at(values, i)) })),
      span: spanOf(n),
    };
  },
  structConstructor: (n) => {
    const values = nodes(n, 'expression');
    return {
      kind: 'StructConstructor',
      fields: nodes(n, 'identifier').map((id, i) => ({ name: identifier(id), value: expression(at(values, i)) })),
      span: spanOf(n),
    };
  },
  functionCall,
  typedLiteral: (n) => {
    const id = need(n, 'identifier');
    return { kind: 'TypedLiteral', type: namedType(identifier(id), spanOf(id)), value: stringValue(firstToken(n)), span: spanOf(n) };
  },
  columnRef,
  parenthesized: (n) => expression(need(n, 'expression')),
};

function primary(n: CstNode): Expr {
  for (const [rule, build] of Object.entries(PRIMARY_RULES)) {
    const child = node(n, rule);
    if (child) return build(child);
  }
  return literalToken(firstToken(n));
}

function literalToken(tok: IToken): Expr {
  const span = spanOf(tok);
  switch (tok.tokenType.name) {
    case 'KwNULL':
      return { kind: 'NullLiteral', span };
    case 'KwTRUE':
      return { kind: 'BooleanLiteral', value: true, span };
    case 'KwFALSE':
      return { kind: 'BooleanLiteral', value: false, span };
    case 'IntegerLiteral':
      return { kind: 'IntegerLiteral', text: tok.image, span };
    case 'DecimalLiteral':
      return { kind: 'DecimalLiteral', text: tok.image, span };
    case 'FloatLiteral':
      return { kind: 'DoubleLiteral', text: tok.image, span };
    default:
      return { kind: 'StringLiteral', value: stringValue(tok), span };
  }
}

function caseExpr(n: CstNode): Expr {
  const operandNode = node(n, 'operand');
  const elseNode = node(n, 'else');
  const whens = nodes(n, 'whenClause').map((w) => ({ when: expression(need(w, 'when')), then: expression(need(w, 'then')) }));
  return {
    kind: 'Case',
    whens,
    span: spanOf(n),
    ...(operandNode ? { operand: valueExpr(operandNode) } : {}),
    ...(elseNode ? { else: expression(elseNode) } : {}),
  };
}

function functionCall(n: CstNode): Expr {
  const name = identifier(need(n, 'identifier'));
  const star = has(n, 'Star');
  return { kind: 'FunctionCall', name, args: nodes(n, 'functionArg').map(functionArg), star, span: spanOf(n) };
}

function functionArg(n: CstNode): Expr {
  const lambda = node(n, 'lambda');
  if (lambda) {
    return {
      kind: 'Lambda',
      params: nodes(lambda, 'identifier').map(identifier),
      body: expression(need(lambda, 'expression')),
      span: spanOf(lambda),
    };
  }
  const unit = node(n, 'windowUnit');
  if (unit) return { kind: 'IntervalUnit', unit: timeUnit(firstToken(unit)), span: spanOf(unit) };
  return expression(need(n, 'expression'));
}

function columnRef(n: CstNode): Expr {
  const ids = nodes(n, 'identifier');
  const span = spanOf(n);
  const first = firstToken(at(ids, 0));
  const second = ids[1];
  if (second) return { kind: 'ColumnRef', source: identifierText(first), name: identifier(second), span };
  if (first.tokenType.name === 'Variable') return { kind: 'VariableRef', name: first.image.slice(2, -1), span };
  return { kind: 'ColumnRef', name: identifierText(first), span };
}

function foldLeft(items: Expr[], combine: (left: Expr, right: Expr) => Expr): Expr {
  return items.slice(1).reduce(combine, at(items, 0));
}
