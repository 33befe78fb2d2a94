/**
 * Explicit watermarks (`WATERMARK FOR ts AS ts - INTERVAL 5 SECONDS`), end to end: windows close
 * when the watermark passes their end, not before; a record for a closed window is dropped and
 * counted, and DESCRIBE EXTENDED shows the count. Runs the real engine (embedded log, live query)
 * behind the real HTTP server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type TributaryEngine } from '../../engine/engine.ts';
import { createServer, type TributaryServer } from '../../server/create-server.ts';
import { ksqlOk, pollUntil, queryRows } from './helpers.ts';

const insert = (ts: number, v: number): string => `INSERT INTO READINGS (SENSOR, TS, V) VALUES ('s1', ${ts}, ${v});`;

describe('explicit watermark', () => {
  let dataDir: string;
  let engine: TributaryEngine;
  let server: TributaryServer;
  let url: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'tributary-e2e-'));
    engine = await createEngine({ dataDir });
    server = createServer(engine, { port: 0, host: '127.0.0.1' });
    url = await server.listen();
    await ksqlOk(
      url,
      "CREATE STREAM READINGS (SENSOR STRING KEY, TS BIGINT, V INT, WATERMARK FOR TS AS TS - INTERVAL 5 SECONDS) WITH (KAFKA_TOPIC='readings', PARTITIONS=1, VALUE_FORMAT='JSON');",
    );
    await ksqlOk(
      url,
      'CREATE TABLE PER_10S AS SELECT SENSOR, COUNT(*) AS C, SUM(V) AS TOTAL FROM READINGS WINDOW TUMBLING (SIZE 10 SECONDS) GROUP BY SENSOR EMIT FINAL;',
      { 'auto.offset.reset': 'earliest' },
    );
  });

  afterAll(async () => {
    await server?.close();
    await engine?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const windows = (): Promise<unknown[][]> => queryRows(url, 'SELECT * FROM PER_10S;');
  const describeLate = async (): Promise<string> => {
    const [entity] = await ksqlOk(url, 'DESCRIBE PER_10S EXTENDED;');
    return String((entity!.sourceDescription as Record<string, unknown>).statistics);
  };

  it('closes a window once the watermark passes its end', async () => {
    // Event time 12s has passed the window [0, 10s) but the watermark (7s) has not; 16s moves the
    // watermark to 11s and closes it. (test/engine/watermark.test.ts checks "not before" record by record.)
    await ksqlOk(url, [insert(1000, 1), insert(4000, 2), insert(9000, 3), insert(12_000, 10), insert(16_000, 20)].join('\n'));
    const closed = await pollUntil(async () => {
      const rows = await windows();
      return rows.length === 1 ? rows : undefined;
    }, 10_000, () => 'the first window never closed');
    expect(closed).toEqual([['s1', 0, 10_000, 3, 6]]);
  });

  it('drops and counts a record for a window the watermark has closed', async () => {
    // 3s belongs to the closed window [0, 10s): dropped. 26s moves the watermark to 21s: [10s, 20s) closes.
    await ksqlOk(url, [insert(3000, 100), insert(26_000, 30)].join('\n'));
    const rows = await pollUntil(async () => {
      const r = await windows();
      return r.length === 2 ? r : undefined;
    }, 10_000, () => 'the second window never closed');
    expect(rows).toContainEqual(['s1', 0, 10_000, 3, 6]);
    expect(rows).toContainEqual(['s1', 10_000, 20_000, 2, 30]);
    expect(await describeLate()).toContain('late-records-dropped: 1');
  });
});
