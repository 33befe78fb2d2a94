import { ProcessingError } from '../../common/errors.ts';

/**
 * One CSV record, as Apache Commons CSV reads and writes it for ksqlDB's DELIMITED format:
 * `"` quotes, a doubled `""` inside quotes is a literal quote, no trimming.
 */

/** Splits one record into fields (quotes removed). */
export function parseCsvRecord(text: string, delimiter: string): string[] {
  const fields: string[] = [];
  let i = 0;
  const n = text.length;
  // A trailing newline ends the record; it is not part of the last field.
  const end = text.endsWith('\r\n') ? n - 2 : text.endsWith('\n') ? n - 1 : n;
  for (;;) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= end) throw new ProcessingError('EOF reached before encapsulated token finished');
        const c = text[i]!;
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += c;
        i++;
      }
      // Commons CSV tolerates nothing but the delimiter after a closing quote.
      if (i < end && text[i] !== delimiter) throw new ProcessingError('Invalid char between encapsulated token and delimiter');
    } else {
      const next = text.indexOf(delimiter, i);
      const stop = next === -1 || next > end ? end : next;
      field = text.slice(i, stop);
      i = stop;
    }
    fields.push(field);
    if (i >= end) return fields;
    i += delimiter.length; // skip the delimiter
  }
}

/**
 * Commons CSV's MINIMAL quoting: quote a field that holds the delimiter, a quote, CR or LF, that
 * starts with a character ≤ `#` or ends with whitespace, or — first field only — that starts
 * with anything but a letter or digit (so `-5` leading a record is written `"-5"`).
 */
export function needsQuotes(field: string, first: boolean, delimiter: string): boolean {
  if (field.length === 0) return first;
  const c = field.charCodeAt(0);
  if (first && !isAlnum(c)) return true;
  if (c <= 0x23) return true;
  for (let i = 0; i < field.length; i++) {
    const ch = field[i]!;
    if (ch === delimiter || ch === '"' || ch === '\r' || ch === '\n') return true;
  }
  return field.charCodeAt(field.length - 1) <= 0x20;
}

function isAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** Writes one record; `null` fields are written empty and never quoted. */
export function formatCsvRecord(fields: readonly (string | null)[], delimiter: string): string {
  let out = '';
  for (let i = 0; i < fields.length; i++) {
    if (i > 0) out += delimiter;
    const f = fields[i];
    if (f === null || f === undefined) continue;
    out += needsQuotes(f, i === 0, delimiter) ? '"' + f.replace(/"/g, '""') + '"' : f;
  }
  return out;
}
