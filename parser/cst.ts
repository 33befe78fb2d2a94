/** Small typed accessors over Chevrotain's CST and span helpers shared by the AST builders. */
import type { CstElement, CstNode, IToken } from 'chevrotain';
import { InternalError } from '../common/errors.ts';
import type { Span } from '../common/span.ts';

export function isToken(e: CstElement): e is IToken {
  return 'image' in e;
}

export function nodes(n: CstNode, key: string): CstNode[] {
  return (n.children[key] ?? []).filter((e): e is CstNode => !isToken(e));
}

export function node(n: CstNode, key: string): CstNode | undefined {
  return nodes(n, key)[0];
}

export function need(n: CstNode, key: string): CstNode {
  const child = node(n, key);
  if (!child) throw new InternalError(`CST node '${n.name}' has no '${key}'`);
  return child;
}

export function tokens(n: CstNode, key: string): IToken[] {
  return (n.children[key] ?? []).filter(isToken);
}

export function token(n: CstNode, key: string): IToken | undefined {
  return tokens(n, key)[0];
}

export function needToken(n: CstNode, key: string): IToken {
  const tok = token(n, key);
  if (!tok) throw new InternalError(`CST node '${n.name}' has no token '${key}'`);
  return tok;
}

export function has(n: CstNode, key: string): boolean {
  return (n.children[key]?.length ?? 0) > 0;
}

/** The first token directly under `n`, whatever its key. */
export function firstToken(n: CstNode): IToken {
  let best: IToken | undefined;
  for (const list of Object.values(n.children)) {
    for (const e of list) {
      if (isToken(e) && (!best || e.startOffset < best.startOffset)) best = e;
    }
  }
  if (!best) throw new InternalError(`CST node '${n.name}' has no token`);
  return best;
}

/** All direct children in source order. */
export function ordered(n: CstNode): CstElement[] {
  return Object.values(n.children)
    .flat()
    .sort((a, b) => startOf(a) - startOf(b));
}

function startOf(e: CstElement): number {
  return isToken(e) ? e.startOffset : (e.location?.startOffset ?? 0);
}

export function spanOf(e: CstElement): Span {
  if (isToken(e)) {
    return {
      line: e.startLine ?? 0,
      col: e.startColumn ?? 0,
      offset: e.startOffset,
      endOffset: (e.endOffset ?? e.startOffset) + 1,
    };
  }
  const loc = e.location;
  if (!loc) throw new InternalError(`CST node '${e.name}' has no location`);
  return {
    line: loc.startLine ?? 0,
    col: loc.startColumn ?? 0,
    offset: loc.startOffset,
    endOffset: (loc.endOffset ?? loc.startOffset) + 1,
  };
}

/** From the start of `a` to the end of `b`. */
export function spanBetween(a: Span, b: Span): Span {
  return { line: a.line, col: a.col, offset: a.offset, endOffset: b.endOffset };
}

/** `list[i]`, which the grammar guarantees is present. */
export function at<E>(list: readonly E[], i: number): E {
  const e = list[i];
  if (e === undefined) throw new InternalError(`CST list has no element ${i}`);
  return e;
}
