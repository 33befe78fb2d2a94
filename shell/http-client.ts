import { parse } from 'lossless-json';
import { ExecutionError } from '../common/errors.ts';

/** The settings a shell session sends with every request (`SET`, `DEFINE`). */
export interface RequestSettings {
  readonly properties: Readonly<Record<string, string>>;
  readonly variables: Readonly<Record<string, string>>;
}

export interface QueryHeader {
  readonly queryId: string;
  readonly columnNames: readonly string[];
  readonly columnTypes: readonly string[];
}

export interface QueryResult {
  readonly header: QueryHeader;
  /** Rows as parsed JSON arrays; numbers stay exact (lossless-json). */
  readonly rows: AsyncIterable<unknown[]>;
}

/** How the client reaches the server; credentials become an HTTP basic `Authorization` header. */
export interface KsqlClientOptions {
  readonly credentials?: { readonly user: string; readonly password: string };
}

/** A ksqlDB REST client, just enough for the shell. Failures throw with the server's message. */
export class KsqlClient {
  private readonly headers: Readonly<Record<string, string>>;

  constructor(
    readonly baseUrl: string,
    options: KsqlClientOptions = {},
  ) {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const auth = options.credentials;
    if (auth) headers['authorization'] = `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}`;
    this.headers = headers;
  }

  async info(): Promise<Record<string, unknown>> {
    const body = await this.request('GET', '/info');
    return (asObject(body)['KsqlServerInfo'] ?? {}) as Record<string, unknown>;
  }

  /** Runs statements on `/ksql`; aborting `signal` stops waiting for the answer (the server may still run them). */
  async ksql(sql: string, settings: RequestSettings, signal?: AbortSignal): Promise<unknown[]> {
    const request = { ksql: sql, streamsProperties: settings.properties, sessionVariables: settings.variables };
    const body = await this.request('POST', '/ksql', request, signal);
    return Array.isArray(body) ? body : [];
  }

  async isValidProperty(name: string): Promise<void> {
    await this.request('GET', `/is_valid_property/${encodeURIComponent(name)}`);
  }

  /** Starts a query on `/query-stream` (delimited framing); aborting `signal` closes it. */
  async query(sql: string, settings: RequestSettings, signal: AbortSignal): Promise<QueryResult> {
    const request = { sql, properties: settings.properties, sessionVariables: settings.variables };
    const res = await this.fetch('POST', '/query-stream', request, signal);
    if (!res.ok || !res.body) throw await failure(res);
    const lines = readLines(res.body);
    const first = await lines.next();
    if (first.done) throw new ExecutionError('The server ended the query before sending its header.');
    const header = parse(first.value) as unknown as QueryHeader;
    return { header, rows: rowsOf(lines) };
  }

  private async request(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<unknown> {
    const res = await this.fetch(method, path, body, signal);
    const text = await res.text();
    if (!res.ok) throw errorFrom(res.status, text);
    return text.trim() === '' ? undefined : parse(text);
  }

  private async fetch(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<Response> {
    try {
      const init: RequestInit = { method, headers: this.headers, signal: signal ?? null };
      if (body !== undefined) init.body = JSON.stringify(body);
      return await fetch(new URL(path, this.baseUrl), init);
    } catch (err) {
      if (signal?.aborted) throw err;
      const reason = err instanceof Error && err.cause instanceof Error ? err.cause.message : String(err);
      throw new ExecutionError(`Could not reach the Tributary server at ${this.baseUrl} (${reason}). Is it running?`);
    }
  }
}

async function failure(res: Response): Promise<ExecutionError> {
  return errorFrom(res.status, await res.text());
}

/** The server's error body as an error whose message is the server's (with its caret). */
function errorFrom(status: number, text: string): ExecutionError {
  let message = text.trim() === '' ? `The server answered HTTP ${status}.` : text;
  try {
    const body = asObject(JSON.parse(text) as unknown);
    if (typeof body['message'] === 'string') message = body['message'];
  } catch {
    // Not JSON: show the text as it came.
  }
  return new ExecutionError(message);
}

async function* readLines(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of body) {
    buffered += decoder.decode(chunk, { stream: true });
    let nl = buffered.indexOf('\n');
    while (nl >= 0) {
      const line = buffered.slice(0, nl).trim();
      buffered = buffered.slice(nl + 1);
      if (line !== '') yield line;
      nl = buffered.indexOf('\n');
    }
  }
  if (buffered.trim() !== '') yield buffered.trim();
}

async function* rowsOf(lines: AsyncGenerator<string>): AsyncGenerator<unknown[]> {
  for await (const line of lines) {
    const value = parse(line);
    if (Array.isArray(value)) yield value;
    else throw errorFrom(500, line);
  }
}

function asObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}
