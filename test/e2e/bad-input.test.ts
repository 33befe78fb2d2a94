/**
 * Bad input must not stop the product: a malformed record goes to the processing log (in memory
 * and the KSQL_PROCESSING_LOG stream) while the query keeps going, and a malformed statement gets a
 * positioned 400 while the server keeps serving. Runs the real engine and server in process so the
 * test can also read `engine.processingLog`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type TributaryEngine } from '../../engine/engine.ts';
import { createServer, type TributaryServer } from '../../server/create-server.ts';
import { ksql, ksqlOk, listed, pollUntil, queryRows } from './helpers.ts';

describe('bad input', () => {
  let dataDir: string;
  let engine: TributaryEngine;
  let server: TributaryServer;
  let url: string;
  const serverLog: string[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'tributary-e2e-'));
    engine = await createEngine({ dataDir, properties: { 'ksql.logging.processing.stream.auto.create': 'true' } });
    server = createServer(engine, { port: 0, host: '127.0.0.1', log: (m) => serverLog.push(m) });
    url = await server.listen();
  });

  afterAll(async () => {
    await server?.close();
    await engine?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('logs a malformed record with its reason and keeps processing later records', async () => {
    await ksqlOk(url, "CREATE STREAM S (ID INT KEY, NAME STRING) WITH (KAFKA_TOPIC='s', PARTITIONS=1, VALUE_FORMAT='JSON');");
    // A second stream over the same topic writes raw text: the way to put non-JSON bytes on it.
    // (DELIMITED quotes a field that starts with a non-alphanumeric, so the text starts with a letter.)
    await ksqlOk(url, "CREATE STREAM RAW (ID INT KEY, TXT STRING) WITH (KAFKA_TOPIC='s', VALUE_FORMAT='DELIMITED');");
    await ksqlOk(url, 'CREATE STREAM T AS SELECT ID, UCASE(NAME) AS UP FROM S;', { 'auto.offset.reset': 'earliest' });
    await ksqlOk(url, "INSERT INTO RAW (ID, TXT) VALUES (1, 'not json {');");
    await ksqlOk(url, "INSERT INTO S (ID, NAME) VALUES (2, 'good');");

    const rows = await pollUntil(async () => {
      const r = await queryRows(url, 'SELECT * FROM T;');
      return r.length > 0 ? r : undefined;
    }, 20_000);
    expect(rows).toEqual([[2, 'GOOD']]);

    const [entry, ...more] = engine.processingLog.recent().filter((e) => e.queryId?.startsWith('CSAS_T_'));
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ errorType: 'DESERIALIZATION_ERROR', record: { topic: 's', partition: 0, offset: 0 } });
    expect(entry?.message).toMatch(/deserialize.*JSON/i);
  });

  it('writes the entry to the KSQL_PROCESSING_LOG stream', async () => {
    expect(listed(await ksqlOk(url, 'SHOW STREAMS;'), 'streams', 'name')).toContain('KSQL_PROCESSING_LOG');
    const sql = 'SELECT LOGGER, MESSAGE->TYPE AS KIND, MESSAGE->DESERIALIZATIONERROR->ERRORMESSAGE AS WHY, MESSAGE->DESERIALIZATIONERROR->`TOPIC` AS TOPIC FROM KSQL_PROCESSING_LOG;';
    const rows = await pollUntil(async () => {
      const r = await queryRows(url, sql);
      return r.length > 0 ? r : undefined;
    }, 20_000);
    expect(rows).toHaveLength(1);
    const [logger, kind, why, topic] = rows[0]!;
    expect(logger).toMatch(/^processing\.CSAS_T_/);
    expect(kind).toBe(0);
    expect(why).toMatch(/deserialize/i);
    expect(topic).toBe('s');
  });

  it('answers a malformed statement with a positioned 400 and keeps serving', async () => {
    const bad = await ksql(url, "CREATE STREAM X (ID INT KEY WITH (KAFKA_TOPIC='x');");
    expect(bad.status).toBe(400);
    const body = bad.body as { '@type': string; error_code: number; message: string };
    expect(body['@type']).toBe('statement_error');
    expect(body.error_code).toBe(40001);
    expect(body.message).toMatch(/^line 1:\d+: /);
    expect(body.message).toContain('\n');
    expect(body.message.split('\n').at(-1)).toMatch(/^ *\^/);

    const badQuery = await fetch(`${url}/query-stream`, { method: 'POST', body: JSON.stringify({ sql: 'SELECT * FROM;' }) });
    expect(badQuery.status).toBe(400);
    expect(((await badQuery.json()) as { message: string }).message).toMatch(/^line 1:\d+: /);

    const notJson = await fetch(`${url}/ksql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"ksql": ' });
    expect(notJson.status).toBe(400);

    expect(listed(await ksqlOk(url, 'SHOW STREAMS;'), 'streams', 'name')).toEqual(expect.arrayContaining(['S', 'T']));
    await ksqlOk(url, "INSERT INTO S (ID, NAME) VALUES (3, 'still');");
    await pollUntil(async () => ((await queryRows(url, 'SELECT * FROM T;')).length === 2 ? true : undefined), 20_000);
    expect(serverLog).toEqual([]);
  });
});
