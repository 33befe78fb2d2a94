import { Decimal } from '../../common/decimal.ts';
import { fitDecimal } from '../../common/decimal-types.ts';
import { ProcessingError } from '../../common/errors.ts';
import { formatDouble, parseJavaDouble, parseJavaInt, parseJavaLong } from '../../common/java-format.ts';
import { decodeBase64, encodeBase64 } from '../../common/string-parse.ts';
import type { SqlType } from '../../common/types.ts';
import { formatCsvRecord, parseCsvRecord } from './csv.ts';
import { decodeUtf8, encodeUtf8, type RowSerde, type SerdeColumn } from './format.ts';

type FieldReader = (text: string) => unknown;
type FieldWriter = (v: unknown) => string;

/**
 * The DELIMITED format: one CSV record per row, primitive columns only. An empty field reads as
 * NULL (for strings too) and NULL is written as an empty field. TIMESTAMP, DATE and TIME are their
 * numbers (ms, days, ms of day), BYTES base64, DECIMAL plain text at the column's scale.
 */
export class DelimitedRowSerde implements RowSerde {
  private readonly readers: readonly FieldReader[];
  private readonly writers: readonly FieldWriter[];

  constructor(
    columns: readonly SerdeColumn[],
    private readonly delimiter: string,
    private readonly target: string,
  ) {
    this.readers = columns.map((c) => fieldReader(c.type));
    this.writers = columns.map((c) => fieldWriter(c.type));
  }

  serialize(row: readonly unknown[] | null): Uint8Array | null {
    if (row === null) return null;
    const fields = new Array<string | null>(this.writers.length);
    for (let i = 0; i < this.writers.length; i++) {
      const v = row[i];
      fields[i] = v === null || v === undefined ? null : this.writers[i]!(v);
    }
    return encodeUtf8(formatCsvRecord(fields, this.delimiter));
  }

  deserialize(bytes: Uint8Array | null): unknown[] | null {
    if (bytes === null) return null;
    try {
      const fields = parseCsvRecord(decodeUtf8(bytes), this.delimiter);
      if (fields.length !== this.readers.length) {
        throw new ProcessingError(
          `Unexpected field count, csvFields:${fields.length} schemaFields:${this.readers.length}`,
        );
      }
      return fields.map((f, i) => (f.length === 0 ? null : this.readers[i]!(f)));
    } catch (e) {
      throw new ProcessingError(`Failed to deserialize ${this.target} (DELIMITED). ${(e as Error).message}`);
    }
  }
}

function invalid(text: string, type: string): never {
  throw new ProcessingError(`Cannot parse ${type} from "${text}"`);
}

function fieldReader(type: SqlType): FieldReader {
  switch (type.kind) {
    case 'BOOLEAN':
      // Java's Boolean.parseBoolean: anything but "true" (any case) is false.
      return (t) => t.toLowerCase() === 'true';
    case 'INTEGER':
    case 'DATE':
    case 'TIME':
      return (t) => parseJavaInt(t) ?? invalid(t, type.kind);
    case 'BIGINT':
      return (t) => parseJavaLong(t) ?? invalid(t, 'BIGINT');
    case 'TIMESTAMP':
      return (t) => {
        const v = parseJavaLong(t);
        return v === null ? invalid(t, 'TIMESTAMP') : Number(v);
      };
    case 'DOUBLE':
      return (t) => parseJavaDouble(t) ?? invalid(t, 'DOUBLE');
    case 'DECIMAL':
      return (t) => fitDecimal(Decimal.tryParse(t) ?? invalid(t, 'DECIMAL'), type.precision, type.scale);
    case 'STRING':
      return (t) => t;
    case 'BYTES':
      return (t) => decodeBase64(t) ?? invalid(t, 'BYTES');
    default:
      throw new ProcessingError(`The 'DELIMITED' format does not support type '${type.kind}'`);
  }
}

function fieldWriter(type: SqlType): FieldWriter {
  switch (type.kind) {
    case 'DOUBLE':
      return (v) => formatDouble(v as number);
    case 'DECIMAL':
      return (v) => (v as Decimal).toString();
    case 'BYTES':
      return (v) => encodeBase64(v as Uint8Array);
    case 'ARRAY':
    case 'MAP':
    case 'STRUCT':
      throw new ProcessingError(`The 'DELIMITED' format does not support type '${type.kind}'`);
    default:
      return (v) => String(v);
  }
}
