/**
 * Turns Chevrotain's recognition errors into ParseErrors worded like ksqlDB's ANTLR parser:
 * `line L:C: Syntax Error` followed by `Expecting {...}`, `missing 'x' at 'y'`, or nothing for
 * trailing input.
 */
import { EOF, tokenMatcher, type IRecognitionException, type IToken, type TokenType } from 'chevrotain';
import { ParseError } from '../common/errors.ts';
import type { Span } from '../common/span.ts';
import { decodePayload } from './error-messages.ts';
import { grammar } from './grammar-statements.ts';
import { allTokens, displayToken, expectedTokenOrder, NonReserved } from './tokens.ts';

const BY_NAME = new Map(allTokens.map((t) => [t.name, t]));

export function syntaxError(span: Span, detail: string): ParseError {
  return new ParseError(`line ${span.line}:${span.col}: Syntax Error\n${detail}`, span);
}

export function tokenSpan(tok: IToken, text: string): Span {
  if (tok.tokenType !== EOF && Number.isFinite(tok.startOffset)) {
    return { line: tok.startLine ?? 1, col: tok.startColumn ?? 1, offset: tok.startOffset, endOffset: (tok.endOffset ?? tok.startOffset) + 1 };
  }
  const lines = text.split('\n');
  const last = lines[lines.length - 1] ?? '';
  return { line: lines.length, col: last.length + 1, offset: text.length, endOffset: text.length };
}

function tokenDisplay(tok: IToken): string {
  return tok.tokenType === EOF ? '<EOF>' : tok.image;
}

export function recognitionError(e: IRecognitionException, tokens: readonly IToken[], text: string): ParseError {
  const span = tokenSpan(e.token, text);
  const payload = decodePayload(e.message);
  const index = tokens.indexOf(e.token);
  const preceding = index >= 0 ? tokens.slice(0, index) : [...tokens];
  if (payload.kind === 'notAllInput') return syntaxError(span, '');
  const expected = payload.expected.flatMap((name) => BY_NAME.get(name) ?? []);
  if (payload.kind === 'mismatch') {
    const [wanted] = expected;
    if (wanted && acceptsAfter([...preceding, fakeToken(wanted, e.token)], e.token)) {
      return syntaxError(span, `missing ${displayToken(wanted)} at '${tokenDisplay(e.token)}'`);
    }
    const ruleStack = e.context.ruleStack;
    const here = contentAssist(preceding).filter((p) => sameStack(p.ruleStack, ruleStack)).map((p) => p.nextTokenType);
    return syntaxError(span, `Expecting ${formatExpected(here.length > 0 ? here : expected)}`);
  }
  const expecting = `Expecting ${formatExpected(expected)}`;
  // ANTLR reports a failed choice between multi-token alternatives (or between statement forms,
  // e.g. `ASSERT VALUES`) as "no viable alternative", which ksqlDB words as below.
  if (index === 1 || payload.multiToken) {
    return syntaxError(span, `Syntax error at or near '${tokenDisplay(e.token)}' at line ${span.line}:${span.col}\n${expecting}`);
  }
  return syntaxError(span, expecting);
}

/** The same error with its position moved by a statement's offset inside a script. */
export function rebaseError(e: ParseError, base: Span): ParseError {
  const span = e.span;
  if (!span || span.line <= 0) return e;
  const moved: Span = {
    line: span.line + base.line - 1,
    col: span.line === 1 ? span.col + base.col - 1 : span.col,
    offset: span.offset + base.offset,
    endOffset: span.endOffset + base.offset,
  };
  const message = e.message.replaceAll(`line ${span.line}:${span.col}`, `line ${moved.line}:${moved.col}`);
  const rebased = new ParseError(message, moved);
  rebased.statementText = e.statementText;
  return rebased;
}

function contentAssist(preceding: IToken[]): { nextTokenType: TokenType; ruleStack: string[] }[] {
  return grammar.computeContentAssist('singleStatement', preceding);
}

function acceptsAfter(preceding: IToken[], tok: IToken): boolean {
  if (tok.tokenType === EOF) return false;
  return contentAssist(preceding).some((p) => tokenMatcher(tok, p.nextTokenType));
}

function sameStack(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((r, i) => r === b[i]);
}

function fakeToken(type: TokenType, like: IToken): IToken {
  return { ...like, image: '', tokenType: type, tokenTypeIdx: type.tokenTypeIdx ?? 0 };
}

/** `{',', ')'}` in ANTLR's order; categories expand to their members. */
function formatExpected(types: readonly TokenType[]): string {
  const set = new Set<TokenType>();
  for (const t of types) {
    if (t === NonReserved) continue;
    const members = allTokens.filter((m) => m.CATEGORIES?.includes(t) && m !== t);
    for (const m of members.length === 0 ? [t] : members) set.add(m);
  }
  const ordered = expectedTokenOrder.filter((t) => set.has(t));
  return `{${ordered.map(displayToken).join(', ')}}`;
}
