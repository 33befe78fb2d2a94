/**
 * A live task processes what it fetched from several partitions oldest first, as a Kafka Streams
 * task does: a stream record meets the table as of its timestamp, whichever topic the task happens
 * to fetch first.
 */
import { describe, expect, it } from 'vitest';
import { KsqlEngine } from '../../engine/ksql-engine.ts';
import { LiveQueryHost } from '../../engine/live-host.ts';
import { createDefaultRegistry } from '../../functions/index.ts';
import { MemoryLog } from '../../runtime/log/memory-log.ts';
import { DefaultProcessingLog } from '../../runtime/log/processing-log.ts';

const json = (o: unknown): Uint8Array => Buffer.from(JSON.stringify(o));
const intKey = (n: number): Uint8Array => Buffer.from([0, 0, 0, n]);

describe('live processing order', () => {
  it('joins a stream record with the table row that is older than it, fetched in the same round', async () => {
    const log = new MemoryLog();
    const registry = createDefaultRegistry();
    const processingLog = new DefaultProcessingLog();
    const host = new LiveQueryHost(log, registry, processingLog, 'g_');
    const engine = new KsqlEngine({ log, registry, processingLog, serviceId: 's_', host, autoCreateTopics: true });
    await engine.executeScript(
      "CREATE STREAM CLICKS (ID INT KEY, PAGE STRING) WITH (KAFKA_TOPIC='clicks', PARTITIONS=1, VALUE_FORMAT='JSON');" +
        "CREATE TABLE USERS (ID INT PRIMARY KEY, NAME STRING) WITH (KAFKA_TOPIC='users', PARTITIONS=1, VALUE_FORMAT='JSON');",
      engine.newSession(),
    );
    // Both records exist before the query's first fetch: the click (t=200) and the row it must
    // meet (t=100), and a click older than the row (t=50), which must not meet it.
    await log.append('users', 0, [{ key: intKey(1), value: json({ NAME: 'ann' }), timestamp: 100, headers: [] }]);
    await log.append('clicks', 0, [
      { key: intKey(1), value: json({ PAGE: 'early' }), timestamp: 50, headers: [] },
      { key: intKey(1), value: json({ PAGE: 'home' }), timestamp: 200, headers: [] },
    ]);
    await engine.executeScript(
      'CREATE STREAM J AS SELECT CLICKS.ID, PAGE, NAME FROM CLICKS LEFT JOIN USERS ON CLICKS.ID = USERS.ID;',
      engine.newSession({ properties: { 'auto.offset.reset': 'earliest' } }),
    );
    let rows: unknown[] = [];
    for (let i = 0; i < 200 && rows.length < 2; i++) {
      rows = (await log.fetch('J', 0, 0, 10)).map((r) => JSON.parse(Buffer.from(r.value!).toString('utf8')));
      await new Promise((r) => setTimeout(r, 10));
    }
    await host.close();
    expect(rows).toEqual([
      { PAGE: 'early', NAME: null },
      { PAGE: 'home', NAME: 'ann' },
    ]);
  });
});
