/**
 * Pull queries gathered across a server group (engine/pull-forward.ts), against a real HTTP peer on
 * 127.0.0.1: the peer is asked with the skip-forwarding mark and the caller's credentials, its
 * rows come back exactly by column type after this server's own, LIMIT counts both, and a peer
 * that fails or is gone fails the query with its address.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Decimal } from '../../common/decimal.ts';
import { ExecutionError } from '../../common/errors.ts';
import type { SqlType } from '../../common/types.ts';
import type { QueryStream } from '../../engine/api.ts';
import { gatherPull, SKIP_FORWARDING } from '../../engine/pull-forward.ts';

const TYPES: Record<string, SqlType> = { STRING: { kind: 'STRING' }, BIGINT: { kind: 'BIGINT' }, 'DECIMAL(5, 2)': { kind: 'DECIMAL', precision: 5, scale: 2 } as SqlType };

function localStream(rows: unknown[][]): QueryStream & { closed: boolean } {
  const stream = {
    queryId: 'query_1',
    columnNames: ['K', 'N', 'D'],
    columnTypes: ['STRING', 'BIGINT', 'DECIMAL(5, 2)'],
    schemaText: '`K` STRING KEY, `N` BIGINT, `D` DECIMAL(5, 2)',
    isPull: true,
    closed: false,
    rows: (async function* () {
      yield* rows;
    })(),
    limitReached: () => false,
    close: async () => {
      stream.closed = true;
    },
  };
  return stream as unknown as QueryStream & { closed: boolean };
}

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A peer answering /query-stream with `body` (status 200 unless given), recording each request. */
async function peer(body: string, status = 200): Promise<{ url: string; requests: { headers: http.IncomingHttpHeaders; body: unknown }[] }> {
  const requests: { headers: http.IncomingHttpHeaders; body: unknown }[] = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString('utf8')));
    req.on('end', () => {
      requests.push({ headers: req.headers, body: JSON.parse(text) as unknown });
      res.writeHead(status, { 'content-type': 'application/vnd.ksqlapi.delimited.v1' });
      res.end(body);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

const header = '{"queryId":"q","columnNames":["K","N","D"],"columnTypes":["STRING","BIGINT","DECIMAL(5, 2)"]}\n';

async function collect(stream: QueryStream): Promise<unknown[][]> {
  const out: unknown[][] = [];
  for await (const row of stream.rows) out.push([...row]);
  return out;
}

describe('gatherPull', () => {
  it("asks each peer with the caller's credentials and reads its rows exactly, after this server's", async () => {
    const a = await peer(`${header}["b",9007199254740993,1.50]\n`);
    const b = await peer(`${header}["c",-1,0.05]\n["d",null,null]\n`);
    const request = { sql: "SELECT * FROM T WHERE K='x';", properties: { 'auto.offset.reset': 'earliest' }, authorization: 'Basic dTpw' };
    const stream = await gatherPull(localStream([['a', 1n, null]]), [{ memberId: 'm1', url: a.url }, { memberId: 'm2', url: b.url }], request, (t) => TYPES[t]!);
    const rows = await collect(stream);
    expect(rows.map((r) => r.map((v) => (v instanceof Decimal ? v.toString() : v)))).toEqual([
      ['a', 1n, null],
      ['b', 9007199254740993n, '1.50'],
      ['c', -1n, '0.05'],
      ['d', null, null],
    ]);
    for (const p of [a, b]) {
      expect(p.requests).toHaveLength(1);
      expect(p.requests[0]!.headers.authorization).toBe('Basic dTpw');
      expect(p.requests[0]!.body).toEqual({ sql: request.sql, properties: { 'auto.offset.reset': 'earliest', [SKIP_FORWARDING]: true } });
    }
  });

  it('stops at LIMIT across this server and its peers', async () => {
    const a = await peer(`${header}["b",2,null]\n["c",3,null]\n`);
    const stream = await gatherPull(localStream([['a', 1n, null]]), [{ memberId: 'm1', url: a.url }], { sql: 'SELECT * FROM T LIMIT 2;', properties: {}, limit: 2 }, (t) => TYPES[t]!);
    expect((await collect(stream)).map((r) => r[0])).toEqual(['a', 'b']);
    expect(stream.limitReached()).toBe(true);
  });

  it('fails with the peer and its answer when a peer cannot answer, and closes the local part', async () => {
    const failing = await peer('{"@type":"generic_error","error_code":50000,"message":"boom"}', 500);
    const local = localStream([]);
    const error = await gatherPull(local, [{ memberId: 'm1', url: failing.url }], { sql: 'SELECT * FROM T;', properties: {} }, (t) => TYPES[t]!).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExecutionError);
    expect((error as Error).message).toContain(`Server ${failing.url} could not answer its part of this pull query (HTTP 500)`);
    expect((error as Error).message).toContain('boom');
    expect(local.closed).toBe(true);

    const gone = await gatherPull(localStream([]), [{ memberId: 'm2', url: 'http://127.0.0.1:1' }], { sql: 'SELECT * FROM T;', properties: {} }, (t) => TYPES[t]!).catch((e: unknown) => e);
    expect((gone as Error).message).toContain('Could not read the rows held by server http://127.0.0.1:1');
    const silent = await gatherPull(localStream([]), [{ memberId: 'm3', url: '' }], { sql: 'SELECT * FROM T;', properties: {} }, (t) => TYPES[t]!).catch((e: unknown) => e);
    expect((silent as Error).message).toContain('set ksql.advertised.listener');
  });
});
