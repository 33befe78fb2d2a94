import { stringify } from 'lossless-json';
import { cellText } from './table.ts';

/** `SET CLI WRAP ON|OFF` and `SET CLI COLUMN-WIDTH n` (0: the terminal width shared out). */
export interface TableLayout {
  readonly wrap: boolean;
  readonly columnWidth: number;
}

/**
 * Prints query rows the way the ksqlDB CLI does: a framed header, then one `|v1 |v2 |` line per row
 * as it arrives, with no closing line because a push query never ends on its own. Long values
 * wrap, or are cut with `...` when wrapping is off.
 */
export class QueryPrinter {
  private readonly width: number;

  constructor(
    private readonly columns: readonly string[],
    terminalWidth: number,
    private readonly layout: TableLayout = { wrap: true, columnWidth: 0 },
  ) {
    const shared = Math.floor(terminalWidth / Math.max(1, columns.length)) - 2;
    this.width = Math.max(5, layout.columnWidth > 0 ? layout.columnWidth : shared);
  }

  header(): string {
    const ruler = `+${this.columns.map(() => '-'.repeat(this.width)).join('+')}+`;
    return `${ruler}\n${this.line(this.columns)}\n${ruler}\n`;
  }

  row(values: readonly unknown[]): string {
    return `${this.line(values.map(cellText))}\n`;
  }

  private line(cells: readonly string[]): string {
    const chunks = cells.map((c) => (this.layout.wrap ? wrap(c, this.width) : [clip(c, this.width)]));
    const height = Math.max(1, ...chunks.map((c) => c.length));
    const lines: string[] = [];
    for (let i = 0; i < height; i++) {
      lines.push(`|${chunks.map((c) => (c[i] ?? '').padEnd(this.width)).join('|')}|`);
    }
    return lines.join('\n');
  }
}

function wrap(text: string, width: number): string[] {
  const flat = text.replace(/\r?\n/g, ' ');
  const parts: string[] = [];
  for (let i = 0; i < flat.length; i += width) parts.push(flat.slice(i, i + width));
  return parts.length === 0 ? [''] : parts;
}

function clip(text: string, width: number): string {
  const flat = text.replace(/\r?\n/g, ' ');
  return flat.length <= width ? flat : `${flat.slice(0, width - 3)}...`;
}

/** OUTPUT JSON: the header object, then each row as `{"row":{"columns":[...]}}`, one per line. */
export class JsonQueryPrinter {
  constructor(private readonly metadata: unknown) {}

  header(): string {
    return `${stringify({ header: this.metadata }) ?? ''}\n`;
  }

  row(values: readonly unknown[]): string {
    return `${stringify({ row: { columns: values } }) ?? ''}\n`;
  }
}
