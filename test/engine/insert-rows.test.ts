/** Rows of /inserts-stream: matched to columns, coerced like the JSON format, appended in the target's formats. */
import { afterEach, describe, expect, it } from 'vitest';
import { parseJsonLossless } from '../../common/json-values.ts';
import { openInserts } from '../../engine/insert-rows.ts';
import { KsqlEngine } from '../../engine/ksql-engine.ts';
import { LiveQueryHost } from '../../engine/live-host.ts';
import { createDefaultRegistry } from '../../functions/index.ts';
import { MemoryLog } from '../../runtime/log/memory-log.ts';
import { DefaultProcessingLog } from '../../runtime/log/processing-log.ts';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function startEngine(ddl: string): Promise<{ engine: KsqlEngine; log: MemoryLog }> {
  const log = new MemoryLog();
  const registry = createDefaultRegistry();
  const processingLog = new DefaultProcessingLog();
  const host = new LiveQueryHost(log, registry, processingLog, 'test_query_');
  const engine = new KsqlEngine({ log, registry, processingLog, serviceId: 'svc_', host, autoCreateTopics: true });
  close = () => host.close();
  await engine.executeScript(ddl, engine.newSession());
  return { engine, log };
}

const text = (bytes: Uint8Array | null): string | null => (bytes === null ? null : Buffer.from(bytes).toString('utf8'));

describe('openInserts', () => {
  it('matches names exactly or upper-cased, coerces values exactly, and writes the target formats', async () => {
    const { engine, log } = await startEngine(
      "CREATE STREAM S (ID BIGINT KEY, `low` STRING, D DECIMAL(6, 2), TAGS ARRAY<INT>) WITH (kafka_topic='s', key_format='JSON', value_format='JSON', partitions=1);",
    );
    const target = openInserts(engine, 's');
    await target.insert(parseJsonLossless('{"id": 9007199254740993, "low": "x", "LOW": "ignored", "d": "12.345", "TAGS": [1, "2"], "EXTRA": true}'));
    const [record] = await log.fetch('s', 0, 0, 10);
    expect(text(record!.key)).toBe('9007199254740993');
    expect(JSON.parse(text(record!.value)!)).toEqual({ low: 'x', D: 12.35, TAGS: [1, 2] });
  });

  it('takes a back-quoted target as it is written', async () => {
    const { engine, log } = await startEngine("CREATE STREAM `Mixed` (V STRING) WITH (kafka_topic='m', value_format='JSON', partitions=1);");
    await openInserts(engine, '`Mixed`').insert(parseJsonLossless('{"V": "a"}'));
    expect(await log.fetch('m', 0, 0, 10)).toHaveLength(1);
    expect(() => openInserts(engine, 'Mixed')).toThrow('Cannot insert values into an unknown stream/table: MIXED');
  });

  it('refuses rows that do not fit, naming the column', async () => {
    const { engine, log } = await startEngine("CREATE TABLE T (ID INT PRIMARY KEY, N INT) WITH (kafka_topic='t', value_format='JSON', partitions=1);");
    const target = openInserts(engine, 'T');
    await expect(target.insert(parseJsonLossless('{"N": 1}'))).rejects.toThrow('Key field must be specified: ID');
    await expect(target.insert(parseJsonLossless('{"ID": null, "N": 1}'))).rejects.toThrow('Key field must be specified: ID');
    await expect(target.insert(parseJsonLossless('{"ID": 1, "N": "many"}'))).rejects.toThrow(/^Cannot insert this row into T: .*\$\.N/);
    await expect(target.insert(parseJsonLossless('[1, 2]'))).rejects.toThrow(/^Cannot insert this row into T/);
    await expect(target.insert(null)).rejects.toThrow('Cannot insert a null row into T');
    expect(await log.fetch('t', 0, 0, 10)).toEqual([]);
  });

  it('refuses read-only and windowed targets before any row', async () => {
    const { engine } = await startEngine(
      "CREATE SOURCE STREAM RO (V STRING) WITH (kafka_topic='ro', value_format='JSON', partitions=1);" +
        "CREATE STREAM E (K STRING KEY, V STRING) WITH (kafka_topic='e', value_format='JSON', partitions=1);" +
        'CREATE TABLE W AS SELECT K, COUNT(*) AS C FROM E WINDOW TUMBLING (SIZE 1 MINUTE) GROUP BY K;',
    );
    expect(() => openInserts(engine, 'ro')).toThrow('Cannot insert values into read-only stream: RO');
    expect(() => openInserts(engine, 'W')).toThrow(/^Cannot insert values into windowed table W/);
  });
});
