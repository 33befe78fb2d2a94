/** CREATE [OR REPLACE] [SOURCE] STREAM|TABLE with a column list. */
import { AnalysisError, ExecutionError, ParseError } from '../common/errors.ts';
import { inferColumns } from '../runtime/serde/infer-columns.ts';
import type { SchemaRegistry } from '../runtime/serde/schema-registry.ts';
import type { Column } from '../common/schema.ts';
import type { Span } from '../common/span.ts';
import { formatType, type SqlType } from '../common/types.ts';
import type { StatementOf, TableElement } from '../parser/ast.ts';
import { resolveTypeNode } from '../planner/resolve-type.ts';
import { RESERVED_COLUMNS } from '../planner/source-scope.ts';
import { containsMap } from '../planner/type-rules.ts';
import { resolveFormats } from './formats.ts';
import type { DataSource, Metastore } from './metastore.ts';
import { WithClause } from './properties.ts';
import type { SessionConfig } from './session-config.ts';

const at = (span: Span): string => `Line: ${span.line}, Col: ${span.col}: `;

export function defineSource(stmt: StatementOf<'CreateSource'>, metastore: Metastore, config: SessionConfig, registry: SchemaRegistry): DataSource {
  const w = new WithClause(stmt.properties);
  const resolve = resolveTypeNode(metastore);
  const declared = stmt.elements.map((e) => toColumn(e, stmt.sourceType, resolve));
  const topic = w.string('KAFKA_TOPIC');
  if (topic === undefined) throw new AnalysisError(`Missing required property "KAFKA_TOPIC" which has no default value.`, stmt.span);
  const columns = withInferredColumns(declared, w, config, topic, registry, stmt);
  checkColumns(columns, stmt);
  const key = columns.filter((c) => c.namespace === 'KEY');
  const value = columns.filter((c) => c.namespace === 'VALUE');
  const formats = resolveFormats(w, {}, config, key, value, stmt.name);
  const timestampColumn = eventTimeColumn(stmt, w.string('TIMESTAMP')?.toUpperCase());
  if (timestampColumn !== undefined) checkTimestampColumn(timestampColumn, columns, w.has('TIMESTAMP_FORMAT'));
  const window = windowOf(w);
  return {
    name: stmt.name,
    sourceType: stmt.sourceType,
    schema: { columns },
    topic,
    formats,
    ...(timestampColumn !== undefined ? { timestampColumn } : {}),
    ...(w.string('TIMESTAMP_FORMAT') !== undefined ? { timestampFormat: w.string('TIMESTAMP_FORMAT')! } : {}),
    ...(window ? { window } : {}),
    isSource: stmt.isSource,
    statementText: stmt.text,
    ...(stmt.watermark ? { watermarkDelayMs: stmt.watermark.delayMs } : {}),
  };
}

/** The column ROWTIME comes from: `TIMESTAMP`, or the WATERMARK's column (both must agree). */
function eventTimeColumn(stmt: StatementOf<'CreateSource'>, timestamp: string | undefined): string | undefined {
  const mark = stmt.watermark?.column;
  if (mark !== undefined && timestamp !== undefined && mark !== timestamp) {
    throw new AnalysisError(`The WATERMARK is declared on ${mark} but TIMESTAMP names ${timestamp}: event time must come from one column.`, stmt.watermark!.span);
  }
  return timestamp ?? mark;
}

const UNITS: Record<string, number> = { MILLISECOND: 1, SECOND: 1000, MINUTE: 60_000, HOUR: 3_600_000, DAY: 86_400_000 };

