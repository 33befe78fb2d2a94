/**
 * ksqlDB's internal topics for joins: the naming rules one by one, then whole plans (planned by the
 * real engine over a manual host) for the shapes the conformance vectors show.
 */
import { describe, expect, it } from 'vitest';
import { KsqlEngine } from '../../engine/ksql-engine.ts';
import { ManualQueryHost } from '../../engine/manual-host.ts';
import { createDefaultRegistry } from '../../functions/index.ts';
import type { InternalTopic } from '../../plan/steps.ts';
import {
  internalTopicName,
  joinKeyFormat,
  joinPrefix,
  sourceTableChangelogContext,
  streamRepartitionContext,
  tableRekeyContexts,
} from '../../planner/internal-topics.ts';
import { MemoryLog } from '../../runtime/log/memory-log.ts';
import { DefaultProcessingLog } from '../../runtime/log/processing-log.ts';

const fmt = (name: string, properties: Record<string, string> = {}) => ({ name, properties });

describe('internal topic names', () => {
  it('prefixes the context with the service id and the query id', () => {
    expect(internalTopicName('some.ksql.service.id', 'CSAS_OUTPUT_0', 'Join-repartition')).toBe('_confluent-ksql-some.ksql.service.idquery_CSAS_OUTPUT_0-Join-repartition');
    expect(internalTopicName('default_', 'CTAS_T_3', 'RightSourceKeyed-Materialize-changelog')).toBe('_confluent-ksql-default_query_CTAS_T_3-RightSourceKeyed-Materialize-changelog');
  });

  it('names contexts after the join, its side and how deep it is nested', () => {
    expect(joinPrefix(0)).toBe('');
    expect(joinPrefix(2)).toBe('L_L_');
    expect(streamRepartitionContext('', 'StreamStreamJoin', 'Left')).toBe('Join-left-repartition');
    expect(streamRepartitionContext('L_', 'StreamStreamJoin', 'Right')).toBe('L_Join-right-repartition');
    expect(streamRepartitionContext('', 'StreamTableJoin', 'Left')).toBe('Join-repartition');
    expect(tableRekeyContexts('L_', 'Left')).toEqual(['L_LeftSourceKeyed-SelectKey-repartition', 'L_LeftSourceKeyed-Materialize-changelog']);
    expect(sourceTableChangelogContext('', 'Right')).toBe('KafkaTopic_Right-Reduce-changelog');
  });
});

describe('the join key format', () => {
  it('is the left input’s unless only the left is re-keyed', () => {
    const delimited = fmt('DELIMITED');
    const kafka = fmt('KAFKA');
    expect(joinKeyFormat({ format: delimited, rekeyed: false }, { format: kafka, rekeyed: false }, 'KAFKA')).toBe(delimited);
    expect(joinKeyFormat({ format: delimited, rekeyed: true }, { format: kafka, rekeyed: false }, 'KAFKA')).toBe(kafka);
    expect(joinKeyFormat({ format: delimited, rekeyed: true }, { format: kafka, rekeyed: true }, 'KAFKA')).toBe(delimited);
  });

  it('skips NONE, then falls back to the default key format', () => {
    expect(joinKeyFormat({ format: fmt('NONE'), rekeyed: true }, { format: fmt('DELIMITED'), rekeyed: true }, 'KAFKA')).toEqual(fmt('DELIMITED'));
    expect(joinKeyFormat({ format: fmt('NONE'), rekeyed: true }, { format: fmt('NONE'), rekeyed: true }, 'JSON')).toEqual(fmt('JSON'));
  });
});

/** The internal topics of the last persistent query of `statements`, by context. */
async function topicsOf(statements: string[], properties: Record<string, unknown> = {}): Promise<Record<string, InternalTopic>> {
  const registry = createDefaultRegistry();
  const processingLog = new DefaultProcessingLog();
  const host = new ManualQueryHost(registry, processingLog, () => undefined);
  const engine = new KsqlEngine({ log: new MemoryLog(), registry, processingLog, serviceId: 'svc_', host, autoCreateTopics: true });
  await engine.executeScript(statements.join('\n'), engine.newSession({ properties }));
  const plan = [...engine.metastore.queries.values()].at(-1)!.plan;
  const prefix = `_confluent-ksql-svc_query_${plan.queryId}-`;
  return Object.fromEntries((plan.internalTopics ?? []).map((t) => {
    expect(t.name.startsWith(prefix)).toBe(true);
    return [t.name.slice(prefix.length), t];
  }));
}

const contexts = async (statements: string[], properties?: Record<string, unknown>): Promise<string[]> => Object.keys(await topicsOf(statements, properties)).sort();

