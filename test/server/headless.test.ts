import { connect as http2Connect } from 'node:http2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type TributaryServer } from '../../server/create-server.ts';
import { headlessRefusal } from '../../server/headless.ts';
import { FakeEngine } from './fake-engine.ts';
import { post } from './harness.ts';

describe('the REST API of a headless server', () => {
  let server: TributaryServer;
  let url: string;
  let engine: FakeEngine;
  const refusal = { '@type': 'generic_error', error_code: 40000, message: headlessRefusal({ queriesFile: 'deploy.sql' }) };

  beforeAll(async () => {
    engine = new FakeEngine();
    server = createServer(engine, { port: 0, host: '127.0.0.1', headless: { queriesFile: 'deploy.sql' }, log: () => undefined });
    url = await server.listen();
  });
  afterAll(() => server.close());

  it('refuses every statement, read-only ones too, without running it', async () => {
    for (const ksql of ["CREATE STREAM X (ID INT) WITH (KAFKA_TOPIC='x', VALUE_FORMAT='JSON');", 'SHOW STREAMS;', 'TERMINATE ALL;']) {
      const res = await post(`${url}/ksql`, { ksql });
      expect(res.status, ksql).toBe(400);
      expect(await res.json()).toEqual(refusal);
    }
    const terminate = await post(`${url}/ksql/terminate`, { deleteTopicList: [] });
    expect(terminate.status).toBe(400);
    expect(await terminate.json()).toEqual(refusal);
    expect(engine.executed).toEqual([]);
  });

  it('names the queries file and says how to change what runs', () => {
    expect(refusal.message).toBe(
      'This server runs in headless mode from the queries file deploy.sql: interactive mode is disabled and the REST API accepts no statements. To change what the server runs, edit the queries file and restart the server.',
    );
  });

  it('keeps info, health checks, command statuses and queries', async () => {
    for (const path of ['/info', '/healthcheck', '/chc/live', '/chc/ready', '/status']) {
      expect((await fetch(`${url}${path}`)).status, path).toBe(200);
    }
    const pull = await post(`${url}/query-stream`, { sql: 'SELECT * FROM S;' });
    expect(pull.status).toBe(200);
    expect(await pull.text()).toContain('"queryId"');
  });

  it('keeps /inserts-stream (HTTP/2) open: it feeds data, it changes nothing the server runs', async () => {
    const session = http2Connect(url);
    try {
      const status = await new Promise<number>((resolve, reject) => {
        const stream = session.request({ ':method': 'POST', ':path': '/inserts-stream', 'content-type': 'application/json' });
        stream.on('response', (h) => resolve(Number(h[':status'])));
        stream.on('error', reject);
        stream.resume();
        stream.end(`${JSON.stringify({ target: 'S' })}\n${JSON.stringify({ ID: 1 })}\n`);
      });
      expect(status).toBe(200);
    } finally {
      session.close();
    }
  });
});
