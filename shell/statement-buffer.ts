/**
 * Collects input lines until they hold complete `;`-terminated statements. Semicolons inside
 * quotes ('...', "...", `...`) and comments (`--`, `/* *\/`) do not end a statement.
 */
export class StatementBuffer {
  private text = '';

  /** Adds a line; returns the statements it completed (each ending in `;`). */
  add(line: string): string[] {
    this.text = this.text === '' ? line : `${this.text}\n${line}`;
    const statements: string[] = [];
    let end = findTerminator(this.text);
    while (end >= 0) {
      const statement = this.text.slice(0, end + 1).trim();
      if (statement !== ';') statements.push(statement);
      this.text = this.text.slice(end + 1);
      end = findTerminator(this.text);
    }
    if (stripComments(this.text).trim() === '') this.text = '';
    return statements;
  }

  /** True while a statement has begun but not ended: the shell shows the continuation prompt. */
  get pending(): boolean {
    return this.text.trim() !== '';
  }

  /** What was typed so far without a `;` (for commands like `exit` that need none). */
  get partial(): string {
    return this.text.trim();
  }

  clear(): void {
    this.text = '';
  }
}

/** Index of the first `;` outside quotes and comments, or -1. */
function findTerminator(text: string): number {
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ';') return i;
    i = skipQuotedOrComment(text, i) ?? i + 1;
  }
  return -1;
}

/** If a quote or comment starts at `i`, the index just past it (or the end of the text). */
function skipQuotedOrComment(text: string, i: number): number | undefined {
  const c = text[i];
  if (c === "'" || c === '"' || c === '`') {
    let j = i + 1;
    while (j < text.length) {
      if (text[j] === c) {
        if (text[j + 1] !== c) return j + 1;
        j += 2;
      } else j++;
    }
    return text.length;
  }
  if (c === '-' && text[i + 1] === '-') {
    const nl = text.indexOf('\n', i);
    return nl < 0 ? text.length : nl;
  }
  if (c === '/' && text[i + 1] === '*') {
    const close = text.indexOf('*/', i + 2);
    return close < 0 ? text.length : close + 2;
  }
  return undefined;
}

/** The text with comments removed, quotes kept, to classify statements (`SELECT`, `SET`, ...). */
export function stripComments(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const next = skipQuotedOrComment(text, i);
    if (next === undefined) {
      out += text[i];
      i++;
    } else {
      if (text[i] === "'" || text[i] === '"' || text[i] === '`') out += text.slice(i, next);
      else out += ' ';
      i = next;
    }
  }
  return out;
}

/**
 * A script's statements in order, read a line at a time as the shell reads input: a line that
 * `commandLine` matches at a statement's start is complete without `;` (`OUTPUT JSON`), and a
 * last statement without `;` counts too (`--execute "SHOW STREAMS"`).
 */
export function splitStatements(sql: string, commandLine?: RegExp): string[] {
  const buffer = new StatementBuffer();
  const statements: string[] = [];
  for (const line of sql.split('\n')) {
    if (commandLine && !buffer.pending && commandLine.test(line)) statements.push(line.trim());
    else statements.push(...buffer.add(line));
  }
  if (buffer.pending) statements.push(`${buffer.partial};`);
  return statements;
}

/**
 * A multi-line statement as one history line: comments dropped, line breaks outside quotes
 * turned into spaces. Undefined when a quoted literal spans lines (joining would change it).
 */
export function oneLine(statement: string): string | undefined {
  let out = '';
  let i = 0;
  while (i < statement.length) {
    const next = skipQuotedOrComment(statement, i);
    const c = statement[i] ?? '';
    if (next === undefined) {
      out += /\s/.test(c) ? ' ' : c;
      i++;
      continue;
    }
    const quoted = c === "'" || c === '"' || c === '`';
    if (quoted && statement.slice(i, next).includes('\n')) return undefined;
    out += quoted ? statement.slice(i, next) : ' ';
    i = next;
  }
  return collapseSpaces(out).trim();
}

/** Runs of spaces outside quotes become one space. */
function collapseSpaces(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const next = skipQuotedOrComment(text, i);
    if (next !== undefined) {
      out += text.slice(i, next);
      i = next;
    } else {
      if (!(text[i] === ' ' && out.endsWith(' '))) out += text[i];
      i++;
    }
  }
  return out;
}
