import { AnalysisError } from '../../common/errors.ts';
import { quoteName } from '../../common/schema.ts';
import { formatType, type SqlType } from '../../common/types.ts';
import { formatName, KNOWN_FORMATS, type FormatSpec, type SerdeColumn } from './format.ts';
import { avroSchemaProblem } from './avro-schema.ts';
import { kafkaSupports } from './kafka-serde.ts';

/**
 * Checks that a format can carry the given key or value columns, with ksqlDB's messages (the
 * conformance vectors match them as substrings). Per-format problems are reported the way
 * ksqlDB's persistence check words them:
 * `Key format does not support schema.\nformat: KAFKA\nschema: Persistence{...}\nreason: ...`.
 */
export function validateFormat(
  format: FormatSpec,
  columns: readonly SerdeColumn[],
  isKey: boolean,
  opts: { wrapSingleValue?: boolean } = {},
): void {
  const name = formatName(format);
  if (!(KNOWN_FORMATS as readonly string[]).includes(name)) throw new AnalysisError(`Unknown format: ${format.name}`);
  if (isKey) checkMapKeys(columns);
  if (format.delimiter !== undefined && name !== 'DELIMITED') {
    throw new AnalysisError(`${name} does not support the following configs: [delimiter]`);
  }
  if (format.delimiter !== undefined) delimiterChar(format.delimiter, isKey);
  if (!isKey && opts.wrapSingleValue !== undefined) checkWrapping(name, columns, opts.wrapSingleValue);
  const reason = schemaProblem(name, columns, isKey);
  if (reason !== null) {
    const columnText = columns.map((c) => describeColumn(c, isKey)).join(', ');
    throw new AnalysisError(
      `${isKey ? 'Key' : 'Value'} format does not support schema.\nformat: ${name}\n` +
        `schema: Persistence{columns=[${columnText}], features=[]}\nreason: ${reason}`,
    );
  }
}

const describeColumn = (c: SerdeColumn, isKey: boolean): string =>
  `${quoteName(c.name)} ${formatType(c.type)}${isKey ? ' KEY' : ''}`;

function schemaProblem(name: string, columns: readonly SerdeColumn[], isKey: boolean): string | null {
  const listed = (): string => '[' + columns.map((c) => describeColumn(c, isKey)).join(', ') + ']';
  switch (name) {
    case 'NONE':
      return columns.length === 0 ? null : `The 'NONE' format can only be used when no columns are defined. Got: ${listed()}`;
    case 'KAFKA': {
      if (columns.length > 1) return `The 'KAFKA' format only supports a single field. Got: ${listed()}`;
      const bad = columns.find((c) => !kafkaSupports(c.type));
      return bad ? `The 'KAFKA' format does not support type '${bad.type.kind}'` : null;
    }
    case 'DELIMITED': {
      const bad = columns.find((c) => c.type.kind === 'ARRAY' || c.type.kind === 'MAP' || c.type.kind === 'STRUCT');
      return bad ? `The 'DELIMITED' format does not support type '${bad.type.kind}', column: ${quoteName(bad.name)}` : null;
    }
    case 'JSON':
    case 'JSON_SR':
      return columns.some((c) => hasNonStringMapKey(c.type)) ? 'JSON only supports MAP types with STRING keys' : null;
    case 'AVRO':
      return avroSchemaProblem(columns);
    case 'PROTOBUF':
    case 'PROTOBUF_NOSR':
      return columns.some((c) => hasNonStringMapKey(c.type)) ? 'PROTOBUF format only supports MAP types with STRING keys' : null;
    default:
      return null;
  }
}

function checkWrapping(name: string, columns: readonly SerdeColumn[], wrap: boolean): void {
  if (name === 'DELIMITED' && wrap) throw new AnalysisError("Format 'DELIMITED' does not support 'WRAP_SINGLE_VALUE' set to 'true'.");
  if (name === 'KAFKA' && wrap) throw new AnalysisError("Format 'KAFKA' does not support 'WRAP_SINGLE_VALUE' set to 'true'.");
  if (name.startsWith('PROTOBUF') && !wrap) {
    throw new AnalysisError(`Format '${name}' does not support 'WRAP_SINGLE_VALUE' set to 'false'.`);
  }
  if (columns.length !== 1) throw new AnalysisError("'WRAP_SINGLE_VALUE' is only valid for single-field value schemas");
}

function containsMap(t: SqlType): boolean {
  switch (t.kind) {
    case 'MAP':
      return true;
    case 'ARRAY':
      return containsMap(t.element);
    case 'STRUCT':
      return t.fields.some((f) => containsMap(f.type));
    default:
      return false;
  }
}

function hasNonStringMapKey(t: SqlType): boolean {
  switch (t.kind) {
    case 'MAP':
      return t.key.kind !== 'STRING' || hasNonStringMapKey(t.value);
    case 'ARRAY':
      return hasNonStringMapKey(t.element);
    case 'STRUCT':
      return t.fields.some((f) => hasNonStringMapKey(f.type));
    default:
      return false;
  }
}

function checkMapKeys(columns: readonly SerdeColumn[]): void {
  const bad = columns.find((c) => containsMap(c.type));
  if (bad) {
    throw new AnalysisError(
      'Map keys, including types that contain maps, are not supported as they may lead to unexpected ' +
        `behavior due to inconsistent serialization. Key column name: ${quoteName(bad.name)}. ` +
        `Column type: ${formatType(bad.type)}. See https://github.com/confluentinc/ksql/issues/6621 for more.`,
    );
  }
}

/**
 * The delimiter a FormatSpec carries: the property text (`TAB`, `SPACE`, `;`) or an already
 * resolved single character (a literal tab or space is accepted here, unlike in the property).
 */
export function delimiterChar(value: string | undefined, isKey: boolean): string {
  if (value !== undefined && value.length === 1) return value;
  return resolveDelimiter(value, isKey ? 'KEY_DELIMITER' : 'VALUE_DELIMITER');
}

/**
 * The character a KEY_/VALUE_DELIMITER property stands for: a single character, or the names
 * TAB and SPACE (a literal space or tab is refused, as in ksqlDB).
 */
export function resolveDelimiter(value: string | undefined, property = 'VALUE_DELIMITER'): string {
  if (value === undefined) return ',';
  if (value === 'TAB') return '\t';
  if (value === 'SPACE') return ' ';
  const example = "\nExample valid value: ';'";
  if (value.trim().length === 0) {
    throw new AnalysisError(
      `Configuration ${property} is invalid: Delimiter cannot be empty, if you meant to have a tab or space ` +
        `for delimiter, please use the special values 'TAB' or 'SPACE'${example}`,
    );
  }
  if (value.length !== 1) {
    throw new AnalysisError(
      `Configuration ${property} is invalid: Invalid delimiter value: '${value}'. ` +
        `Delimiter must be a single character or TAB,SPACE${example}`,
    );
  }
  return value;
}
