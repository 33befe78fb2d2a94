/**
 * `npm run load`: a bounded load test of one Tributary server over HTTP on 127.0.0.1 (a script
 * that reports figures, not a test that asserts timings).
 *
 * The server runs in its own process (`bin/tributary.js server`, embedded log, temporary data
 * dir). A table `T` is built by a persistent GROUP BY over `KEYS` keys; then:
 *
 * 1. Pull queries by key (`SELECT * FROM T WHERE K='k123';`) on `POST /query` and on
 *    `POST /query-stream`: first open-loop at `PULL_RATE` per second for `PULL_SECONDS`, latency
 *    measured from each request's scheduled start (so a stalled server cannot hide its queue),
 *    then closed-loop with `PULL_CONCURRENCY` requests in flight, for the ceiling.
 * 2. `PUSH_QUERIES` concurrent push queries (`SELECT * FROM S WHERE V >= 0 EMIT CHANGES;`), each on
 *    its own HTTP/1.1 connection to `/query-stream`, with `ksql.max.push.queries` set to the same
 *    number: one more is refused (40003); `PUSH_ROWS` rows are inserted and every query must
 *    receive all of them; closing the queries frees their places.
 *
 * Targets (issue 7): key-lookup pull queries at 5,000/s with p99 under 5 ms on either endpoint;
 * 1,000 concurrent push queries on one server, each receiving its rows.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const KEYS = Number(process.env.LOAD_KEYS ?? 10_000);
const PULL_RATE = Number(process.env.LOAD_PULL_RATE ?? 5_000);
const PULL_SECONDS = Number(process.env.LOAD_PULL_SECONDS ?? 5);
const PULL_CONCURRENCY = 32;
/** Keep-alive connections the pull-query load is sent over. */
const PULL_CONNECTIONS = Number(process.env.LOAD_PULL_CONNECTIONS ?? 64);
const CLOSED_LOOP_SECONDS = 3;
const PUSH_QUERIES = Number(process.env.LOAD_PUSH_QUERIES ?? 1_000);
const PUSH_ROWS = 20;
const REPO = fileURLToPath(new URL('..', import.meta.url));

