/** The parser's entry points: lex, parse with the shared grammar instance, build the AST. */
import type { IToken } from 'chevrotain';
import { ParseError } from '../common/errors.ts';
import type { Statement } from './ast.ts';
import { statement } from './build-statements.ts';
import { need } from './cst.ts';
import { grammar } from './grammar-statements.ts';
import { splitStatements, statementRanges, spanAt } from './split-statements.ts';
import { rebaseError, recognitionError, syntaxError, tokenSpan } from './syntax-error.ts';
import { sqlLexer, statementStarts } from './tokens.ts';

/** The statement's own text: without surrounding comments, whitespace and one trailing `;`. */
function statementText(text: string): string {
  const [range] = statementRanges(text);
  return range ? text.slice(range.start, range.end) : '';
}

function lex(text: string): IToken[] {
  const result = sqlLexer.tokenize(text);
  const [error] = result.errors;
  if (error) {
    const span = spanAt(text, error.offset, error.offset + error.length);
    throw syntaxError(span, `token recognition error at: '${text.slice(error.offset, error.offset + error.length)}'`);
  }
  return result.tokens;
}

/** Parses exactly one statement (a trailing `;` is optional). Spans are relative to `Statement.text`. */
export function parseStatement(input: string): Statement {
  const text = statementText(input);
  try {
    const tokens = lex(text);
    const [first] = tokens;
    if (!first) throw syntaxError(tokenSpan({ image: '' } as IToken, text), 'Empty statement');
    if (!statementStarts.includes(first.tokenType)) {
      throw syntaxError(tokenSpan(first, text), `Unknown statement '${first.image}'`);
    }
    grammar.input = tokens;
    const cst = grammar.singleStatement();
    const [error] = grammar.errors;
    if (error) throw recognitionError(error, tokens, text);
    return statement(need(cst, 'statement'), text);
  } catch (e) {
    if (e instanceof ParseError) e.statementText ??= text;
    throw e;
  }
}

/**
 * Splits a script and parses each statement. AST spans are relative to each statement's text; a
 * ParseError's position is relative to the whole script (as ksqlDB reports it), with
 * `statementText` set to the failing statement.
 */
export function parseStatements(sql: string): Statement[] {
  return splitStatements(sql).map((s) => {
    try {
      return parseStatement(s.text);
    } catch (e) {
      throw e instanceof ParseError ? rebaseError(e, s.span) : e;
    }
  });
}
