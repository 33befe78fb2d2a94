import Table from 'cli-table3';
import { isLosslessNumber, stringify } from 'lossless-json';

const CHARS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '-', 'bottom-mid': '-', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '|',
};

/**
 * A table the way the ksqlDB CLI prints entities: header, a dashed line, the rows, a dashed line.
 *
 *  Stream Name | Kafka Topic | Key Format | Value Format | Windowed
 * ------------------------------------------------------------------
 *  PAGEVIEWS   | pageviews   | KAFKA      | JSON         | false
 * ------------------------------------------------------------------
 */
export function renderTable(head: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const table = new Table({ head: [...head], chars: CHARS, style: { head: [], border: [] } });
  for (const row of rows) table.push(row.map(cellText));
  const lines = table.toString().split('\n');
  const ruler = lines.at(-1) ?? '';
  if (rows.length === 0) return `${lines[0] ?? ''}\n${ruler}\n${ruler}`;
  return [lines[0] ?? '', ruler, ...lines.slice(1)].join('\n');
}

/** A cell's text: strings as they are, numbers with every digit, nested values as JSON. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return value;
  if (isLosslessNumber(value)) return value.toString();
  if (typeof value === 'object') return stringify(value) ?? '';
  return String(value);
}
