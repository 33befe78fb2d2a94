/**
 * Runs one RQTT case as ksqlDB's RestTestExecutor does (ksqldb-test-semantics.md §4), against a real
 * Tributary server: a fresh engine on its own embedded log behind `createServer` on 127.0.0.1 port 0,
 * spoken to over HTTP with fetch. The runner opens the log itself, as ksqlDB's harness holds the
 * Kafka cluster: it creates the topics, produces the inputs and reads the outputs there.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createEngine, type TributaryEngine } from '../../engine/engine.ts';
import { EmbeddedLog } from '../../runtime/log/embedded-log.ts';
import type { LogRecord } from '../../runtime/log/log.ts';
import { InMemorySchemaRegistry } from '../../runtime/serde/index.ts';
import { createServer, type TributaryServer } from '../../server/create-server.ts';
import { registerTopicSchemas, topicsToCreate } from './case-topics.ts';
import { type ActualRecord, decodeOutput } from './decode-output.ts';
import { encodeInput } from './encode-input.ts';
import { type JsonNode, isJsonArray, isJsonObject, field, parseLossless } from './json-text.ts';
import { type ActualError, type ActualResponse, errorMismatch, outputsMismatch, responsesMismatch } from './rest-compare.ts';
import type { RestCase } from './rest-case.ts';
import type { ConformanceSession, TopicLayout } from './session-api.ts';
import { createSession } from './session.ts';

export interface RestCaseResult {
  readonly file: string;
  readonly name: string;
  readonly status: 'passed' | 'failed';
  readonly reason?: string;
  readonly actual: {
    /** One entry per response, in the test file's own shape. */
    readonly responses: readonly ActualResponse[];
    /** Where a statement failed: the error body's message and the HTTP status. */
    readonly error?: { readonly message: string; readonly status: number };
  };
}

export interface RestRunOptions {
  /** Per-case guard so one hung case cannot stall the run. */
  readonly timeoutMs?: number;
}

/** What a case produced, filled in as it runs so a failure or timeout still reports it. */
interface Observed {
  readonly responses: ActualResponse[];
  error?: ActualError;
}

/** ksqlDB's RQTT server settings that a case cannot see but depends on (§4 "Server"). */
const SERVER_PROPERTIES: Readonly<Record<string, string>> = {
  'auto.offset.reset': 'earliest',
  'ksql.service.id': 'rqtt_',
  'ksql.query.push.v2.enabled': 'true',
};
/** The consumer group of a persistent query on a Tributary server (engine/engine.ts names them so). */
const queryGroup = (queryId: string): string => `_tributary_${SERVER_PROPERTIES['ksql.service.id']}_query_${queryId}`;
const QUERY_TIMEOUT_MS = 15_000;
const PROTOBUF = 'application/vnd.ksql.v1+protobuf';
const ERROR_QUERY_TIMEOUT_MS = 2000;
const LAG_TIMEOUT_MS = 20_000;

export async function runRestCase(c: RestCase, opts: RestRunOptions = {}): Promise<RestCaseResult> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const observed: Observed = { responses: [] };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`timed out after ${timeoutMs} ms`), timeoutMs);
  });
  let reason: string | undefined;
  const fixture = new Fixture();
  try {
    reason = c.invalid ?? (await Promise.race([fixture.run(c, observed), timeout]));
  } catch (e) {
    reason = `harness error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`;
  } finally {
    clearTimeout(timer);
    await fixture.close();
  }
  const error = observed.error ? { message: errorMessageOf(observed.error), status: observed.error.status } : undefined;
  return {
    file: basename(c.file),
    name: c.name,
    status: reason === undefined ? 'passed' : 'failed',
    ...(reason === undefined ? {} : { reason }),
    actual: { responses: observed.responses, ...(error ? { error } : {}) },
  };
}

function errorMessageOf(e: ActualError): string {
  const message = isJsonObject(e.body) ? field(e.body, 'message') : undefined;
  return typeof message === 'string' ? message : typeof e.body === 'string' ? e.body : JSON.stringify(e.body);
}

