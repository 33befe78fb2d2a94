/**
 * Parsed statements by shape, for statements sent again and again with other literal values: a
 * pull query looking up one key after another parses once, then reuses that parse with its
 * literals swapped in (Chevrotain's parse costs more than the rest of a key lookup).
 *
 * The shape of a statement is its token sequence with the images of string and number literals
 * left out. A literal of the first parse is swappable when the AST holds it as a literal node of
 * its own (a `StringLiteral` with the token's value, an unsigned number literal with the token's
 * text); any other literal token (a LIMIT, a window size, a signed number, a typed literal's
 * string) is part of the shape's identity and must be the same text for the parse to be reused.
 * Parsing depends only on token types and images, so a reused parse is the parse the text would
 * get, except for spans, which stay those of the first text: callers that report an error for a
 * reused statement parse it afresh to point at the right place (`reused`).
 */
import type { IToken } from 'chevrotain';
import type { Statement } from './ast.ts';
import { parseStatement } from './parse.ts';
import { statementRanges } from './split-statements.ts';
import { sqlLexer } from './tokens.ts';

const LITERAL_TOKENS = new Set(['StringLiteral', 'IntegerLiteral', 'DecimalLiteral', 'FloatLiteral']);
const LITERAL_NODES = new Set(['StringLiteral', 'IntegerLiteral', 'DecimalLiteral', 'DoubleLiteral']);

type Path = readonly (string | number)[];

interface Slot {
  /** Index of the literal among the statement's tokens. */
  readonly token: number;
  readonly path: Path;
}

/**
 * The shape a statement was parsed under, the same object for every statement of that shape as
 * long as it stays cached: callers may key what they derive from a parse by it (a prepared pull
 * query). Two statements of one shape differ at most in the `literals` swappable literals.
 */
export interface StatementShape {
  readonly literals: number;
}

interface Entry extends StatementShape {
  readonly statement: Statement;
  readonly slots: readonly Slot[];
  /** Literal tokens that are not swappable, by token index: their text must match. */
  readonly fixed: ReadonlyMap<number, string>;
  /** When it was last used, by the cache's clock: the least recently used is evicted first. */
  used: number;
}

export class StatementCache {
  // Recency is a stamp on the entry, not the map's order: re-inserting on every hit would churn
  // the map's table, which V8 then promotes to the old generation, a full GC's worth per minute.
  private readonly entries = new Map<string, Entry>();
  private clock = 0;

  constructor(private readonly capacity = 1_000) {}

  /** The statement `input` holds, and whether it came from an earlier parse of the same shape. */
  parse(input: string): { readonly statement: Statement; readonly reused: boolean; readonly shape?: StatementShape } {
    const text = ownText(input);
    const lexed = sqlLexer.tokenize(text);
    if (lexed.errors.length > 0) return { statement: parseStatement(input), reused: false };
    const tokens = lexed.tokens;
    const key = shapeOf(tokens);
    const entry = this.entries.get(key);
    if (entry && fixedMatch(entry, tokens)) {
      entry.used = ++this.clock;
      return { statement: swapIn(entry, tokens, text), reused: true, shape: entry };
    }
    const statement = parseStatement(input);
    const created = entryFor(statement, tokens, ++this.clock);
    this.entries.set(key, created);
    if (this.entries.size > this.capacity) this.evictLeastRecent();
    return { statement, reused: false, shape: created };
  }

  private evictLeastRecent(): void {
    let oldest: string | undefined;
    let oldestUse = Infinity;
    for (const [key, entry] of this.entries) {
      if (entry.used < oldestUse) {
        oldest = key;
        oldestUse = entry.used;
      }
    }
    if (oldest !== undefined) this.entries.delete(oldest);
  }
}

function fixedMatch(entry: Entry, tokens: readonly IToken[]): boolean {
  for (const [i, image] of entry.fixed) if (tokens[i]!.image !== image) return false;
  return true;
}

/** As parseStatement trims it: without surrounding comments, whitespace and one trailing `;`. */
function ownText(input: string): string {
  const [range] = statementRanges(input);
  return range ? input.slice(range.start, range.end) : '';
}

function shapeOf(tokens: readonly IToken[]): string {
  let key = '';
  for (const t of tokens) key += LITERAL_TOKENS.has(t.tokenType.name) ? `${t.tokenType.name}\u0001` : `${t.tokenType.name}:${t.image}\u0001`;
  return key;
}

function entryFor(statement: Statement, tokens: readonly IToken[], used: number): Entry {
  const literalsAt = new Map<number, { path: Path; node: Record<string, unknown> }>();
  collectLiterals(statement, [], literalsAt);
  const slots: Slot[] = [];
  const fixed = new Map<number, string>();
  tokens.forEach((t, i) => {
    if (!LITERAL_TOKENS.has(t.tokenType.name)) return;
    const found = literalsAt.get(t.startOffset);
    if (found && holds(found.node, t)) slots.push({ token: i, path: found.path });
    else fixed.set(i, t.image);
  });
  return { statement, slots, fixed, literals: slots.length, used };
}

/** Whether `node` is exactly the literal `token` spells (no sign, no type around it). */
function holds(node: Record<string, unknown>, token: IToken): boolean {
  switch (node['kind']) {
    case 'StringLiteral':
      return token.tokenType.name === 'StringLiteral' && node['value'] === stringValue(token.image);
    case 'IntegerLiteral':
    case 'DecimalLiteral':
    case 'DoubleLiteral':
      return token.tokenType.name !== 'StringLiteral' && node['text'] === token.image;
    default:
      return false;
  }
}

function collectLiterals(value: unknown, path: (string | number)[], out: Map<number, { path: Path; node: Record<string, unknown> }>): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => collectLiterals(v, [...path, i], out));
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const node = value as Record<string, unknown>;
  const span = node['span'] as { offset?: number } | undefined;
  if (typeof node['kind'] === 'string' && LITERAL_NODES.has(node['kind']) && span?.offset !== undefined) {
    out.set(span.offset, { path, node });
    return;
  }
  for (const [k, v] of Object.entries(node)) if (k !== 'span') collectLiterals(v, [...path, k], out);
}

/** The cached statement with this text's literals in its slots, copying only what changes. */
function swapIn(entry: Entry, tokens: readonly IToken[], text: string): Statement {
  let root = { ...(entry.statement as unknown as Record<string, unknown>), text } as unknown;
  for (const slot of entry.slots) {
    const token = tokens[slot.token]!;
    root = setAt(root, slot.path, (old) => {
      const node = old as Record<string, unknown>;
      return node['kind'] === 'StringLiteral' ? { ...node, value: stringValue(token.image) } : { ...node, text: token.image };
    });
  }
  return root as Statement;
}

function setAt(value: unknown, path: Path, leaf: (old: unknown) => unknown, depth = 0): unknown {
  if (depth === path.length) return leaf(value);
  const step = path[depth]!;
  if (Array.isArray(value)) {
    const copy = [...value];
    copy[step as number] = setAt(value[step as number], path, leaf, depth + 1);
    return copy;
  }
  const object = value as Record<string, unknown>;
  return { ...object, [step]: setAt(object[step as string], path, leaf, depth + 1) };
}

function stringValue(image: string): string {
  return image.slice(1, -1).replace(/''/g, "'");
}
