/** Splits a script at top-level `;`, skipping strings, quoted identifiers and comments. */
import type { Span } from '../common/span.ts';

export interface StatementSlice {
  readonly text: string;
  readonly span: Span;
}

interface Range {
  start: number;
  end: number;
}

/** Index just past the string, identifier or comment starting at `i`, or -1 if none starts there. */
function skipOpaque(sql: string, i: number): number {
  const c = sql[i];
  if (c === "'" || c === '"' || c === '`') {
    let j = i + 1;
    while (j < sql.length) {
      if (sql[j] === c) {
        if (sql[j + 1] === c) j += 2;
        else return j + 1;
      } else j++;
    }
    return sql.length;
  }
  if (c === '-' && sql[i + 1] === '-') {
    const nl = sql.indexOf('\n', i);
    return nl < 0 ? sql.length : nl;
  }
  if (c === '/' && sql[i + 1] === '*') {
    const close = sql.indexOf('*/', i + 2);
    return close < 0 ? sql.length : close + 2;
  }
  return -1;
}

function isComment(sql: string, i: number): boolean {
  return (sql[i] === '-' && sql[i + 1] === '-') || (sql[i] === '/' && sql[i + 1] === '*');
}

/**
 * Each statement's significant range: from its first token to the end of its last one, so leading
 * comments and whitespace are not part of the text (as in ksqlDB's statement text).
 */
export function statementRanges(sql: string): Range[] {
  const ranges: Range[] = [];
  let first = -1;
  let last = -1;
  let i = 0;
  while (i < sql.length) {
    const c = sql[i] ?? '';
    if (c === ';') {
      if (first >= 0) ranges.push({ start: first, end: last });
      first = last = -1;
      i++;
      continue;
    }
    const skipped = skipOpaque(sql, i);
    if (skipped >= 0) {
      if (!isComment(sql, i)) {
        if (first < 0) first = i;
        last = skipped;
      }
      i = skipped;
      continue;
    }
    if (!isSpace(sql.charCodeAt(i))) {
      if (first < 0) first = i;
      last = i + 1;
    }
    i++;
  }
  if (first >= 0) ranges.push({ start: first, end: last });
  return ranges;
}

/** Whether a character is white space as `\s` matches it. */
function isSpace(code: number): boolean {
  if (code <= 32) return code === 32 || (code >= 9 && code <= 13);
  if (code < 160) return false;
  return code === 160 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

export function spanAt(sql: string, offset: number, endOffset: number): Span {
  let line = 1;
  let lineStart = 0;
  for (let i = sql.indexOf('\n'); i >= 0 && i < offset; i = sql.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, col: offset - lineStart + 1, offset, endOffset };
}

/** Splits `sql` into statements; `text` excludes the `;`, empty statements are skipped. */
export function splitStatements(sql: string): StatementSlice[] {
  return statementRanges(sql).map((r) => ({ text: sql.slice(r.start, r.end), span: spanAt(sql, r.start, r.end) }));
}
