/**
 * The npm package `ksqldb-client` (contract §3) against a real Tributary server: it speaks
 * cleartext HTTP/2 with prior knowledge and parses every response its own way (one JSON document
 * per DATA frame for push queries, arrays for inserts and pull queries).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ksqldbClient, { type Data, type OptionalExtraParams } from 'ksqldb-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type TributaryEngine } from '../../engine/engine.ts';
import { createServer, type TributaryServer } from '../../server/create-server.ts';
import { waitFor } from '../server/harness.ts';

// The package is CommonJS (`module.exports = KsqldbClient`) while its types say `export default`,
// which NodeNext reads as `exports.default`: at run time the default import is the class itself.
const KsqldbClient = ksqldbClient as unknown as typeof ksqldbClient.default;
type KsqldbClient = InstanceType<typeof KsqldbClient>;

describe('ksqldb-client against a Tributary server', () => {
  let dir: string;
  let engine: TributaryEngine;
  let server: TributaryServer;
  let client: KsqldbClient;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ksqldb-client-'));
    engine = await createEngine({ dataDir: dir });
    server = createServer(engine, { port: 0, host: '127.0.0.1', log: () => undefined });
    const url = new URL(await server.listen());
    client = new KsqldbClient({ host: `http://${url.hostname}`, port: url.port });
    await client.connect();
  });

  afterAll(async () => {
    await client?.disconnect();
    await server?.close();
    await engine?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates a stream and lists it', async () => {
    const created = await client.executeStatement(
      "CREATE STREAM RIDES (RIDER STRING KEY, KM DOUBLE, FARE DECIMAL(6, 2)) WITH (kafka_topic='rides', value_format='JSON', partitions=1);",
    );
    expect(created.status).toBe(200);
    const [entity] = (created.data as unknown as { rows: { commandStatus: { status: string; message: string } }[] }).rows;
    expect(entity!.commandStatus).toMatchObject({ status: 'SUCCESS', message: 'Stream created' });
    const streams = await client.listStreams();
    expect(streams.find((s) => s.name === 'RIDES')).toMatchObject({ type: 'STREAM', topic: 'rides', keyFormat: 'KAFKA', valueFormat: 'JSON', isWindowed: false });
    const description = await client.describeSource('RIDES');
    expect(description.fields.map((f) => f.name)).toEqual(['RIDER', 'KM', 'FARE']);
  });

  it('streams a push query while rows are inserted, then terminates it', async () => {
    const received: Data[] = [];
    const done = client.streamQuery('SELECT RIDER, KM, FARE FROM RIDES EMIT CHANGES;', (data) => received.push(data));
    await waitFor(() => received.length > 0, 20_000);
    const { metadata } = received[0]!;
    expect(metadata.columnNames).toEqual(['RIDER', 'KM', 'FARE']);
    expect(metadata.columnTypes).toEqual(['STRING', 'DOUBLE', 'DECIMAL(6, 2)']);
    expect(metadata.queryId).toMatch(/^transient_RIDES_/);

    const rides = [
      { RIDER: 'ana', KM: 3.5, FARE: 12.4 },
      { RIDER: 'bo', KM: 10, FARE: 30 },
      { RIDER: 'ana', KM: 1.25, FARE: 4.05 },
    ];
    for (const ride of rides) {
      const ack = await client.insertInto('RIDES', ride);
      expect(ack.status).toBe(200);
      expect(ack.data.rows).toEqual([{ seq: 0, status: 'ok' }]);
    }
    await waitFor(() => received.length === 1 + rides.length, 20_000);
    expect(received.slice(1).map((d) => d.rows)).toEqual([
      [{ RIDER: 'ana', KM: 3.5, FARE: 12.4 }],
      [{ RIDER: 'bo', KM: 10, FARE: 30 }],
      [{ RIDER: 'ana', KM: 1.25, FARE: 4.05 }],
    ]);

    const terminated = await client.terminatePushQuery(metadata.queryId!);
    expect(terminated.status).toBe(200);
    const ended = await done;
    expect(ended).toMatchObject({ status: 200, data: { metadata: { queryId: metadata.queryId } } });
  });

  it('reads rows that were already there, sent together, one JSON document per frame', async () => {
    const received: Data[] = [];
    // /query-stream reads overrides from `properties` (ksqlDB ignores `streamsProperties` there);
    // the client sends its extra parameters as they are.
    const fromEarliest = { properties: { 'auto.offset.reset': 'earliest' } } as OptionalExtraParams;
    const done = client.streamQuery('SELECT RIDER, KM FROM RIDES EMIT CHANGES LIMIT 3;', (data) => received.push(data), fromEarliest);
    const ended = await done;
    expect(ended.status).toBe(200);
    expect(received.slice(1).map((d) => d.rows)).toEqual([[{ RIDER: 'ana', KM: 3.5 }], [{ RIDER: 'bo', KM: 10 }], [{ RIDER: 'ana', KM: 1.25 }]]);
  });

  it('refuses an insert that does not fit, with the error as the client reads it', async () => {
    const refused = await client.insertInto('RIDES', { KM: 1 });
    expect(refused.error).toMatchObject({ status: 'error', error_code: 40000, message: 'Key field must be specified: RIDER', seq: 0 });
    // An unknown target is refused before any row, with a plain error body as ksqlDB sends it;
    // the client expects an array of acks and fails on it (with ksqlDB too).
    await expect(client.insertInto('NOPE', { RIDER: 'x' })).rejects.toThrow(TypeError);
  });

  it('answers pull queries over a table that a persistent query keeps', async () => {
    const ctas = await client.executeStatement(
      'CREATE TABLE TOTALS AS SELECT RIDER, COUNT(*) AS RIDES, SUM(KM) AS KM FROM RIDES GROUP BY RIDER;',
      { streamsProperties: { 'auto.offset.reset': 'earliest' } },
    );
    expect(ctas.status).toBe(200);
    const queries = await client.listQueries();
    const query = queries.find((q) => q.sinks.includes('TOTALS'));
    expect(query).toMatchObject({ queryType: 'PERSISTENT', state: 'RUNNING' });
    expect((await client.listTables()).map((t) => t.name)).toContain('TOTALS');

    // The persistent query catches up in the background: ask until both of ana's rides are counted.
    const rows = await poll(async () => {
      const answer = await client.query("SELECT * FROM TOTALS WHERE RIDER = 'ana';");
      const found = (answer.data?.rows ?? []) as { RIDES?: number }[];
      return found[0]?.RIDES === 2 ? found : undefined;
    });
    expect(rows).toEqual([{ RIDER: 'ana', RIDES: 2, KM: 4.75 }]);

    const terminate = await client.executeStatement(`TERMINATE ${query!.id};`);
    expect(terminate.status).toBe(200);
    expect(await client.listQueries()).toEqual([]);
  });
});

async function poll<T>(attempt: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await attempt();
    if (result !== undefined) return result;
    if (Date.now() > deadline) throw new Error('no answer in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
