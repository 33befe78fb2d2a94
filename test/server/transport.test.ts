import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import http2 from 'node:http2';
import net from 'node:net';
import { once } from 'node:events';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../../server/create-server.ts';
import { tlsFromProperties } from '../../server/tls.ts';
import { createTransport } from '../../server/transport.ts';
import { FakeEngine } from './fake-engine.ts';
import { startHarness, waitFor, type Harness } from './harness.ts';
import { hasOpenssl, makeCertificates } from './test-certs.ts';

const run = promisify(execFile);
const hasCurl = await run('curl', ['--version']).then(
  (r) => r.stdout.includes('HTTP2'),
  () => false,
);

/** curl's body, then its HTTP version and status on the last line. */
async function curl(args: string[]): Promise<{ body: string; version: string; status: number }> {
  const { stdout } = await run('curl', ['-sS', '-w', '\n%{http_version} %{http_code}', ...args]);
  const lines = stdout.split('\n');
  const [version, status] = lines.pop()!.split(' ');
  return { body: lines.join('\n'), version: version!, status: Number(status) };
}

/** A request over one HTTP/2 session; the DATA chunks as they arrived. */
function h2request(session: http2.ClientHttp2Session, path: string, body: unknown, headers: http2.OutgoingHttpHeaders = {}) {
  const req = session.request({ ':method': 'POST', ':path': path, 'content-type': 'application/json', ...headers });
  req.setEncoding('utf8');
  const chunks: string[] = [];
  let status = 0;
  req.on('response', (h) => (status = Number(h[':status'])));
  req.on('data', (c: string) => chunks.push(c));
  const ended = new Promise<void>((resolve) => req.on('close', resolve));
  req.end(JSON.stringify(body));
  return { req, chunks, status: () => status, ended };
}