/** One case's server, engine, log and scratch directory. */
class Fixture {
  private dir: string | undefined;
  private log: EmbeddedLog | undefined;
  private engine: TributaryEngine | undefined;
  private server: TributaryServer | undefined;
  private url = '';
  /** A QTT session running the same admin statements, for the topics' layouts (ksqlDB's TopicInfoCache). */
  private layouts: ConformanceSession | undefined;
  private readonly aborts = new Set<AbortController>();
  /** The case's schema registry, shared by the server's engine and the runner's serializers. */
  private readonly registry = new InMemorySchemaRegistry();

  async run(c: RestCase, observed: Observed): Promise<string | undefined> {
    this.dir = mkdtempSync(join(tmpdir(), 'rqtt-'));
    this.log = await EmbeddedLog.open(join(this.dir, 'log'));
    await this.createTopics(c);
    this.engine = await createEngine({ dataDir: this.dir, log: this.log, properties: SERVER_PROPERTIES, schemaRegistry: this.registry });
    this.server = createServer(this.engine, { port: 0, host: '127.0.0.1', log: () => undefined });
    this.url = await this.server.listen();
    return this.drive(c, observed);
  }

  private async createTopics(c: RestCase): Promise<void> {
    const log = this.log!;
    // The case's `topics` entries win over what a CREATE statement would give the same topic.
    const listed = topicsToCreate(c.body);
    const topics = [...listed, ...createdTopics(c.body.statements).filter((t) => !listed.some((l) => l.name === t.name))];
    for (const t of topics) await log.createTopic(t.name, { partitions: t.partitions, ifNotExists: true });
    registerTopicSchemas(c.body, this.registry);
  }

  private async drive(c: RestCase, observed: Observed): Promise<string | undefined> {
    const firstQuery = c.body.statements.findIndex((s) => s.startsWith('SELECT '));
    const admin = firstQuery < 0 ? c.body.statements : c.body.statements.slice(0, firstQuery);
    const queries = firstQuery < 0 ? [] : c.body.statements.slice(firstQuery);
    if (queries.some((q) => !q.startsWith('SELECT '))) return 'invalid test: a statement follows the queries but is not a query';
    const last = c.body.statements[c.body.statements.length - 1] ?? '';

    const adminReply = await this.post('/ksql', { ksql: admin.join('\n'), streamsProperties: c.body.properties });
    if (adminReply.status !== 200) {
      observed.error = { status: adminReply.status, body: adminReply.body };
      return this.failed(c, observed.error, last);
    }
    if (!isJsonArray(adminReply.body)) return `POST /ksql answered ${adminReply.status} with a body that is not a list`;
    for (const entity of adminReply.body) observed.responses.push({ admin: entity });

    this.layouts = createSession({ properties: c.body.properties });
    registerTopicSchemas(c.body, this.layouts.schemaRegistry());
    await this.layouts.execute(admin);
    const produce = (): Promise<string | undefined> => this.produceInputs(c);
    if (!c.produceAfterHeader) {
      const m = await produce();
      if (m) return m;
    }
    if (!c.expectedError && c.responses.length > admin.length) await this.waitForQueries();

    let queryRows = false;
    for (const [i, sql] of queries.entries()) {
      const afterHeader = c.produceAfterHeader && i === 0 ? produce : undefined;
      // A query that should fail but streams instead would never end: give it less time.
      const reply = await this.query(sql, c.body.properties, afterHeader, c.expectedError ? ERROR_QUERY_TIMEOUT_MS : QUERY_TIMEOUT_MS);
      if (typeof reply === 'string') return reply;
      if (reply.status !== 200) {
        observed.error = { status: reply.status, body: reply.body };
        return this.failed(c, observed.error, last);
      }
      if (!isJsonArray(reply.body)) return `POST /query answered a body that is not a list: ${reply.text}`;
      observed.responses.push({ query: reply.body });
      queryRows = true;
    }
    if (c.expectedError) {
      return queryRows ? 'expected the last statement to fail, but the queries answered' : 'expected an error, but every statement succeeded';
    }
    // testPullWithProtoFormat: every SELECT again on /query-stream, its rows as protobuf.
    if (c.protoFormat) {
      for (const sql of queries) {
        const reply = await this.query(sql, c.body.properties, undefined, QUERY_TIMEOUT_MS, { path: '/query-stream', accept: PROTOBUF });
        if (typeof reply === 'string') return reply;
        if (reply.status !== 200 || !isJsonArray(reply.body)) return `POST /query-stream (protobuf) answered ${reply.status}: ${reply.text}`;
        observed.responses.push({ queryProto: reply.body });
      }
    }
    const outputs = await this.checkOutputs(c);
    if (outputs) return outputs;
    return responsesMismatch(c.responses, observed.responses);
  }

