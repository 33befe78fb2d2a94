/** CST → AST for statements. `source` is the statement text the spans point into. */
import type { CstNode } from 'chevrotain';
import { ParseError } from '../common/errors.ts';
import type { Property, ShowTarget, SourceType, Statement, TableElement, WatermarkSpec } from './ast.ts';
import { caseSensitiveIdentifier, duration, identifier, integerValue, literal, stringValue, type } from './build-common.ts';
import { valueExpr } from './build-expressions.ts';
import { query } from './build-query.ts';
import { firstToken, has, need, needToken, node, nodes, spanOf, token } from './cst.ts';

type Builder = (n: CstNode, text: string, source: string) => Statement;

export function statement(n: CstNode, source: string): Statement {
  const span = spanOf(n);
  const text = source.slice(span.offset, span.endOffset);
  for (const [rule, build] of Object.entries(STATEMENTS)) {
    const child = node(n, rule);
    if (child) return build(child, text, source);
  }
  throw new ParseError(`line ${span.line}:${span.col}: Syntax Error`, span);
}

const STATEMENTS: Record<string, Builder> = {
  query: (n, text) => ({ ...query(n), text }),
  showStatement,
  describeStatement,
  printStatement: (n, text) => {
    const interval = node(n, 'interval');
    const limit = node(n, 'limit');
    return {
      kind: 'Print', text, span: spanOf(n), topic: resourceName(need(n, 'resourceName')),
      fromBeginning: has(n, 'KwBEGINNING'),
      ...(interval ? { interval: integerValue(interval) } : {}),
      ...(limit ? { limit: integerValue(limit) } : {}),
    };
  },
  queryControl: (n, text) => {
    const action = firstToken(n).image.toUpperCase() as 'TERMINATE' | 'PAUSE' | 'RESUME';
    const id = node(n, 'identifier');
    return id
      ? { kind: 'QueryControl', text, span: spanOf(n), action, queryId: identifier(id), all: false }
      : { kind: 'QueryControl', text, span: spanOf(n), action, all: true };
  },
  setStatement: (n, text) => ({
    kind: 'SetProperty', text, span: spanOf(n), name: propertyString(need(n, 'name')), value: propertyString(need(n, 'value')),
  }),
  unsetStatement: (n, text) => ({ kind: 'UnsetProperty', text, span: spanOf(n), name: propertyString(need(n, 'propertyString')) }),
  defineStatement: (n, text) => ({
    kind: 'DefineVariable', text, span: spanOf(n), name: identifier(need(n, 'identifier')),
    value: stringValue(needToken(n, 'StringLiteral')),
  }),
  undefineStatement: (n, text) => ({ kind: 'UndefineVariable', text, span: spanOf(n), name: identifier(need(n, 'identifier')) }),
  alterStatement,
  createStatement,
  insertStatement,
  dropStatement,
  explainStatement: (n, text, source) => {
    const inner = node(n, 'statement');
    if (inner) return { kind: 'Explain', text, span: spanOf(n), statement: statement(inner, source) };
    return { kind: 'Explain', text, span: spanOf(n), queryId: identifier(need(n, 'identifier')) };
  },
  assertStatement,
};

const SHOW_TARGETS: Record<string, ShowTarget> = {
  KwPROPERTIES: 'PROPERTIES', KwTOPICS: 'TOPICS', KwSTREAMS: 'STREAMS', KwTABLES: 'TABLES', KwFUNCTIONS: 'FUNCTIONS',
  KwCONNECTORS: 'CONNECTORS', KwPLUGINS: 'CONNECTOR PLUGINS', KwTYPES: 'TYPES', KwVARIABLES: 'VARIABLES', KwQUERIES: 'QUERIES',
};

function showStatement(n: CstNode, text: string): Statement {
  const key = Object.keys(SHOW_TARGETS).find((k) => has(n, k)) ?? 'KwPROPERTIES';
  const target = SHOW_TARGETS[key] ?? 'PROPERTIES';
  const connectorType = has(n, 'KwSOURCE') ? 'SOURCE' : has(n, 'KwSINK') ? 'SINK' : undefined;
  return {
    kind: 'Show', text, span: spanOf(n), target, extended: has(n, 'KwEXTENDED'), all: has(n, 'KwALL'),
    ...(connectorType ? { connectorType } : {}),
  };
}

