/**
 * Pull queries through the real server: a key lookup and a scan over a materialized table, a
 * window-bounded lookup over a windowed table, and a stream scan whose SELECT leaves the key out.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type TributaryEngine } from '../../engine/engine.ts';
import { createServer, type TributaryServer } from '../../server/create-server.ts';
import { ksqlOk, pollUntil, queryRows, sorted } from './helpers.ts';

describe('pull queries', () => {
  let dataDir: string;
  let engine: TributaryEngine;
  let server: TributaryServer;
  let url: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'tributary-e2e-'));
    engine = await createEngine({ dataDir });
    server = createServer(engine, { port: 0, host: '127.0.0.1' });
    url = await server.listen();
    await ksqlOk(url, "CREATE STREAM CLICKS (USER_ID INT KEY, PAGE STRING, TS BIGINT) WITH (KAFKA_TOPIC='clicks', PARTITIONS=2, VALUE_FORMAT='JSON', TIMESTAMP='TS');");
    const earliest = { 'auto.offset.reset': 'earliest' };
    await ksqlOk(url, 'CREATE TABLE PER_USER AS SELECT USER_ID, COUNT(*) AS N FROM CLICKS GROUP BY USER_ID;', earliest);
    await ksqlOk(url, 'CREATE TABLE PER_USER_10S AS SELECT USER_ID, COUNT(*) AS N FROM CLICKS WINDOW TUMBLING (SIZE 10 SECONDS) GROUP BY USER_ID;', earliest);
    const rows: [number, string, number][] = [[1, '/a', 1000], [1, '/b', 2000], [2, '/a', 3000], [1, '/c', 12_000]];
    await ksqlOk(url, rows.map(([u, p, t]) => `INSERT INTO CLICKS (USER_ID, PAGE, TS) VALUES (${u}, '${p}', ${t});`).join('\n'));
    await pollUntil(async () => {
      const r = await queryRows(url, 'SELECT * FROM PER_USER;');
      return r.some((x) => x[0] === 1 && x[1] === 3) ? true : undefined;
    }, 15_000, () => 'PER_USER never counted user 1 three times');
  });

  afterAll(async () => {
    await server?.close();
    await engine?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('looks a key up and scans a table', async () => {
    expect(await queryRows(url, 'SELECT * FROM PER_USER WHERE USER_ID = 1;')).toEqual([[1, 3]]);
    expect(sorted(await queryRows(url, 'SELECT * FROM PER_USER;'))).toEqual([[1, 3], [2, 1]]);
  });

  it('bounds a windowed table by WINDOWSTART', async () => {
    const rows = await pollUntil(async () => {
      const r = await queryRows(url, 'SELECT * FROM PER_USER_10S WHERE USER_ID = 1 AND WINDOWSTART >= 10000;');
      return r.length === 1 ? r : undefined;
    }, 15_000);
    expect(rows).toEqual([[1, 10_000, 20_000, 1]]);
  });

  it('scans a stream, keeping the SELECT order and leaving the key out when asked', async () => {
    expect(sorted(await queryRows(url, 'SELECT PAGE, TS FROM CLICKS;'))).toEqual([['/a', 1000], ['/a', 3000], ['/b', 2000], ['/c', 12_000]]);
  });
});