  private failed(c: RestCase, error: ActualError, last: string): string | undefined {
    if (!c.expectedError) return `the server failed a statement: ${error.status} ${JSON.stringify(error.body)}`;
    return errorMismatch(c.expectedError, error, last);
  }

  /** The inputs, grouped by topic, each record to the partition its key hashes to (§4 step 5). */
  private async produceInputs(c: RestCase): Promise<string | undefined> {
    const byTopic = new Map<string, LogRecord[]>();
    for (const [i, r] of c.body.inputs.entries()) {
      let encoded;
      try {
        encoded = encodeInput(r, this.layoutOf(r.topic), this.registry);
      } catch (e) {
        return `input ${i} (topic ${r.topic}): ${e instanceof Error ? e.message : String(e)}`;
      }
      let list = byTopic.get(r.topic);
      if (!list) byTopic.set(r.topic, (list = []));
      list.push({ key: encoded.key, value: encoded.value, timestamp: encoded.timestamp, headers: encoded.headers });
    }
    // One atomic write: the running queries see every topic's inputs in the same round and take
    // them in timestamp order, as Kafka Streams' tasks wait for all their partitions before
    // choosing (max.task.idle.ms). Appended topic by topic, a join could see one side before the other.
    await this.log!.writeBatch({ appends: [...byTopic].map(([topic, records]) => ({ topic, records })) });
    return undefined;
  }

  private layoutOf(topic: string): TopicLayout | undefined {
    return this.layouts?.layoutOf(topic);
  }