/** `WINDOW_TYPE` and `WINDOW_SIZE` of a windowed source, e.g. `WINDOW_SIZE='30 SECONDS'`. */
function windowOf(w: WithClause): { type: 'TUMBLING' | 'HOPPING' | 'SESSION'; sizeMs?: number } | undefined {
  const type = w.string('WINDOW_TYPE')?.toUpperCase();
  const size = w.string('WINDOW_SIZE');
  if (type === undefined) {
    if (size !== undefined) throw new AnalysisError(`'WINDOW_SIZE' should only be set for windowed sources: set 'WINDOW_TYPE' too.`);
    return undefined;
  }
  if (type !== 'TUMBLING' && type !== 'HOPPING' && type !== 'SESSION') {
    throw new AnalysisError(`Configuration WINDOW_TYPE is invalid: '${type}'. Valid values are SESSION, HOPPING and TUMBLING.`);
  }
  if (type === 'SESSION') {
    if (size !== undefined) throw new ParseError(`'WINDOW_SIZE' should not be set for SESSION windows.`);
    return { type };
  }
  if (size === undefined) throw new AnalysisError(`${type} windows require 'WINDOW_SIZE' to be provided in the WITH clause. For example: 'WINDOW_SIZE'='10 SECONDS'`);
  const m = /^\s*(\d+)\s+(\S+)\s*$/.exec(size);
  if (!m) throw new AnalysisError(`Configuration WINDOW_SIZE is invalid: Invalid duration: '${size}'. Expected '<number> <unit>', e.g. '10 SECONDS'`);
  const unit = m[2]!.toUpperCase();
  const factor = UNITS[unit.replace(/S$/, '')];
  if (factor === undefined) throw new ParseError(`Configuration WINDOW_SIZE is invalid: Invalid duration: '${size}'. Unknown time unit: '${unit}'`);
  return { type, sizeMs: Number(m[1]) * factor };
}

const SR_FORMATS = ['AVRO', 'PROTOBUF', 'JSON_SR'];

/**
 * Key and value columns left out of the statement come from the schema registry when the format
 * has schemas (ksqlDB's schema inference): the schema with `*_SCHEMA_ID`, else the subject's latest.
 */
function withInferredColumns(declared: Column[], w: WithClause, config: SessionConfig, topic: string, registry: SchemaRegistry, stmt: StatementOf<'CreateSource'>): Column[] {
  const both = w.string('FORMAT');
  const formats = {
    key: (w.string('KEY_FORMAT') ?? both ?? config.defaultKeyFormat).toUpperCase(),
    value: (w.string('VALUE_FORMAT') ?? both ?? config.defaultValueFormat ?? '').toUpperCase(),
  };
  const infer = (side: 'KEY' | 'VALUE'): Column[] => {
    const which = side === 'KEY' ? 'key' : 'value';
    const format = formats[which];
    const id = w.int(`${side}_SCHEMA_ID`);
    if (declared.some((c) => (side === 'KEY' ? c.namespace === 'KEY' : c.namespace === 'VALUE'))) {
      if (id !== undefined) throw new ExecutionError(`Table elements and ${side}_SCHEMA_ID cannot both exist for create statement.`, stmt.span);
      return [];
    }
    if (!SR_FORMATS.includes(format)) {
      if (id !== undefined) throw new ExecutionError(`${side}_FORMAT should support schema inference when ${side}_SCHEMA_ID is provided. Current format is ${format}.`, stmt.span);
      return [];
    }
    const schema = id !== undefined ? registry.byId(id) : registry.latest(`${topic}-${which}`);
    if (!schema) {
      if (side === 'KEY') return [];
      throw new AnalysisError(`Schema for message values on topic '${topic}' does not exist in the Schema Registry.\nSubject: ${topic}-value`, stmt.span);
    }
    const fullSchemaName = w.string(`${side}_SCHEMA_FULL_NAME`);
    const wrap = side === 'VALUE' ? w.boolean('WRAP_SINGLE_VALUE') : undefined;
    return inferColumns(schema, format, side === 'KEY', {
      registry,
      preserveNames: id !== undefined,
      ...(fullSchemaName ? { fullSchemaName } : {}),
      ...(wrap !== undefined ? { wrapSingleValue: wrap } : {}),
    });
  };
  const key = infer('KEY');
  const value = infer('VALUE');
  const columns = key.length === 0 && value.length === 0 ? declared : [...key, ...declared.filter((c) => c.namespace === 'KEY'), ...declared.filter((c) => c.namespace !== 'KEY'), ...value];
  if (stmt.sourceType === 'TABLE' && !columns.some((c) => c.namespace === 'KEY')) {
    throw new AnalysisError('Tables require a PRIMARY KEY. Please define the PRIMARY KEY.', stmt.span);
  }
  return columns;
}

