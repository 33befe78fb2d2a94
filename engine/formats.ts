/** Key/value formats from WITH clauses and session defaults, validated against the columns. */
import { AnalysisError } from '../common/errors.ts';
import type { Column } from '../common/schema.ts';
import type { Format, Formats } from '../plan/steps.ts';
import { validateFormat } from '../runtime/serde/index.ts';
import type { WithClause } from './properties.ts';
import type { SessionConfig } from './session-config.ts';

export const KNOWN_FORMATS: readonly string[] = ['JSON', 'DELIMITED', 'KAFKA', 'NONE', 'AVRO', 'PROTOBUF', 'PROTOBUF_NOSR', 'JSON_SR'];

const DELIMITER_NAMES: Record<string, string> = { TAB: '\t', SPACE: ' ' };

function delimiter(raw: string | undefined, which: string): Record<string, string> {
  if (raw === undefined) return {};
  if (raw === '') {
    throw new AnalysisError(
      `Failed to prepare statement: Configuration ${which} is invalid: Delimiter cannot be empty, if you meant to have a tab or space for delimiter, please use the special values 'TAB' or 'SPACE'\nExample valid value: ';'`,
    );
  }
  const d = DELIMITER_NAMES[raw.toUpperCase()] ?? raw;
  if (d.length !== 1) {
    throw new AnalysisError(`Failed to prepare statement: Configuration ${which} is invalid: Invalid delimiter value: '${raw}'. Delimiter must be a single character or TAB or SPACE\nExample valid value: ';'`);
  }
  return { delimiter: d };
}

const AVRO_NAMESPACE = 'io.confluent.ksql.avro_schemas';

/** ksqlDB names an AVRO key record after its source so generated classes never clash: `S_ONE` → `SOneKey`. */
const avroKeyName = (source: string): string =>
  `${AVRO_NAMESPACE}.${source.split('_').map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()).join('')}Key`;

/** Properties a sink takes over from its source when both use the same format (ksqlDB's inheritable properties). */
const INHERITABLE: Readonly<Record<string, readonly string[]>> = { DELIMITED: ['delimiter'], PROTOBUF: ['unwrapPrimitives'] };

/** Serde settings from the WITH clause for one side (`KEY_` or `VALUE_`), in the plan's property names. */
function formatProperties(w: WithClause, side: 'KEY' | 'VALUE', format: string, source: string | undefined): Record<string, string> {
  const props: Record<string, string> = { ...delimiter(w.string(`${side}_DELIMITER`), `${side}_DELIMITER`) };
  const fullName = w.string(`${side}_SCHEMA_FULL_NAME`) ?? w.string(`${side}_AVRO_SCHEMA_FULL_NAME`);
  if (fullName !== undefined) {
    if (format !== 'AVRO' && format !== 'PROTOBUF' && format !== 'PROTOBUF_NOSR' && format !== 'JSON_SR') {
      throw new AnalysisError(`${format} does not support the following configs: [fullSchemaName]`);
    }
    if (fullName.trim() === '') throw new AnalysisError(`fullSchemaName cannot be empty. Format configuration: {fullSchemaName=${fullName.trim()}}`);
    props.fullSchemaName = fullName;
  } else if (side === 'KEY' && format === 'AVRO' && source !== undefined) {
    props.fullSchemaName = avroKeyName(source);
  }
  const id = w.string(`${side}_SCHEMA_ID`);
  if (id !== undefined) props.schemaId = id;
  if (format === 'PROTOBUF') props.unwrapPrimitives = 'true';
  const nullable = w.string(`${side}_PROTOBUF_NULLABLE_REPRESENTATION`);
  if (nullable !== undefined) props.nullableRepresentation = nullable.toLowerCase();
  return props;
}

/** A sink's format when named in its WITH clause: the source's inheritable properties under the explicit ones. */
function withInherited(format: Format, inherited: Format | undefined): Format {
  if (!inherited || inherited.name !== format.name) return format;
  const keep = INHERITABLE[format.name] ?? [];
  const taken = Object.entries(inherited.properties).filter(([k]) => keep.includes(k));
  return { name: format.name, properties: { ...Object.fromEntries(taken), ...format.properties } };
}

export interface FormatDefaults {
  readonly key?: Format;
  readonly value?: Format;
  readonly wrapSingleValue?: boolean;
}

/** Resolves formats for a new source or sink: WITH clause first, then the inherited defaults, then config. */
export function resolveFormats(
  withClause: WithClause,
  defaults: FormatDefaults,
  config: SessionConfig,
  key: readonly Column[],
  value: readonly Column[],
  sourceName?: string,
): Formats {
  const both = withClause.string('FORMAT');
  if (both !== undefined && (withClause.has('KEY_FORMAT') || withClause.has('VALUE_FORMAT'))) {
    throw new AnalysisError(`Cannot supply both 'FORMAT' and 'KEY_FORMAT' or 'VALUE_FORMAT' properties, as 'FORMAT' sets both key and value formats. Either use just 'FORMAT', or use 'KEY_FORMAT' and 'VALUE_FORMAT'.`);
  }
  const keyName = (withClause.string('KEY_FORMAT') ?? both)?.toUpperCase() ?? defaults.key?.name ?? config.defaultKeyFormat;
  const valueName = (withClause.string('VALUE_FORMAT') ?? both)?.toUpperCase() ?? defaults.value?.name ?? config.defaultValueFormat;
  const keyFormat = withInherited({ name: keyName, properties: formatProperties(withClause, 'KEY', keyName, sourceName) }, defaults.key);
  const valueFormat: Format | undefined =
    valueName === undefined ? undefined : withInherited({ name: valueName, properties: formatProperties(withClause, 'VALUE', valueName, sourceName) }, defaults.value);
  if (!valueFormat) {
    throw new AnalysisError(
      `Statement is missing the 'VALUE_FORMAT' property from the WITH clause. Either provide one or set a default via the 'ksql.persistence.default.format.value' config.`,
    );
  }
  const wrap = withClause.boolean('WRAP_SINGLE_VALUE');
  if (wrap !== undefined && value.length !== 1) {
    throw new AnalysisError(`'WRAP_SINGLE_VALUE' is only valid for single-field value schemas`);
  }
  validateFormat({ name: keyFormat.name, ...keyFormat.properties }, key, true);
  validateFormat({ name: valueFormat.name, ...valueFormat.properties }, value, false, wrap === undefined ? {} : { wrapSingleValue: wrap });
  return { key: keyFormat, value: valueFormat, wrapSingleValue: wrap ?? defaults.wrapSingleValue ?? config.wrapSingleValues };
}