function describeStatement(n: CstNode, text: string): Statement {
  const span = spanOf(n);
  const fn = node(n, 'function');
  if (fn) return { kind: 'DescribeFunction', text, span, name: identifier(fn) };
  const connector = node(n, 'connector');
  if (connector) return { kind: 'DescribeConnector', text, span, name: identifier(connector) };
  const extended = has(n, 'KwEXTENDED');
  if (has(n, 'KwSTREAMS')) return { kind: 'Describe', text, span, listing: 'STREAMS', extended };
  if (has(n, 'KwTABLES')) return { kind: 'Describe', text, span, listing: 'TABLES', extended };
  return { kind: 'Describe', text, span, name: identifier(need(n, 'source')), extended };
}

function alterStatement(n: CstNode, text: string): Statement {
  const span = spanOf(n);
  if (has(n, 'KwSYSTEM')) {
    return { kind: 'AlterSystem', text, span, name: stringValue(needToken(n, 'name')), value: stringValue(needToken(n, 'value')) };
  }
  const columns = nodes(n, 'alterOption').map(tableElement);
  return { kind: 'AlterSource', text, span, sourceType: sourceType(n), name: identifier(need(n, 'identifier')), columns };
}

function createStatement(n: CstNode, text: string): Statement {
  const span = spanOf(n);
  const source = node(n, 'createSource');
  if (source) return createSource(source, text, span);
  const ifNotExists = has(need(n, 'ifNotExists'), 'KwIF');
  const name = identifier(need(n, 'identifier'));
  if (has(n, 'KwTYPE')) return { kind: 'CreateType', text, span, name, ifNotExists, type: type(need(n, 'type')) };
  const connectorType = has(n, 'KwSINK') ? 'SINK' : 'SOURCE';
  return { kind: 'CreateConnector', text, span, connectorType, ifNotExists, name, properties: properties(n) };
}

function createSource(n: CstNode, text: string, span: Statement['span']): Statement {
  const common = {
    text, span, sourceType: sourceType(n), orReplace: has(n, 'KwOR'),
    ifNotExists: has(need(n, 'ifNotExists'), 'KwIF'), name: identifier(need(n, 'identifier')), properties: properties(n),
  };
  const q = node(n, 'query');
  const elements = node(n, 'tableElements');
  if (!q) {
    const all = elements ? nodes(elements, 'tableElement') : [];
    const columns = all.filter((e) => !node(e, 'watermarkElement')).map(tableElement);
    columns.forEach((c) => checkKeyConstraint(c, common.sourceType));
    const marks = all.flatMap((e) => {
      const w = node(e, 'watermarkElement');
      return w ? [watermark(w)] : [];
    });
    if (marks.length > 1) throw new ParseError(`line ${marks[1]!.span.line}:${marks[1]!.span.col}: Syntax Error\nOnly one WATERMARK may be declared`, marks[1]!.span);
    return { kind: 'CreateSource', ...common, isSource: has(n, 'KwSOURCE'), elements: columns, ...(marks[0] ? { watermark: marks[0] } : {}) };
  }
  // ksqlDB's grammar has no element list and no SOURCE in CREATE ... AS SELECT.
  const bad = elements ? firstToken(elements) : has(n, 'KwSOURCE') ? token(n, 'KwAS') : undefined;
  if (bad) {
    const s = spanOf(bad);
    throw new ParseError(`line ${s.line}:${s.col}: Syntax Error\nSyntax error at or near '${bad.image}' at line ${s.line}:${s.col}`, s);
  }
  return { kind: 'CreateAsSelect', ...common, query: query(q) };
}

function insertStatement(n: CstNode, text: string): Statement {
  const span = spanOf(n);
  const target = identifier(need(n, 'identifier'));
  const q = node(n, 'query');
  if (q) return { kind: 'InsertInto', text, span, target, properties: properties(n), query: query(q) };
  const cols = node(n, 'columnList');
  const values = nodes(need(n, 'valueList'), 'valueExpr').map(valueExpr);
  return cols
    ? { kind: 'InsertValues', text, span, target, columns: nodes(cols, 'identifier').map(identifier), values }
    : { kind: 'InsertValues', text, span, target, values };
}

