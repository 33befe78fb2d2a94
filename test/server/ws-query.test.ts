import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ExecutionError } from '../../common/errors.ts';
import { Decimal } from '../../common/decimal.ts';
import { createEngine, type TributaryEngine } from '../../engine/engine.ts';
import { createServer, type TributaryServer } from '../../server/create-server.ts';
import { BIG } from './fake-engine.ts';
import { startHarness, waitFor, type Harness } from './harness.ts';

/** A websocket on /ws/query: messages as they came, and how it closed. */
function open(url: string, params: Record<string, string>) {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws/query?${new URLSearchParams(params).toString()}`);
  const state = { messages: [] as string[], code: 0, reason: '' };
  ws.on('message', (data) => state.messages.push(data.toString('utf8')));
  const closed = new Promise<void>((resolve) =>
    ws.on('close', (code, reason) => {
      state.code = code;
      state.reason = reason.toString('utf8');
      resolve();
    }),
  );
  return { ws, state, closed };
}

const request = (ksql: string, streamsProperties: Record<string, string> = {}) => ({ request: JSON.stringify({ ksql, streamsProperties }) });

describe('GET /ws/query', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.server.close());

  it('sends the schema, then one StreamedRow per message, and closes 1000 "done" at the end', async () => {
    const call = open(h.url, { ...request('SELECT * FROM s EMIT CHANGES;', { 'auto.offset.reset': 'earliest' }), version: '1' });
    await waitFor(() => call.state.messages.length === 1);
    expect(JSON.parse(call.state.messages[0]!)).toEqual([
      { name: 'ID', schema: { type: 'BIGINT', fields: null, memberSchema: null } },
      { name: 'V', schema: { type: 'STRING', fields: null, memberSchema: null } },
      { name: 'TS', schema: { type: 'TIMESTAMP', fields: null, memberSchema: null } },
      { name: 'D', schema: { type: 'DECIMAL', fields: null, memberSchema: null, parameters: { precision: 4, scale: 2 } } },
    ]);
    const query = h.engine.queries.at(-1)!;
    expect(query.options?.properties).toEqual({ 'auto.offset.reset': 'earliest' });
    query.channel.push([BIG, 'first', 1_000, new Decimal(150n, 2)]);
    await waitFor(() => call.state.messages.length === 2);
    expect(call.state.messages[1]).toBe('{"row":{"columns":[9223372036854775807,"first","1970-01-01T00:00:01.000",1.50]}}');
    query.channel.end();
    await call.closed;
    expect([call.state.code, call.state.reason]).toEqual([1000, 'done']);
  });

  it('closes the query when the client closes the socket', async () => {
    const call = open(h.url, request('SELECT * FROM s EMIT CHANGES;'));
    await waitFor(() => call.state.messages.length === 1);
    const query = h.engine.queries.at(-1)!;
    call.ws.close();
    await waitFor(() => query.closed);
  });

  it('closes 1011 with the message when the query fails while streaming', async () => {
    const call = open(h.url, request('SELECT * FROM s EMIT CHANGES;'));
    await waitFor(() => call.state.messages.length === 1);
    h.engine.queries.at(-1)!.channel.fail(new ExecutionError('the source topic was deleted'));
    await call.closed;
    expect([call.state.code, call.state.reason]).toEqual([1011, 'the source topic was deleted']);
  });

  it('closes 1003 when the request cannot run', async () => {
    const cases: [Record<string, string>, string | RegExp][] = [
      [{}, 'Error parsing request: missing request parameter'],
      [{ ...request('SELECT * FROM s EMIT CHANGES;'), version: '2' }, 'Received invalid api version: 2'],
      [{ request: '{"ksql":' }, /^Error parsing request: /],
      [request(''), 'Error parsing request: "ksql" field of "request" must be populated'],
      [request('SELECT * FROM MISSING EMIT CHANGES;'), /MISSING does not exist/],
    ];
    for (const [params, reason] of cases) {
      const call = open(h.url, params);
      await call.closed;
      expect(call.state.code).toBe(1003);
      expect(call.state.reason).toMatch(reason);
      expect(call.state.messages).toEqual([]);
    }
  });
});

describe('GET /ws/query on a real engine', () => {
  let dir: string;
  let engine: TributaryEngine;
  let server: TributaryServer;
  let url: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ws-query-'));
    engine = await createEngine({ dataDir: dir });
    server = createServer(engine, { port: 0, host: '127.0.0.1', log: () => undefined });
    url = await server.listen();
  });
  afterAll(async () => {
    await server.close();
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('marks key columns in a pull query schema and ends after the rows', async () => {
    await engine.execute("CREATE TABLE T (ID STRING PRIMARY KEY, N INT) WITH (kafka_topic='t', value_format='JSON', partitions=1);");
    await engine.execute("CREATE TABLE Q AS SELECT * FROM T;");
    await engine.execute("INSERT INTO T (ID, N) VALUES ('a', 1);");
    let call = open(url, request("SELECT * FROM Q WHERE ID = 'a';"));
    // The CTAS catches up in the background: ask again until the row is there.
    for (;;) {
      await call.closed;
      if (call.state.messages.length > 1) break;
      call = open(url, request("SELECT * FROM Q WHERE ID = 'a';"));
    }
    expect(JSON.parse(call.state.messages[0]!)).toEqual([
      { name: 'ID', schema: { type: 'STRING', fields: null, memberSchema: null }, type: 'KEY' },
      { name: 'N', schema: { type: 'INTEGER', fields: null, memberSchema: null } },
    ]);
    expect(call.state.messages.slice(1)).toEqual(['{"row":{"columns":["a",1]}}']);
    expect([call.state.code, call.state.reason]).toEqual([1000, 'done']);
  });
});
