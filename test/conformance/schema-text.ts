/**
 * A small reader for ksqlDB schema text (``"`ID` BIGINT KEY, NAME STRING"``) used by `post.sources`
 * checks: each column becomes a normalized `name type [KEY|HEADERS|HEADER('k')]` string, so aliases
 * (INT/INTEGER, VARCHAR/STRING), quoting and spacing do not matter.
 */

export class SchemaTextError extends Error {
  override readonly name = 'SchemaTextError';
}

type Token = { readonly kind: 'ident' | 'quoted' | 'number' | 'string' | 'punct'; readonly text: string };

const TOKEN_RE = /\s*(?:`((?:[^`]|``)*)`|'((?:[^']|'')*)'|([A-Za-z_][A-Za-z0-9_@$]*)|(\d+)|([<>(),]))/y;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN_RE.lastIndex = 0;
  while (TOKEN_RE.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN_RE.lastIndex))) break;
    const at = TOKEN_RE.lastIndex;
    const m = TOKEN_RE.exec(text);
    if (!m) throw new SchemaTextError(`unexpected character at ${at} in schema "${text}"`);
    if (m[1] !== undefined) tokens.push({ kind: 'quoted', text: m[1].replace(/``/g, '`') });
    else if (m[2] !== undefined) tokens.push({ kind: 'string', text: m[2].replace(/''/g, "'") });
    else if (m[3] !== undefined) tokens.push({ kind: 'ident', text: m[3] });
    else if (m[4] !== undefined) tokens.push({ kind: 'number', text: m[4] });
    else tokens.push({ kind: 'punct', text: m[5] ?? '' });
  }
  return tokens;
}

const TYPE_ALIASES: Readonly<Record<string, string>> = { INT: 'INTEGER', VARCHAR: 'STRING' };

class SchemaReader {
  private pos = 0;
  constructor(private readonly tokens: readonly Token[], private readonly source: string) {}

  columns(): string[] {
    const out: string[] = [];
    while (this.pos < this.tokens.length) {
      out.push(this.column());
      if (this.pos < this.tokens.length) this.expect(',');
    }
    return out;
  }

  private column(): string {
    const name = this.name();
    const type = this.type();
    return `\`${name}\` ${type}${this.namespace()}`;
  }

  private namespace(): string {
    const word = this.peekWord();
    if (word === 'PRIMARY') {
      this.pos++;
      this.expectWord('KEY');
      return ' KEY';
    }
    if (word === 'KEY' || word === 'HEADERS') {
      this.pos++;
      return ` ${word}`;
    }
    if (word !== 'HEADER') return '';
    this.pos++;
    this.expect('(');
    const key = this.next();
    this.expect(')');
    return ` HEADER('${key.text}')`;
  }

  private type(): string {
    const word = this.next();
    if (word.kind !== 'ident') throw this.error(`expected a type, got "${word.text}"`);
    const upper = word.text.toUpperCase();
    if (upper === 'ARRAY') return `ARRAY<${this.typeArgs(1)}>`;
    if (upper === 'MAP') return `MAP<${this.typeArgs(2)}>`;
    if (upper === 'STRUCT') return `STRUCT<${this.structFields()}>`;
    if (upper === 'DECIMAL' && this.peek()?.text === '(') {
      this.expect('(');
      const p = this.next().text;
      this.expect(',');
      const s = this.next().text;
      this.expect(')');
      return `DECIMAL(${p}, ${s})`;
    }
    return TYPE_ALIASES[upper] ?? upper;
  }

  private typeArgs(n: number): string {
    this.expect('<');
    const args = [this.type()];
    for (let i = 1; i < n; i++) {
      this.expect(',');
      args.push(this.type());
    }
    this.expect('>');
    return args.join(', ');
  }

  private structFields(): string {
    this.expect('<');
    const fields: string[] = [];
    while (this.peek()?.text !== '>') {
      if (fields.length > 0) this.expect(',');
      fields.push(`\`${this.name()}\` ${this.type()}`);
    }
    this.expect('>');
    return fields.join(', ');
  }

  /** Unquoted names are upper-cased, as ksqlDB does. */
  private name(): string {
    const t = this.next();
    if (t.kind === 'quoted') return t.text;
    if (t.kind === 'ident') return t.text.toUpperCase();
    throw this.error(`expected a column name, got "${t.text}"`);
  }

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private peekWord(): string | undefined {
    const t = this.peek();
    return t?.kind === 'ident' ? t.text.toUpperCase() : undefined;
  }

  private next(): Token {
    const t = this.tokens[this.pos++];
    if (!t) throw this.error('unexpected end');
    return t;
  }

  private expect(punct: string): void {
    const t = this.next();
    if (t.kind !== 'punct' || t.text !== punct) throw this.error(`expected "${punct}", got "${t.text}"`);
  }

  private expectWord(word: string): void {
    if (this.next().text.toUpperCase() !== word) throw this.error(`expected ${word}`);
  }

  private error(msg: string): SchemaTextError {
    return new SchemaTextError(`${msg} in schema "${this.source}"`);
  }
}

/** Normalized columns of a schema text; throws SchemaTextError on text it cannot read. */
export function normalizeSchema(text: string): string[] {
  return new SchemaReader(tokenize(text), text).columns();
}
