/** CST → AST for SELECT queries. */
import type { CstNode } from 'chevrotain';
import type { AliasedSource, Duration, FromClause, JoinClause, JoinType, JoinWindow, Query, SelectItem, WindowSpec } from './ast.ts';
import { duration, identifier, integerValue } from './build-common.ts';
import { expression, valueExpr } from './build-expressions.ts';
import { has, need, node, nodes, spanOf } from './cst.ts';

export function query(n: CstNode): Query {
  const window = node(n, 'windowExpr');
  const where = node(n, 'where');
  const groupBy = node(n, 'groupBy');
  const partitionBy = node(n, 'partitionBy');
  const having = node(n, 'having');
  const limit = node(n, 'limit');
  const emit = has(n, 'KwEMIT') ? (has(n, 'KwCHANGES') ? 'CHANGES' : 'FINAL') : undefined;
  return {
    kind: 'Query',
    select: nodes(n, 'selectItem').map(selectItem),
    from: relation(need(n, 'relation')),
    span: spanOf(n),
    ...(window ? { window: windowSpec(window) } : {}),
    ...(where ? { where: expression(where) } : {}),
    ...(groupBy ? { groupBy: nodes(groupBy, 'valueExpr').map(valueExpr) } : {}),
    ...(partitionBy ? { partitionBy: nodes(partitionBy, 'valueExpr').map(valueExpr) } : {}),
    ...(having ? { having: expression(having) } : {}),
    ...(emit ? { emit } : {}),
    ...(limit ? { limit: integerValue(limit) } : {}),
  };
}

function selectItem(n: CstNode): SelectItem {
  const span = spanOf(n);
  const source = node(n, 'source');
  if (source) return { kind: 'SelectAll', source: identifier(source), span };
  const expr = node(n, 'expression');
  if (!expr) return { kind: 'SelectAll', span };
  if (has(n, 'Arrow')) return { kind: 'SelectStructAll', expr: expression(expr), span };
  const alias = node(n, 'alias');
  return alias
    ? { kind: 'SelectExpr', expr: expression(expr), alias: identifier(need(alias, 'identifier')), span }
    : { kind: 'SelectExpr', expr: expression(expr), span };
}

function relation(n: CstNode): FromClause {
  return {
    source: aliasedRelation(need(n, 'aliasedRelation')),
    joins: nodes(n, 'joinedSource').map(joinedSource),
    span: spanOf(n),
  };
}

function aliasedRelation(n: CstNode): AliasedSource {
  const alias = node(n, 'alias');
  const name = identifier(need(n, 'identifier'));
  return alias
    ? { kind: 'SourceRef', name, alias: identifier(need(alias, 'identifier')), span: spanOf(n) }
    : { kind: 'SourceRef', name, span: spanOf(n) };
}

function joinType(n: CstNode): JoinType {
  if (has(n, 'KwLEFT')) return 'LEFT';
  if (has(n, 'KwRIGHT')) return 'RIGHT';
  if (has(n, 'KwFULL')) return 'FULL';
  return 'INNER';
}

function joinedSource(n: CstNode): JoinClause {
  const within = node(n, 'withinExpr');
  return {
    kind: 'Join',
    type: joinType(n),
    right: aliasedRelation(need(n, 'aliasedRelation')),
    on: expression(need(n, 'expression')),
    span: spanOf(n),
    ...(within ? { within: joinWindow(within) } : {}),
  };
}

function joinWindow(n: CstNode): JoinWindow {
  const size = node(n, 'size');
  const before = duration(size ?? need(n, 'before'));
  const after = size ? before : duration(need(n, 'after'));
  const grace = gracePeriod(n);
  return { before, after, span: spanOf(n), ...(grace ? { grace } : {}) };
}

function gracePeriod(n: CstNode): Duration | undefined {
  const grace = node(n, 'gracePeriod');
  return grace ? duration(need(grace, 'duration')) : undefined;
}

function windowSpec(n: CstNode): WindowSpec {
  const span = spanOf(n);
  const tumbling = node(n, 'tumblingWindow');
  const hopping = node(n, 'hoppingWindow');
  const spec = tumbling ?? hopping ?? need(n, 'sessionWindow');
  const options = need(spec, 'windowOptions');
  const retention = node(options, 'retention');
  const grace = gracePeriod(options);
  const extra = { ...(retention ? { retention: duration(retention) } : {}), ...(grace ? { grace } : {}) };
  if (tumbling) return { kind: 'Tumbling', size: duration(need(spec, 'size')), span, ...extra };
  if (hopping) {
    return { kind: 'Hopping', size: duration(need(spec, 'size')), advance: duration(need(spec, 'advance')), span, ...extra };
  }
  return { kind: 'Session', gap: duration(need(spec, 'gap')), span, ...extra };
}
