import { ProcessingError } from '../../common/errors.ts';
import { jsonWriterFor } from '../../common/json-values.ts';
import { jsonCoercerFor, rowCoercer } from './json-coerce.ts';
import type { RowSerde, SerdeColumn } from './format.ts';
import { parseJsonTree } from './json-parse.ts';
import { decodeJsonText, encodeJsonText } from './json-utf8.ts';

/** JSON_SR payloads start with a zero magic byte and a 4-byte schema id; plain JSON reads them too. */
const SR_PREFIX = 5;

/**
 * The JSON format. A wrapped row is an object keyed by column name (read case-insensitively);
 * an unwrapped row is the single column's bare JSON value.
 */
export class JsonRowSerde implements RowSerde {
  private readonly unwrapped: boolean;
  private readonly target: string;
  private readonly writers: readonly ((v: unknown) => string)[];
  private readonly prefixes: readonly string[];
  private readonly readRow: (node: unknown) => unknown[] | null;

  constructor(columns: readonly SerdeColumn[], unwrapped: boolean, target: string) {
    this.unwrapped = unwrapped;
    this.target = target;
    this.writers = columns.map((c) => jsonWriterFor(c.type));
    this.prefixes = columns.map((c, i) => (i === 0 ? '{' : ',') + JSON.stringify(c.name) + ':');
    if (unwrapped) {
      const one = jsonCoercerFor(columns[0]!.type);
      this.readRow = (node) => {
        const v = one(node, '$');
        return v === null ? null : [v];
      };
    } else {
      this.readRow = rowCoercer(columns);
    }
  }

  serialize(row: readonly unknown[] | null): Uint8Array | null {
    if (row === null) return null;
    if (this.unwrapped) {
      const v = row[0] ?? null;
      return v === null ? null : encodeJsonText(this.writers[0]!(v));
    }
    let out = '';
    for (let i = 0; i < this.writers.length; i++) out += this.prefixes[i]! + this.writers[i]!(row[i] ?? null);
    return encodeJsonText(out + '}');
  }

  deserialize(bytes: Uint8Array | null): unknown[] | null {
    if (bytes === null) return null;
    try {
      const payload = bytes.length > 0 && bytes[0] === 0 ? bytes.subarray(SR_PREFIX) : bytes;
      return this.readRow(parseJsonTree(decodeJsonText(payload)));
    } catch (e) {
      throw new ProcessingError(`Failed to deserialize ${this.target}. ${(e as Error).message}`);
    }
  }
}