function toColumn(e: TableElement, sourceType: 'STREAM' | 'TABLE', resolve: (t: TableElement['type']) => SqlType): Column {
  if (RESERVED_COLUMNS.includes(e.name)) {
    throw new AnalysisError(`'${e.name}' is a reserved column name. You cannot use it as a name for a column.`, e.span);
  }
  const type = resolve(e.type);
  const c = e.constraint;
  if (c === 'KEY' && sourceType === 'TABLE') {
    throw new AnalysisError(`${at(e.span)}Column \`${e.name}\` is a 'KEY' column: please use 'PRIMARY KEY' for tables.\nTables have PRIMARY KEYs, which are unique and NON NULL.\nStreams have KEYs, which have no uniqueness or NON NULL constraints.`, e.span);
  }
  if (c === 'PRIMARY KEY' && sourceType === 'STREAM') {
    throw new AnalysisError(`${at(e.span)}Column \`${e.name}\` is a 'PRIMARY KEY' column: please use 'KEY' for streams.\nTables have PRIMARY KEYs, which are unique and NON NULL.\nStreams have KEYs, which have no uniqueness or NON NULL constraints.`, e.span);
  }
  if (c === 'KEY' || c === 'PRIMARY KEY') {
    if (containsMap(type)) {
      throw new AnalysisError(`Map keys, including types that contain maps, are not supported as they may lead to unexpected behavior due to inconsistent serialization. Key column name: \`${e.name}\`. Column type: ${formatType(type)}. See https://github.com/confluentinc/ksql/issues/6621 for more.`, e.span);
    }
    return { name: e.name, type, namespace: 'KEY' };
  }
  if (c === 'HEADERS') return { name: e.name, type, namespace: 'HEADERS' };
  if (c !== undefined) return { name: e.name, type, namespace: 'HEADER', headerKey: c.header };
  return { name: e.name, type, namespace: 'VALUE' };
}

function checkColumns(columns: readonly Column[], stmt: StatementOf<'CreateSource'>): void {
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c.name)) throw new AnalysisError(`Cannot add column \`${c.name}\`: a column with that name already exists.`, stmt.span);
    seen.add(c.name);
  }
  if (stmt.sourceType === 'TABLE' && stmt.elements.length > 0 && !columns.some((c) => c.namespace === 'KEY')) {
    throw new AnalysisError('Tables require a PRIMARY KEY. Please define the PRIMARY KEY.', stmt.span);
  }
  if (columns.filter((c) => c.namespace === 'HEADERS').length > 1) {
    throw new AnalysisError('Schema already contains a HEADERS column.', stmt.span);
  }
}

function checkTimestampColumn(name: string, columns: readonly Column[], hasFormat: boolean): void {
  const col = columns.find((c) => c.name === name);
  if (!col) throw new AnalysisError(`The TIMESTAMP column set in the WITH clause does not exist in the schema: '${name}'`);
  const stringWithFormat = col.type.kind === 'STRING' && hasFormat;
  if (col.type.kind !== 'BIGINT' && col.type.kind !== 'TIMESTAMP' && !stringWithFormat) {
    throw new AnalysisError(`Timestamp column, \`${name}\`, should be LONG(INT64), TIMESTAMP, or a String with a timestamp_format specified.`);
  }
}
