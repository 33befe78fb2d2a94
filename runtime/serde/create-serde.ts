import { UnsupportedError } from '../../common/errors.ts';
import { DelimitedRowSerde } from './delimited-serde.ts';
import { formatName, JSON_CARRIED_FORMATS, type FormatSpec, type RowSerde, type SerdeColumn, type SerdeOptions } from './format.ts';
import { JsonRowSerde } from './json-serde.ts';
import { KafkaRowSerde, NoColumnsSerde } from './kafka-serde.ts';
import { delimiterChar, validateFormat } from './validate-format.ts';

/**
 * Builds the serde for a source's key or value columns, resolving every per-column converter
 * once. Validates format and columns first (throws AnalysisError with ksqlDB's messages).
 *
 * Wrapping: a single key column is always written bare; a single value column is wrapped in an
 * object for JSON unless WRAP_SINGLE_VALUE=false. DELIMITED and KAFKA never wrap. The setting is
 * not validated here (callers pass the session default for every source); statements check it
 * with `validateFormat(..., { wrapSingleValue })`.
 */
export function createSerde(format: FormatSpec, columns: readonly SerdeColumn[], opts: SerdeOptions): RowSerde {
  validateFormat(format, columns, opts.isKey);
  const name = formatName(format);
  const target = `${opts.isKey ? 'key' : 'value'}${opts.topic === undefined ? '' : ` from topic: ${opts.topic}`}`;
  if (name === 'NONE' || columns.length === 0) return new NoColumnsSerde();
  if (name === 'KAFKA') return new KafkaRowSerde(columns[0]!.type, target);
  if (name === 'DELIMITED') {
    const delimiter = delimiterChar(format.delimiter, opts.isKey);
    return new DelimitedRowSerde(columns, delimiter, target);
  }
  if (JSON_CARRIED_FORMATS.has(name)) {
    const unwrapped = columns.length === 1 && (opts.isKey || opts.wrapSingleValue === false);
    return new JsonRowSerde(columns, unwrapped, target);
  }
  throw new UnsupportedError(`The '${name}' format`);
}