describe('HTTP/1.1 and cleartext HTTP/2 on one port', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.server.close());

  it.skipIf(!hasCurl)('answers curl over HTTP/1.1 and over h2c with prior knowledge', async () => {
    const h1 = await curl([`${h.url}/info`]);
    const h2 = await curl(['--http2-prior-knowledge', `${h.url}/info`]);
    expect([h1.version, h1.status, h2.version, h2.status]).toEqual(['1.1', 200, '2', 200]);
    expect(JSON.parse(h2.body)).toEqual(JSON.parse(h1.body));
    expect(JSON.parse(h1.body).KsqlServerInfo.serverStatus).toBe('RUNNING');
    const body = ['-H', 'content-type: application/json', '-d', '{"ksql":"LIST STREAMS;"}'];
    const list1 = await curl([...body, `${h.url}/ksql`]);
    const list2 = await curl(['--http2-prior-knowledge', ...body, `${h.url}/ksql`]);
    expect([list1.version, list2.version]).toEqual(['1.1', '2']);
    expect(JSON.parse(list2.body)[0].streams.map((s: { name: string }) => s.name)).toEqual(['PAGEVIEWS', 'CLICKS']);
    expect(list2.body).toBe(list1.body);
  });

  it.skipIf(!hasCurl)('keeps HTTP/1.1 connections alive across requests, and takes large bodies on both', async () => {
    const reuse = await run('curl', ['-sS', '-o', '/dev/null', '-o', '/dev/null', '-w', '%{num_connects} ', `${h.url}/info`, `${h.url}/info`]);
    expect(reuse.stdout).toBe('1 0 ');
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'transport-')), 'body.json');
    writeFileSync(file, JSON.stringify({ ksql: `LIST STREAMS; ${' '.repeat(800_000)}` }));
    const args = ['-H', 'content-type: application/json', '--data-binary', `@${file}`, `${h.url}/ksql`];
    const [h1, h2] = await Promise.all([curl(args), curl(['--http2-prior-knowledge', ...args])]);
    expect([h1.version, h2.version]).toEqual(['1.1', '2']);
    expect(JSON.parse(h1.body)[0]['@type']).toBe('streams');
    expect(JSON.parse(h2.body)[0]['@type']).toBe('streams');
  });

  it('answers every endpoint alike over HTTP/1.1 and HTTP/2', async () => {
    const requests: [string, string, unknown?][] = [
      ['GET', '/'],
      ['GET', '/info'],
      ['GET', '/healthcheck'],
      ['GET', '/chc/ready'],
      ['GET', '/chc/live'],
      ['GET', '/status'],
      ['GET', '/status/stream/%60NOPE%60/create'],
      ['GET', '/is_valid_property/auto.offset.reset'],
      ['GET', '/is_valid_property/ksql.service.id'],
      ['GET', '/no/such/path'],
      ['POST', '/ksql', { ksql: 'LIST STREAMS;' }],
      ['POST', '/ksql', { ksql: 'DROP STREAM nope;' }],
      ['POST', '/query', { ksql: 'SELECT * FROM s;' }],
      ['POST', '/query-stream', { sql: 'SELECT * FROM s;' }],
      ['POST', '/close-query', { queryId: 'transient_X_1' }],
    ];
    const session = http2.connect(h.url);
    try {
      for (const [method, path, body] of requests) {
        // The same Accept on both (fetch would send */*).
        const headers = { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) };
        const init = body === undefined ? { headers } : { body: JSON.stringify(body), headers };
        const h1 = await fetch(`${h.url}${path}`, { method, redirect: 'manual', ...init });
        const h1Body = await h1.text();
        const h2 = await h2exchange(session, method, path, body);
        expect({ path, status: h2.status, body: h2.body.replace(/query_\d+/g, 'query_N') }).toEqual({
          path,
          status: h1.status,
          body: h1Body.replace(/query_\d+/g, 'query_N'),
        });
      }
    } finally {
      session.close();
    }
  });

  it('streams push rows over HTTP/2 one row per DATA frame, and closes the query when the stream is reset', async () => {
    const session = http2.connect(h.url);
    try {
      const call = h2request(session, '/query-stream', { sql: 'SELECT * FROM s EMIT CHANGES;' }, { accept: 'application/vnd.ksqlapi.delimited.v1' });
      await waitFor(() => call.chunks.length === 1);
      expect(call.status()).toBe(200);
      expect(JSON.parse(call.chunks[0]!).columnNames).toEqual(['ID', 'V', 'TS', 'D']);
      const query = h.engine.queries.at(-1)!;
      // Rows handed over together still go out as separate frames, each intact.
      for (let i = 0; i < 5; i++) query.channel.push([BigInt(i), `row ${i}`, 0, null]);
      await waitFor(() => call.chunks.length === 6);
      expect(call.chunks.slice(1)).toEqual([0, 1, 2, 3, 4].map((i) => `[${i},"row ${i}","1970-01-01T00:00:00.000",null]\n`));
      call.req.close(http2.constants.NGHTTP2_CANCEL);
      await waitFor(() => query.closed);
    } finally {
      session.close();
    }
  });

  it('closes with HTTP/2 sessions still open', async () => {
    const other = await startHarness();
    const session = http2.connect(other.url);
    const call = h2request(session, '/query-stream', { sql: 'SELECT * FROM s EMIT CHANGES;' });
    await waitFor(() => call.chunks.length === 1);
    await other.server.close();
    await call.ended;
    expect(other.engine.queries.at(-1)!.closed).toBe(true);
    session.destroy();
  });

  it.skipIf(!hasOpenssl)('also writes one row per DATA frame over HTTPS with HTTP/2', async () => {
    const file = makeCertificates();
    const tls = tlsFromProperties({ listeners: 'https://127.0.0.1:0', 'ssl.key.location': file('server.key'), 'ssl.certificate.location': file('server.pem') });
    const engine = new FakeEngine();
    const server = createServer(engine, { port: 0, host: '127.0.0.1', tls, log: () => undefined });
    const session = http2.connect(await server.listen(), { ca: readFileSync(file('ca.pem')) });
    try {
      const call = h2request(session, '/query-stream', { sql: 'SELECT * FROM s EMIT CHANGES;' });
      await waitFor(() => call.chunks.length === 1);
      for (let i = 0; i < 5; i++) engine.queries.at(-1)!.channel.push([BigInt(i), `row ${i}`, 0, null]);
      await waitFor(() => call.chunks.length === 6);
      expect(call.chunks.slice(1)).toEqual([0, 1, 2, 3, 4].map((i) => `[${i},"row ${i}","1970-01-01T00:00:00.000",null]\n`));
    } finally {
      session.close();
      await server.close();
    }
  });

  it('drops a connection that stays silent, or stops inside the HTTP/2 preface, before its protocol is known', async () => {
    const transport = createTransport((_req, res) => res.end('ok'), { firstBytesTimeoutMs: 50 });
    transport.listen(0, '127.0.0.1');
    await once(transport, 'listening');
    const { port } = transport.address() as net.AddressInfo;
    try {
      for (const sent of ['', 'PRI * HTTP/2.0\r\n']) {
        const socket = net.connect(port, '127.0.0.1');
        // Written, not ended: a client's FIN would end the connection by itself.
        if (sent !== '') socket.write(sent);
        await once(socket, 'close');
      }
      const answer = await fetch(`http://127.0.0.1:${port}/`);
      expect(await answer.text()).toBe('ok');
    } finally {
      transport.closeAllConnections();
      transport.close();
    }
  });
});

/** One whole HTTP/2 exchange: status and body text. */
function h2exchange(session: http2.ClientHttp2Session, method: string, path: string, body?: unknown): Promise<{ status: number; body: string }> {
  const headers: http2.OutgoingHttpHeaders = { ':method': method, ':path': path, accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const req = session.request(headers);
  req.setEncoding('utf8');
  let status = 0;
  let text = '';
  req.on('response', (h) => (status = Number(h[':status'])));
  req.on('data', (c: string) => (text += c));
  req.end(body === undefined ? undefined : JSON.stringify(body));
  return new Promise((resolve, reject) => {
    req.on('end', () => resolve({ status, body: text }));
    req.on('error', reject);
  });
}
