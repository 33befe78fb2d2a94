/** Builders for ksqlDB's REST entity shapes (see the REST contract §2.1). */
import type { Column } from '../common/schema.ts';
import { formatType, type SqlType } from '../common/types.ts';
import type { KsqlEntity } from './api.ts';
import type { DataSource, Metastore, PersistentQueryInfo } from './metastore.ts';

export function currentStatus(statementText: string, commandId: string, message: string, queryId: string | null = null): KsqlEntity {
  return {
    '@type': 'currentStatus',
    statementText,
    commandId,
    commandStatus: { status: 'SUCCESS', message, queryId },
    commandSequenceNumber: -1,
    warnings: [],
  };
}

export function sourceSummary(s: DataSource): Record<string, unknown> {
  return {
    type: s.sourceType,
    name: s.name,
    topic: s.topic,
    keyFormat: s.formats.key.name,
    valueFormat: s.formats.value.name,
    isWindowed: s.window !== undefined,
  };
}

export function runningQuery(q: PersistentQueryInfo): Record<string, unknown> {
  return {
    queryString: q.statementText,
    sinks: [q.sinkName],
    sinkKafkaTopics: [q.sinkTopic],
    id: q.id,
    statusCount: { [q.state]: 1 },
    queryType: 'PERSISTENT',
    state: q.state,
  };
}

export function schemaInfo(t: SqlType): Record<string, unknown> {
  switch (t.kind) {
    case 'ARRAY':
      return { type: 'ARRAY', fields: null, memberSchema: schemaInfo(t.element) };
    case 'MAP':
      return { type: 'MAP', fields: null, memberSchema: schemaInfo(t.value) };
    case 'STRUCT':
      return { type: 'STRUCT', fields: t.fields.map((f) => ({ name: f.name, schema: schemaInfo(f.type) })), memberSchema: null };
    case 'DECIMAL':
      return { type: 'DECIMAL', fields: null, memberSchema: null, parameters: { precision: t.precision, scale: t.scale } };
    default:
      return { type: t.kind, fields: null, memberSchema: null };
  }
}

export function fieldInfo(c: Column): Record<string, unknown> {
  const base: Record<string, unknown> = { name: c.name, schema: schemaInfo(c.type) };
  if (c.namespace === 'KEY') base.type = 'KEY';
  if (c.namespace === 'HEADERS' || c.namespace === 'HEADER') base.type = 'HEADER';
  if (c.headerKey !== undefined) base.headerKey = c.headerKey;
  return base;
}

export function sourceDescription(s: DataSource, metastore: Metastore, extended: boolean, partitions: number, lateRecords: (queryId: string) => number = () => 0): Record<string, unknown> {
  const { reads, writes } = metastore.queriesOf(s.name);
  const late = writes.reduce((n, q) => n + lateRecords(q.id), 0);
  return {
    name: s.name,
    windowType: s.window?.type ?? null,
    readQueries: reads.map(runningQuery),
    writeQueries: writes.map(runningQuery),
    fields: s.schema.columns.map(fieldInfo),
    type: s.sourceType,
    timestamp: s.timestampColumn ?? '',
    statistics: extended ? `late-records-dropped: ${late}` : '',
    errorStats: '',
    extended,
    keyFormat: s.formats.key.name,
    valueFormat: s.formats.value.name,
    topic: s.topic,
    partitions,
    replication: 1,
    statement: s.statementText,
    queryOffsetSummaries: [],
    sourceConstraints: [],
    clusterStatistics: [],
    clusterErrorStats: [],
  };
}

export const typeText = formatType;