interface Reply {
  readonly status: number;
  readonly body: string;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function post(base: URL, pathname: string, body: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = http.request(
      { host: base.hostname, port: base.port, path: pathname, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

async function ksql(base: URL, sql: string): Promise<void> {
  const reply = await post(base, '/ksql', { ksql: sql, streamsProperties: {} });
  if (reply.status !== 200) throw new Error(`POST /ksql ${sql.slice(0, 80)} -> ${reply.status}: ${reply.body}`);
}

async function startServer(dataDir: string, config: string): Promise<{ child: ChildProcess; url: URL }> {
  // LOAD_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the server.
  const nodeArgs = (process.env.LOAD_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');
  const child = spawn(process.execPath, [...nodeArgs, 'bin/tributary.js', 'server', '--port', '0', '--host', '127.0.0.1', '--data-dir', dataDir, '--config', config], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr?.on('data', (c: Buffer) => (output += c.toString('utf8')));
  // LOAD_SERVER_LOG=<file> keeps the server's output there (with LOAD_NODE_ARGS=--trace-gc, its collections).
  const serverLog = process.env.LOAD_SERVER_LOG;
  if (serverLog) {
    const file = createWriteStream(serverLog);
    child.stdout?.pipe(file);
    child.stderr?.pipe(file);
  }
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (c: Buffer) => {
      output += c.toString('utf8');
      const m = /listening on (http:\/\/\S+)/.exec(output);
      if (m) resolve({ child, url: new URL(m[1]!) });
    });
    child.on('exit', () => reject(new Error(`the server exited:\n${output}`)));
  });
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** CPU time (user + system, ms) the process has used so far, from /proc. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (100/s)
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

type Endpoint = '/query' | '/query-stream';

/**
 * The pull-query load goes through a lean HTTP/1.1 client: a fixed pool of keep-alive connections,
 * opened before the measurements (as a real client's pool, and as wrk does), whose requests are
 * written and responses parsed here. Node's http client costs more per request than the server
 * spends answering one, and on two shared cores its work and pauses would show up as server
 * latency. A request finding every connection busy waits for one, and that wait counts in its
 * latency (the open loop measures from each request's scheduled start).
 */
class PullClient {
  private readonly idle: PullConnection[] = [];
  private readonly waiting: ((connection: PullConnection) => void)[] = [];

  constructor(private readonly base: URL) {}

  async open(connections: number): Promise<void> {
    const opened = await Promise.all(Array.from({ length: connections }, () => PullConnection.open(this.base)));
    this.idle.push(...opened);
  }

  async post(pathname: string, body: string, accept: string): Promise<Reply> {
    const connection = this.idle.pop() ?? (await new Promise<PullConnection>((resolve) => this.waiting.push(resolve)));
    const head = `POST ${pathname} HTTP/1.1\r\nHost: ${this.base.host}\r\nContent-Type: application/json\r\nAccept: ${accept}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`;
    try {
      return await connection.send(head + body);
    } finally {
      const next = this.waiting.shift();
      if (next) next(connection);
      else this.idle.push(connection);
    }
  }

  close(): void {
    for (const c of this.idle) c.close();
  }
}

class PullConnection {
  private readonly socket: net.Socket;
  private buffered: Buffer = Buffer.alloc(0);
  private pending: { resolve: (r: Reply) => void; reject: (e: Error) => void } | undefined;

  static open(base: URL): Promise<PullConnection> {
    const connection = new PullConnection(base);
    return new Promise((resolve, reject) => {
      connection.socket.once('connect', () => resolve(connection));
      connection.socket.once('error', reject);
    });
  }

  private constructor(base: URL) {
    this.socket = net.connect({ host: base.hostname, port: Number(base.port), noDelay: true });
    this.socket.on('data', (chunk: Buffer) => this.received(chunk));
    const fail = (e: Error): void => {
      this.pending?.reject(e);
      this.pending = undefined;
    };
    this.socket.on('error', fail);
    this.socket.on('close', () => fail(new Error('connection closed')));
  }

  send(request: string): Promise<Reply> {
    return new Promise((resolve, reject) => {
      if (this.socket.destroyed) return reject(new Error('connection closed'));
      this.pending = { resolve, reject };
      this.socket.write(request);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private received(chunk: Buffer): void {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    const reply = parseResponse(this.buffered);
    if (!reply) return;
    this.buffered = Buffer.alloc(0);
    const pending = this.pending;
    this.pending = undefined;
    pending?.resolve(reply);
  }
}

/** A whole HTTP/1.1 response in `data` (Content-Length or chunked), or undefined while it is not all there. */
function parseResponse(data: Buffer): Reply | undefined {
  const headEnd = data.indexOf('\r\n\r\n');
  if (headEnd < 0) return undefined;
  const head = data.toString('latin1', 0, headEnd);
  const status = Number(head.slice(9, 12));
  const length = /\r\ncontent-length: *(\d+)/i.exec(head);
  let at = headEnd + 4;
  if (length) {
    const end = at + Number(length[1]);
    return data.length < end ? undefined : { status, body: data.toString('utf8', at, end) };
  }
  if (!/\r\ntransfer-encoding: *chunked/i.test(head)) throw new Error(`a response with neither Content-Length nor chunked encoding: ${head}`);
  const parts: Buffer[] = [];
  for (;;) {
    const lineEnd = data.indexOf('\r\n', at);
    if (lineEnd < 0) return undefined;
    const size = parseInt(data.toString('latin1', at, lineEnd), 16);
    if (size === 0) return data.length < lineEnd + 4 ? undefined : { status, body: Buffer.concat(parts).toString('utf8') };
    if (data.length < lineEnd + 2 + size + 2) return undefined;
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

function pullRequest(client: PullClient, endpoint: Endpoint, key: number): Promise<Reply> {
  const sql = `SELECT * FROM T WHERE K='k${key}';`;
  return endpoint === '/query'
    ? client.post('/query', JSON.stringify({ ksql: sql, streamsProperties: {} }), 'application/vnd.ksql.v1+json')
    : client.post('/query-stream', JSON.stringify({ sql, properties: {} }), 'application/vnd.ksqlapi.delimited.v1');
}

/** A reply with exactly one row for the key: the header and one row (and, on /query, the array around them). */
function oneRow(endpoint: Endpoint, reply: Reply, key: number): boolean {
  if (reply.status !== 200) return false;
  if (endpoint === '/query') {
    const parsed = JSON.parse(reply.body) as { row?: { columns: unknown[] } }[];
    const rows = parsed.filter((e) => e.row);
    return rows.length === 1 && rows[0]!.row!.columns[0] === `k${key}`;
  }
  const lines = reply.body.split('\n').filter((l) => l !== '');
  return lines.length === 2 && (JSON.parse(lines[1]!) as unknown[])[0] === `k${key}`;
}

interface PullFigures {
  readonly endpoint: Endpoint;
  readonly mode: string;
  readonly requests: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly failed: number;
  /** Server CPU time per request, µs. */
  serverCpuUs?: number;
}

async function openLoop(client: PullClient, endpoint: Endpoint): Promise<PullFigures> {
  const total = PULL_RATE * PULL_SECONDS;
  const latencies: number[] = [];
  let failed = 0;
  const start = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / PULL_RATE;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const key = (i * 7919) % KEYS;
    pending.push(
      pullRequest(client, endpoint, key).then(
        (reply) => {
          const latency = performance.now() - due;
          latencies.push(latency);
          if (!oneRow(endpoint, reply, key)) failed++;
        },
        () => {
          failed++;
        },
      ),
    );
  }
  await Promise.all(pending);
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return { endpoint, mode: `open loop, ${PULL_RATE.toLocaleString('en-US')}/s offered`, requests: total, perSecond: total / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1) ?? NaN, failed };
}

async function closedLoop(client: PullClient, endpoint: Endpoint): Promise<PullFigures> {
  const latencies: number[] = [];
  let failed = 0;
  let next = 0;
  const start = performance.now();
  const deadline = start + CLOSED_LOOP_SECONDS * 1000;
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const key = (next++ * 7919) % KEYS;
      const t0 = performance.now();
      const reply = await pullRequest(client, endpoint, key).catch(() => undefined);
      latencies.push(performance.now() - t0);
      if (!reply || !oneRow(endpoint, reply, key)) failed++;
    }
  };
  await Promise.all(Array.from({ length: PULL_CONCURRENCY }, worker));
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return { endpoint, mode: `closed loop, ${PULL_CONCURRENCY} in flight`, requests: latencies.length, perSecond: latencies.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1) ?? NaN, failed };
}

interface PushQuery {
  rows: number;
  header: boolean;
  error: string | undefined;
  readonly close: () => void;
}

function openPush(base: URL, pushAgent: http.Agent): PushQuery {
  const query: PushQuery = { rows: 0, header: false, error: undefined, close: () => undefined };
  const payload = JSON.stringify({ sql: 'SELECT * FROM S WHERE V >= 0 EMIT CHANGES;', properties: {} });
  const req = http.request({ host: base.hostname, port: base.port, path: '/query-stream', method: 'POST', agent: pushAgent, headers: { 'content-type': 'application/json', accept: 'application/vnd.ksqlapi.delimited.v1' } }, (res) => {
    let pending = '';
    res.on('data', (c: Buffer) => {
      pending += c.toString('utf8');
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        if (line === '') continue;
        if (res.statusCode !== 200) query.error = line;
        else if (!query.header) query.header = true;
        else if (line.startsWith('[')) query.rows++;
        else query.error = line;
      }
    });
    res.on('end', () => {
      if (res.statusCode !== 200) query.error ??= `HTTP ${res.statusCode}: ${pending}`;
    });
  });
  req.on('error', (e) => (query.error ??= e.message));
  req.end(payload);
  (query as { close: () => void }).close = () => req.destroy();
  return query;
}

async function until(probe: () => boolean, timeoutMs: number, what: () => string): Promise<number> {
  const start = performance.now();
  while (!probe()) {
    if (performance.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return performance.now() - start;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tributary-load-'));
  const config = path.join(dir, 'server.properties');
  writeFileSync(config, `ksql.max.push.queries=${PUSH_QUERIES}\n`);
  const { child, url } = await startServer(path.join(dir, 'data'), config);
  const client = new PullClient(url);
  try {
    await client.open(PULL_CONNECTIONS);
    console.log(`Load test of one server at ${url.origin} (pid ${child.pid}, its own process, embedded log)`);
    await ksql(url, "CREATE STREAM S (K STRING KEY, V INT) WITH (KAFKA_TOPIC='s', PARTITIONS=1, VALUE_FORMAT='JSON');");
    await ksql(url, "CREATE TABLE T AS SELECT K, COUNT(*) AS C, SUM(V) AS TOTAL FROM S GROUP BY K EMIT CHANGES;");
    for (let i = 0; i < KEYS; i += 500) {
      const batch = Array.from({ length: Math.min(500, KEYS - i) }, (_, j) => `INSERT INTO S (K, V) VALUES ('k${i + j}', ${i + j});`).join('\n');
      await ksql(url, batch);
    }
    let ready = false;
    for (let tries = 0; tries < 600 && !ready; tries++) {
      ready = oneRow('/query-stream', await pullRequest(client, '/query-stream', KEYS - 1), KEYS - 1);
      if (!ready) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (!ready) throw new Error(`table T never held key k${KEYS - 1}`);
    console.log(`Table T: ${KEYS.toLocaleString('en-US')} keys materialized by a persistent GROUP BY; server RSS ${rssMb(child.pid!).toFixed(0)} MB\n`);

    const pulls: PullFigures[] = [];
    const measure = async (run: () => Promise<PullFigures>): Promise<PullFigures> => {
      const before = cpuMs(child.pid!);
      const figures = await run();
      figures.serverCpuUs = ((cpuMs(child.pid!) - before) * 1000) / figures.requests;
      return figures;
    };
    for (const endpoint of ['/query', '/query-stream'] as const) {
      await closedLoop(client, endpoint); // warm-up
      pulls.push(await measure(() => openLoop(client, endpoint)));
      pulls.push(await measure(() => closedLoop(client, endpoint)));
    }
    const ms = (v: number): string => v.toFixed(2);
    console.log('Pull queries by key: SELECT * FROM T WHERE K=...');
    console.log('| endpoint | mode | requests | per second | p50 ms | p99 ms | max ms | failed | server CPU µs/request |');
    console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const p of pulls) console.log(`| \`${p.endpoint}\` | ${p.mode} | ${p.requests.toLocaleString('en-US')} | ${Math.round(p.perSecond).toLocaleString('en-US')} | ${ms(p.p50)} | ${ms(p.p99)} | ${ms(p.max)} | ${p.failed} | ${Math.round(p.serverCpuUs ?? NaN)} |`);

    const pushAgent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
    const rssBefore = rssMb(child.pid!);
    const queries = Array.from({ length: PUSH_QUERIES }, () => openPush(url, pushAgent));
    const started = await until(
      () => queries.every((q) => q.header || q.error !== undefined),
      120_000,
      () => `${queries.filter((q) => q.header).length} of ${PUSH_QUERIES} push queries to start`,
    );
    const failedToStart = queries.filter((q) => !q.header);
    const extra = openPush(url, pushAgent);
    await until(() => extra.header || extra.error !== undefined, 10_000, () => 'the extra push query to be answered');
    const insertAt = performance.now();
    await ksql(url, Array.from({ length: PUSH_ROWS }, (_, i) => `INSERT INTO S (K, V) VALUES ('push${i}', ${i});`).join('\n'));
    const delivered = await until(
      () => queries.every((q) => q.rows >= PUSH_ROWS || !q.header),
      120_000,
      () => `every push query to receive ${PUSH_ROWS} rows (${queries.filter((q) => q.rows >= PUSH_ROWS).length} have)`,
    ).then(() => performance.now() - insertAt);
    const rssWith = rssMb(child.pid!);
    for (const q of queries) q.close();
    extra.close();
    // Their places are free again: a new push query starts.
    const again = openPush(url, pushAgent);
    await until(() => again.header || again.error !== undefined, 30_000, () => 'a push query after closing the others').catch(() => undefined);
    again.close();
    console.log(`\nPush queries: ${PUSH_QUERIES.toLocaleString('en-US')} concurrent on /query-stream (HTTP/1.1, one connection each), ksql.max.push.queries=${PUSH_QUERIES}`);
    console.log(`- started: ${queries.length - failedToStart.length} in ${(started / 1000).toFixed(1)} s${failedToStart.length > 0 ? `; ${failedToStart.length} failed, e.g. ${failedToStart[0]!.error}` : ''}`);
    console.log(`- one more: ${extra.header ? 'ACCEPTED (limit not enforced)' : `refused: ${extra.error?.slice(0, 160)}`}`);
    console.log(`- ${PUSH_ROWS} rows inserted; every query had all of them ${delivered.toFixed(0)} ms later (${queries.filter((q) => q.rows === PUSH_ROWS).length} with exactly ${PUSH_ROWS})`);
    console.log(`- server RSS ${rssBefore.toFixed(0)} MB before, ${rssWith.toFixed(0)} MB with ${PUSH_QUERIES} push queries`);
    console.log(`- after closing them all, a new push query ${again.header ? 'starts' : `does not start: ${again.error}`}`);
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    rmSync(dir, { recursive: true, force: true });
    agent.destroy();
    client.close();
  }
}

await main();
