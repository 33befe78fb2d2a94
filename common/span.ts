/** A position range in the SQL text. Lines and columns are 1-based; offsets are 0-based, end exclusive. */
export interface Span {
  readonly line: number;
  readonly col: number;
  readonly offset: number;
  readonly endOffset: number;
}

export const NO_SPAN: Span = { line: 0, col: 0, offset: 0, endOffset: 0 };

/** Renders `line:col` plus the offending source line with a caret under the column. */
export function renderCaret(source: string, span: Span): string {
  if (span.line <= 0) return '';
  const lineText = source.split(/\r?\n/)[span.line - 1] ?? '';
  const width = Math.max(1, Math.min(span.endOffset - span.offset, lineText.length - span.col + 1));
  return `${lineText}\n${' '.repeat(Math.max(0, span.col - 1))}${'^'.repeat(width)}`;
}
