/**
 * A re-keyed join writes its internal topics for real: on the live host over a log, the stream
 * re-keyed on a value column goes through its repartition topic in the internal key format, the
 * table it joins writes its store's changelog, and TERMINATE deletes both topics.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { KsqlEngine } from '../../engine/ksql-engine.ts';
import { LiveQueryHost } from '../../engine/live-host.ts';
import { createDefaultRegistry } from '../../functions/index.ts';
import { MemoryLog } from '../../runtime/log/memory-log.ts';
import { DefaultProcessingLog } from '../../runtime/log/processing-log.ts';
import type { StoredRecord } from '../../runtime/log/log.ts';
import { createSerde } from '../../runtime/serde/index.ts';

const INT = { kind: 'INTEGER' } as const;
const PREFIX = '_confluent-ksql-svc_query_CSAS_OUTPUT_0-';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function startEngine(): Promise<{ engine: KsqlEngine; log: MemoryLog }> {
  const log = new MemoryLog();
  const registry = createDefaultRegistry();
  const processingLog = new DefaultProcessingLog();
  const host = new LiveQueryHost(log, registry, processingLog, 'test_query_');
  const engine = new KsqlEngine({ log, registry, processingLog, serviceId: 'svc_', host });
  close = () => host.close();
  return { engine, log };
}

async function readAll(log: MemoryLog, topic: string, count: number): Promise<StoredRecord[]> {
  for (let i = 0; i < 200; i++) {
    const records = await log.fetch(topic, 0, 0, 100);
    if (records.length >= count) return records;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${topic} has fewer than ${count} records`);
}

describe('internal topics of a re-keyed join', () => {
  it('writes the repartition and changelog topics in their internal formats, and TERMINATE removes them', async () => {
    const { engine, log } = await startEngine();
    const session = engine.newSession({ properties: { 'auto.offset.reset': 'earliest' } });
    await engine.executeScript(
      [
        "CREATE TABLE T (ID INT PRIMARY KEY, VAL STRING) WITH (KAFKA_TOPIC='t', PARTITIONS=1, KEY_FORMAT='KAFKA', VALUE_FORMAT='JSON');",
        "CREATE STREAM S (ID INT KEY, FOO INT) WITH (KAFKA_TOPIC='s', PARTITIONS=1, KEY_FORMAT='DELIMITED', VALUE_FORMAT='JSON');",
        'CREATE STREAM OUTPUT AS SELECT S.FOO, VAL FROM S LEFT JOIN T ON S.FOO = T.ID;',
        "INSERT INTO T (ID, VAL) VALUES (10, 'hello');",
        'INSERT INTO S (ID, FOO) VALUES (1, 10);',
      ].join('\n'),
      session,
    );
    const [joined] = await readAll(log, 'OUTPUT', 1);
    expect(JSON.parse(Buffer.from(joined!.value!).toString())).toEqual({ VAL: 'hello' });

    // The stream's records went through the repartition topic keyed by FOO in the table's KAFKA
    // key format (a 4-byte int, not DELIMITED text), the value carrying the old key along.
    const kafkaInt = createSerde({ name: 'KAFKA' }, [{ name: 'K', type: INT }], { isKey: true });
    const [moved] = await readAll(log, `${PREFIX}Join-repartition`, 1);
    expect(kafkaInt.deserialize(moved!.key)).toEqual([10]);
    expect(JSON.parse(Buffer.from(moved!.value!).toString())).toEqual({ FOO: 10, ID: 1 });

    // The table's store logs its rows to its changelog, in the table's own formats.
    const [row] = await readAll(log, `${PREFIX}KafkaTopic_Right-Reduce-changelog`, 1);
    expect(kafkaInt.deserialize(row!.key)).toEqual([10]);
    expect(JSON.parse(Buffer.from(row!.value!).toString())).toEqual({ VAL: 'hello' });

    await engine.executeScript('TERMINATE CSAS_OUTPUT_0;', session);
    const topics = (await log.listTopics()).map((t) => t.name);
    expect(topics.filter((t) => t.startsWith('_confluent-ksql-'))).toEqual([]);
  });

  it('creates no internal topic for a key-to-key join in one key format', async () => {
    const { engine, log } = await startEngine();
    await engine.executeScript(
      [
        "CREATE TABLE T (ID INT PRIMARY KEY, VAL STRING) WITH (KAFKA_TOPIC='t', PARTITIONS=1, VALUE_FORMAT='JSON');",
        "CREATE STREAM S (ID INT KEY, FOO INT) WITH (KAFKA_TOPIC='s', PARTITIONS=1, VALUE_FORMAT='JSON');",
        'CREATE STREAM OUTPUT AS SELECT S.ID, VAL FROM S JOIN T ON S.ID = T.ID;',
      ].join('\n'),
      engine.newSession(),
    );
    expect(engine.metastore.queries.get('CSAS_OUTPUT_0')!.plan.internalTopics).toBeUndefined();
    expect((await log.listTopics()).map((t) => t.name).sort()).toEqual(['OUTPUT', 's', 't']);
  });
});
