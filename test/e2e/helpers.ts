/**
 * End-to-end helpers: a real `tributary server` child process on an ephemeral port, and small
 * REST calls over global fetch. Everything talks to 127.0.0.1 only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const LISTENING = /listening on (http:\/\/\S+)/;

export interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything the child wrote to stdout and stderr so far, for failure messages. */
  output(): string;
  /** Sends `signal` and waits for the process to exit. */
  stop(signal: NodeJS.Signals): Promise<void>;
}

/** Spawns `node bin/tributary.js server` on port 0 and resolves once it prints its URL. */
export async function spawnServer(dataDir: string, extraArgs: readonly string[] = [], timeoutMs = 30_000): Promise<ServerProcess> {
  const args = ['bin/tributary.js', 'server', '--port', '0', '--host', '127.0.0.1', '--data-dir', dataDir, ...extraArgs];
  const child = spawn(process.execPath, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  const exited = once(child, 'exit');
  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    await exited;
  };
  try {
    const url = await pollUntil(() => LISTENING.exec(text)?.[1] ?? (child.exitCode !== null ? fail(text) : undefined), timeoutMs, () => text);
    return { url, child, output: () => text, stop };
  } catch (e) {
    await stop('SIGKILL');
    throw e;
  }
}

function fail(output: string): never {
  throw new Error(`the server exited before listening:\n${output}`);
}

/** Polls `probe` (sync or async) until it returns a value other than undefined, or times out. */
export async function pollUntil<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs: number, describe: () => string = () => ''): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms. ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export interface HttpResult {
  readonly status: number;
  readonly body: unknown;
}

/** POST /ksql; returns status and parsed JSON body without throwing on 4xx/5xx. */
export async function ksql(url: string, sql: string, streamsProperties: Record<string, unknown> = {}): Promise<HttpResult> {
  const response = await fetch(`${url}/ksql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ksql: sql, streamsProperties }),
    signal: AbortSignal.timeout(20_000),
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

/** POST /ksql that must succeed; returns the entities. */
export async function ksqlOk(url: string, sql: string, streamsProperties: Record<string, unknown> = {}): Promise<Record<string, unknown>[]> {
  const { status, body } = await ksql(url, sql, streamsProperties);
  if (status !== 200) throw new Error(`POST /ksql ${sql} -> ${status}: ${JSON.stringify(body)}`);
  return body as Record<string, unknown>[];
}

/**
 * Runs a query on POST /query-stream (delimited framing) that ends by itself (a pull query or a
 * push query with LIMIT) and returns its rows. An error line in the body throws.
 */
export async function queryRows(url: string, sql: string, properties: Record<string, unknown> = {}, timeoutMs = 20_000): Promise<unknown[][]> {
  const response = await fetch(`${url}/query-stream`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sql, properties }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`POST /query-stream ${sql} -> ${response.status}: ${text}`);
  const [header, ...lines] = text.split('\n').filter((line) => line !== '');
  if (header === undefined) throw new Error(`no header in ${text}`);
  return lines.map((line) => {
    const parsed = JSON.parse(line) as unknown;
    if (!Array.isArray(parsed)) throw new Error(`query failed: ${line}`);
    return parsed as unknown[];
  });
}

/** Names listed by a SHOW STREAMS / SHOW QUERIES entity. */
export function listed(entities: readonly Record<string, unknown>[], field: 'streams' | 'queries', name: 'name' | 'id'): string[] {
  const items = (entities[0]?.[field] ?? []) as Record<string, unknown>[];
  return items.map((item) => String(item[name]));
}

/** Sorts rows by their JSON text so assertions ignore the order across partitions. */
export function sorted(rows: readonly unknown[][]): unknown[][] {
  return [...rows].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
}