describe('internal topics of a plan', () => {
  it('none for a key-to-key join whose key formats agree', async () => {
    expect(await contexts([
      "CREATE STREAM S (ID INT KEY, V INT) WITH (KAFKA_TOPIC='s', PARTITIONS=1, VALUE_FORMAT='JSON');",
      "CREATE TABLE T (ID INT PRIMARY KEY, W INT) WITH (KAFKA_TOPIC='t', PARTITIONS=1, VALUE_FORMAT='JSON');",
      'CREATE STREAM O AS SELECT S.ID, V, W FROM S JOIN T ON S.ID = T.ID;',
    ])).toEqual([]);
  });

  it('a stream re-keyed on a value goes through Join-repartition in the table’s key format; the table’s store has a changelog', async () => {
    const topics = await topicsOf([
      "CREATE TABLE T (ID INT PRIMARY KEY, VAL STRING) WITH (KAFKA_TOPIC='t', PARTITIONS=1, KEY_FORMAT='KAFKA', VALUE_FORMAT='JSON');",
      "CREATE STREAM S (ID INT KEY, FOO INT) WITH (KAFKA_TOPIC='s', PARTITIONS=1, KEY_FORMAT='DELIMITED', VALUE_FORMAT='JSON');",
      'CREATE STREAM O AS SELECT S.FOO, VAL FROM S LEFT JOIN T ON S.FOO = T.ID;',
    ]);
    expect(Object.keys(topics).sort()).toEqual(['Join-repartition', 'KafkaTopic_Right-Reduce-changelog']);
    expect(topics['Join-repartition']).toMatchObject({ kind: 'repartition', formats: { key: fmt('KAFKA'), value: fmt('JSON') }, keyFeatures: [] });
    expect(topics['KafkaTopic_Right-Reduce-changelog']).toMatchObject({ kind: 'changelog', formats: { key: fmt('KAFKA'), value: fmt('JSON') } });
  });

  it('a table in another key format is re-keyed into the left’s, through SelectKey into a materialized store', async () => {
    expect(await contexts([
      "CREATE TABLE T1 (ID INT PRIMARY KEY, VAL STRING) WITH (KAFKA_TOPIC='t1', PARTITIONS=1, KEY_FORMAT='KAFKA', VALUE_FORMAT='JSON');",
      "CREATE TABLE T2 (ID INT PRIMARY KEY, FOO INT) WITH (KAFKA_TOPIC='t2', PARTITIONS=1, KEY_FORMAT='DELIMITED', VALUE_FORMAT='JSON');",
      'CREATE TABLE O AS SELECT * FROM T1 JOIN T2 ON T1.ID = T2.ID;',
    ])).toEqual(['KafkaTopic_Left-Reduce-changelog', 'RightSourceKeyed-Materialize-changelog', 'RightSourceKeyed-SelectKey-repartition']);
  });

  it('sources with schema-registry keys always move, keyed like the left source; nested joins take L_', async () => {
    const topics = await topicsOf([
      "CREATE STREAM S1 (ID INT KEY, V0 BIGINT) WITH (KAFKA_TOPIC='left', PARTITIONS=1, KEY_FORMAT='AVRO', VALUE_FORMAT='JSON');",
      "CREATE STREAM S2 (ID INT KEY, V0 BIGINT) WITH (KAFKA_TOPIC='right', PARTITIONS=1, KEY_FORMAT='JSON_SR', VALUE_FORMAT='JSON');",
      "CREATE TABLE T3 (ID INT PRIMARY KEY, V0 BIGINT) WITH (KAFKA_TOPIC='right2', PARTITIONS=1, KEY_FORMAT='JSON_SR', VALUE_FORMAT='JSON');",
      'CREATE STREAM O AS SELECT S2.ID, S1.V0, S2.V0, T3.V0 FROM S1 JOIN S2 WITHIN 10 SECONDS ON S1.ID = S2.ID JOIN T3 ON S1.ID = T3.ID;',
    ]);
    expect(Object.keys(topics).sort()).toEqual([
      'L_Join-left-repartition',
      'L_Join-right-repartition',
      'RightSourceKeyed-Materialize-changelog',
      'RightSourceKeyed-SelectKey-repartition',
    ]);
    for (const t of Object.values(topics)) {
      expect(t.formats.key).toEqual(fmt('AVRO', { fullSchemaName: 'io.confluent.ksql.avro_schemas.S1Key' }));
      expect(t.keyFeatures).toEqual(['UNWRAP_SINGLES']);
    }
  });

  it('two key-less streams are keyed in the default key format', async () => {
    expect(await contexts([
      "CREATE STREAM S1 (ID INT, FOO INT) WITH (KAFKA_TOPIC='s1', PARTITIONS=1, KEY_FORMAT='NONE', VALUE_FORMAT='JSON');",
      "CREATE STREAM S2 (ID INT, VAL STRING) WITH (KAFKA_TOPIC='s2', PARTITIONS=1, KEY_FORMAT='NONE', VALUE_FORMAT='JSON');",
      'CREATE STREAM O AS SELECT S1.ID, S2.VAL FROM S1 LEFT OUTER JOIN S2 WITHIN 10 SECONDS ON S1.ID = S2.ID;',
    ], { 'ksql.persistence.default.format.key': 'DELIMITED' })).toEqual(['Join-left-repartition', 'Join-right-repartition']);
  });

  it('a foreign-key join moves its right table only when that table’s key is in the schema registry', async () => {
    const ddl = (rightFormat: string) => [
      "CREATE TABLE L (L_ID BIGINT PRIMARY KEY, NAME STRING, FK BIGINT) WITH (KAFKA_TOPIC='l', PARTITIONS=1, FORMAT='AVRO');",
      `CREATE TABLE R (R_ID BIGINT PRIMARY KEY, F1 STRING) WITH (KAFKA_TOPIC='r', PARTITIONS=1, FORMAT='${rightFormat}');`,
      'CREATE TABLE O AS SELECT L_ID, R_ID, NAME, F1 FROM L JOIN R ON FK = R_ID;',
    ];
    expect(await contexts(ddl('JSON'))).toEqual([]);
    const topics = await topicsOf(ddl('AVRO'));
    expect(Object.keys(topics).sort()).toEqual(['KafkaTopic_Left-Reduce-changelog', 'RightSourceKeyed-Materialize-changelog', 'RightSourceKeyed-SelectKey-repartition']);
    expect(topics['RightSourceKeyed-SelectKey-repartition']!.formats.key).toEqual(fmt('AVRO', { fullSchemaName: 'io.confluent.ksql.avro_schemas.LKey' }));
  });
});