function dropStatement(n: CstNode, text: string): Statement {
  const span = spanOf(n);
  const ifExists = has(need(n, 'ifExists'), 'KwIF');
  const name = identifier(need(n, 'identifier'));
  if (has(n, 'KwCONNECTOR')) return { kind: 'DropConnector', text, span, ifExists, name };
  if (has(n, 'KwTYPE')) return { kind: 'DropType', text, span, ifExists, name };
  return { kind: 'DropSource', text, span, sourceType: sourceType(n), ifExists, name, deleteTopic: has(n, 'KwDELETE') };
}

function assertStatement(n: CstNode, text: string): Statement {
  const span = spanOf(n);
  const exists = !has(n, 'KwNOT');
  const timeoutNode = node(n, 'timeout');
  const timeout = timeoutNode ? { timeout: duration(timeoutNode) } : {};
  const topic = node(n, 'topic');
  if (topic) return { kind: 'AssertTopic', text, span, exists, name: resourceName(topic), properties: properties(n), ...timeout };
  const subject = node(n, 'subject');
  const id = node(n, 'id');
  return {
    kind: 'AssertSchema', text, span, exists, ...timeout,
    ...(subject ? { subject: resourceName(subject) } : {}),
    ...(id ? { id: Number(literalText(id)) } : {}),
  };
}

function literalText(n: CstNode): string {
  const e = literal(n);
  return e.kind === 'IntegerLiteral' || e.kind === 'DecimalLiteral' || e.kind === 'DoubleLiteral' ? e.text : 'NaN';
}

/** ksqlDB's AstBuilder rejects `KEY` in tables and `PRIMARY KEY` in streams. */
function checkKeyConstraint(c: TableElement, kind: SourceType): void {
  const wrong = kind === 'TABLE' ? 'KEY' : 'PRIMARY KEY';
  if (c.constraint !== wrong) return;
  const right = kind === 'TABLE' ? "'PRIMARY KEY' for tables" : "'KEY' for streams";
  throw new ParseError(
    `Line: ${c.span.line}, Col: ${c.span.col}: Column \`${c.name}\` is a '${wrong}' column: please use ${right}.`,
    c.span,
  );
}

function sourceType(n: CstNode): SourceType {
  return has(n, 'KwTABLE') ? 'TABLE' : 'STREAM';
}

function watermark(n: CstNode): WatermarkSpec {
  const [column, base] = nodes(n, 'identifier').map(identifier);
  const span = spanOf(n);
  if (column !== base) {
    throw new ParseError(`line ${span.line}:${span.col}: Syntax Error\nWATERMARK FOR ${column} must be defined from the same column: AS ${column} - INTERVAL ...`, span);
  }
  const delay = node(n, 'duration');
  return { column: column!, delayMs: delay ? duration(delay).millis : 0, span };
}

function tableElement(n: CstNode): TableElement {
  const constraintNode = node(n, 'columnConstraint');
  const base = { name: identifier(need(n, 'identifier')), type: type(need(n, 'type')), span: spanOf(n) };
  if (!constraintNode) return base;
  if (has(constraintNode, 'KwKEY')) return { ...base, constraint: has(constraintNode, 'KwPRIMARY') ? 'PRIMARY KEY' : 'KEY' };
  if (has(constraintNode, 'KwHEADERS')) return { ...base, constraint: 'HEADERS' };
  return { ...base, constraint: { header: stringValue(needToken(constraintNode, 'StringLiteral')) } };
}

function properties(n: CstNode): Property[] {
  const props = node(n, 'tableProperties');
  if (!props) return [];
  return nodes(props, 'tableProperty').map((p) => {
    const id = node(p, 'identifier');
    const name = id ? identifier(id) : stringValue(needToken(p, 'StringLiteral')).toUpperCase();
    return { name, value: literal(need(p, 'literal')), span: spanOf(p) };
  });
}

function resourceName(n: CstNode): string {
  const id = node(n, 'identifier');
  return id ? caseSensitiveIdentifier(id) : stringValue(needToken(n, 'StringLiteral'));
}

function propertyString(n: CstNode): string {
  const tok = firstToken(n);
  return tok.tokenType.name === 'Variable' ? tok.image : stringValue(tok);
}