  /** Until every persistent query has committed up to the end of every partition it reads (§4 step 6). */
  private async waitForQueries(): Promise<void> {
    const listed = await this.post('/ksql', { ksql: 'LIST QUERIES;' });
    const entity = isJsonArray(listed.body) ? listed.body[0] : undefined;
    const list = isJsonObject(entity) ? field(entity, 'queries') : undefined;
    const ids = isJsonArray(list) ? list.flatMap((q) => (isJsonObject(q) && typeof field(q, 'id') === 'string' ? [field(q, 'id') as string] : [])) : [];
    // Caught up twice over the same end offsets: a query that wrote while another was checked
    // cannot slip through between the two checks.
    const deadline = Date.now() + LAG_TIMEOUT_MS;
    let previous: string | undefined;
    while (Date.now() < deadline) {
      const ends = await this.caughtUp(ids);
      if (ends !== undefined && ends === previous) return;
      previous = ends;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Every topic's end offsets when each query has committed up to them; undefined while one lags. */
  private async caughtUp(queryIds: readonly string[]): Promise<string | undefined> {
    const log = this.log!;
    const ends: number[] = [];
    for (const t of await log.listTopics()) {
      for (let p = 0; p < t.partitions; p++) {
        const end = await log.endOffset(t.name, p);
        ends.push(end);
        for (const id of queryIds) {
          const committed = await log.committedOffset(queryGroup(id), t.name, p);
          if (committed !== undefined && committed < end) return undefined;
        }
      }
    }
    return ends.join(',');
  }

  /** Reads each expected topic until it holds as many records as expected (or a short wait passes). */
  private async checkOutputs(c: RestCase): Promise<string | undefined> {
    const topics = [...new Set(c.body.outputs.map((r) => r.topic))];
    if (topics.length === 0) return undefined;
    const exact = c.body.properties['use.exact.numeric.comparison'];
    for (const topic of topics) {
      const expected = c.body.outputs.filter((r) => r.topic === topic);
      const deadline = Date.now() + 2000;
      let raw = await this.readTopic(topic);
      while (raw.length < expected.length && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        raw = await this.readTopic(topic);
      }
      const layout = this.layoutOf(topic);
      const actual: ActualRecord[] = [];
      for (const [i, r] of raw.entries()) {
        try {
          actual.push(decodeOutput(r, layout, { exactNumbers: exact !== false && exact !== 'false', registry: this.registry, topic }));
        } catch (e) {
          return `topic ${topic} record ${i}: cannot decode: ${e instanceof Error ? e.message : String(e)}`;
        }
      }
      const m = outputsMismatch(topic, expected, actual);
      if (m) return m;
    }
    return undefined;
  }

  private async readTopic(topic: string): Promise<LogRecord[]> {
    const log = this.log!;
    const partitions = (await log.describeTopic(topic))?.partitions ?? 0;
    const out: LogRecord[] = [];
    for (let p = 0; p < partitions; p++) out.push(...(await log.fetch(topic, p, 0, 10_000)));
    return out;
  }

  private async post(path: string, body: unknown): Promise<{ status: number; body: JsonNode; text: string }> {
    const abort = this.abortable();
    try {
      const response = await fetch(`${this.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/vnd.ksql.v1+json' },
        body: JSON.stringify(body),
        signal: abort.signal,
      });
      const text = await response.text();
      return { status: response.status, body: parseOrText(text), text };
    } finally {
      this.aborts.delete(abort);
    }
  }

  /**
   * POST /query, read to the end of the response. With `afterHeader`, the inputs are produced once
   * the first chunk (the header) has arrived, as ksqlDB's harness does for push queries.
   */
  private async query(
    sql: string,
    properties: Readonly<Record<string, unknown>>,
    afterHeader: (() => Promise<string | undefined>) | undefined,
    timeoutMs: number,
    endpoint: { readonly path: string; readonly accept: string } = { path: '/query', accept: 'application/vnd.ksql.v1+json' },
  ): Promise<{ status: number; body: JsonNode; text: string } | string> {
    const abort = this.abortable();
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    let text = '';
    try {
      const body = endpoint.path === '/query' ? { ksql: sql, streamsProperties: properties } : { sql, properties };
      const response = await fetch(`${this.url}${endpoint.path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: endpoint.accept },
        body: JSON.stringify(body),
        signal: abort.signal,
      });
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      let produced = afterHeader === undefined || response.status !== 200;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
        if (!produced) {
          produced = true;
          const m = await afterHeader!();
          if (m) return m;
        }
      }
      text += decoder.decode();
      return { status: response.status, body: parseOrText(text), text };
    } catch (e) {
      if (abort.signal.aborted) return `query ${JSON.stringify(sql)} did not complete within ${timeoutMs} ms; read so far: ${text}`;
      throw e;
    } finally {
      clearTimeout(timer);
      this.aborts.delete(abort);
    }
  }

  private abortable(): AbortController {
    const abort = new AbortController();
    this.aborts.add(abort);
    return abort;
  }

  async close(): Promise<void> {
    for (const a of this.aborts) a.abort();
    await this.server?.close().catch(() => undefined);
    await this.engine?.close().catch(() => undefined);
    if (!this.engine) await this.log?.close().catch(() => undefined);
    await this.layouts?.close().catch(() => undefined);
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }
}

function parseOrText(text: string): JsonNode {
  try {
    return parseLossless(text);
  } catch {
    return text;
  }
}

const CREATE_WITH_COLUMNS = /^\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?:SOURCE\s+)?(?:STREAM|TABLE)\s+(?:IF\s+NOT\s+EXISTS\s+)?(`(?:[^`]|``)*`|[\w.]+)\s*\(/i;

/**
 * Topics a `CREATE STREAM/TABLE` with columns names, with its PARTITIONS or 4 (§1.1 b): ksqlDB's
 * harness creates them before any statement runs.
 */
function createdTopics(statements: readonly string[]): { name: string; partitions: number }[] {
  const out: { name: string; partitions: number }[] = [];
  for (const s of statements) {
    const m = CREATE_WITH_COLUMNS.exec(s);
    if (!m) continue;
    const topic = /\bKAFKA_TOPIC\s*=\s*'((?:[^']|'')*)'/i.exec(s)?.[1]?.replace(/''/g, "'");
    const name = topic ?? (m[1]!.startsWith('`') ? m[1]!.slice(1, -1) : m[1]!.toUpperCase());
    const partitions = Number(/\bPARTITIONS\s*=\s*(\d+)/i.exec(s)?.[1] ?? 4);
    out.push({ name, partitions });
  }
  return out;
}
