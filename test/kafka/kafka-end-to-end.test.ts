/**
 * The engine over a real Kafka broker, end to end: topics made and filled by plain kafkajs
 * clients, statements run on `createEngine({ bootstrapServers })`, outputs read back with a kafkajs
 * consumer and compared with answers computed here from the events.
 *
 * 1. A windowed aggregation and a stream-table join over 100,000 events.
 * 2. The windowed aggregation across a restart whose local state directory was deleted: the
 *    command topic brings the query back, it resumes from its committed offsets, and its window
 *    store must be rebuilt from the changelog topic, or the counts of windows that were open
 *    across the restart come out short. Once at least once, once with exactly_once_v2.
 *
 * Every test has its own service id and topics (the broker is shared), all named after one prefix.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Kafka, logLevel, Partitioners, type Admin, type Consumer, type Producer } from 'kafkajs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createEngine, type TributaryEngine } from '../../engine/engine.ts';
import type { KsqlEntity } from '../../engine/api.ts';
import { describeKafka, kafkaBootstrap, recentBaseTime, uniquePrefix, windowedKeyId } from './kafka-test-env.ts';

const N = 100_000;
/** Event keys u0..u319; the table has rows for u0..u299 only, so the inner join drops the rest. */
const KEYS = 320;
const USERS = 300;
const BASE = recentBaseTime();
const WINDOW_MS = 10_000;
/** Events are spread over N × 5 ms = 500 s (50 windows), in a shuffled time order. */
const SPACING_MS = 5;
const EARLIEST = { 'auto.offset.reset': 'earliest' };
/** How long the outputs may take to reach the expected answer before the test fails. */
const WAIT_MS = 60_000;
const PRODUCE_CHUNK = 10_000;

interface Event {
  readonly seq: number;
  readonly id: string;
  readonly v: number;
  readonly ts: number;
}

/** Deterministic events: keys spread over every id, times a permutation of 0..N-1 steps. */
const EVENTS: readonly Event[] = Array.from({ length: N }, (_, seq) => ({
  seq,
  id: `u${(seq * 7 + Math.floor(seq / KEYS)) % KEYS}`,
  v: ((seq * 31) % 97) - 10,
  ts: BASE + ((seq * 7919) % N) * SPACING_MS,
}));

/** Each user's region, written twice for every third user: the join must use the later one. */
const USER_ROWS: readonly { readonly id: string; readonly region: string }[] = [
  ...Array.from({ length: USERS }, (_, i) => ({ id: `u${i}`, region: `r${i % 7}` })),
  ...Array.from({ length: USERS }, (_, i) => i)
    .filter((i) => i % 3 === 0)
    .map((i) => ({ id: `u${i}`, region: `moved-${i % 5}` })),
];
const regionOf = new Map(USER_ROWS.map((u) => [u.id, u.region]));

interface Aggregate {
  readonly C: number;
  readonly S: number;
}

/** `id|windowStart` → count and sum of the events in that tumbling window. */
function expectedWindows(events: readonly Event[]): Map<string, Aggregate> {
  const out = new Map<string, Aggregate>();
  for (const e of events) {
    const id = `${e.id}|${Math.floor(e.ts / WINDOW_MS) * WINDOW_MS}`;
    const prev = out.get(id) ?? { C: 0, S: 0 };
    out.set(id, { C: prev.C + 1, S: prev.S + e.v });
  }
  return out;
}

/** `seq|id|v|region` for every event whose user has a row: the join's output, as a set (each once). */
function expectedJoin(events: readonly Event[]): Set<string> {
  const out = new Set<string>();
  for (const e of events) {
    const region = regionOf.get(e.id);
    if (region !== undefined) out.add(`${e.seq}|${e.id}|${e.v}|${region}`);
  }
  return out;
}

/** Differences between two maps, at most `limit` of them, for failure messages. */
function diff(expected: ReadonlyMap<string, Aggregate>, actual: ReadonlyMap<string, Aggregate>, limit = 5): string[] {
  const out: string[] = [];
  for (const [k, v] of expected) {
    const a = actual.get(k);
    if (!a || a.C !== v.C || a.S !== v.S) out.push(`${k}: expected ${JSON.stringify(v)}, got ${JSON.stringify(a)}`);
    if (out.length >= limit) return out;
  }
  for (const k of actual.keys()) {
    if (!expected.has(k)) out.push(`${k}: unexpected ${JSON.stringify(actual.get(k))}`);
    if (out.length >= limit) return out;
  }
  return out;
}

const sameWindows = (expected: ReadonlyMap<string, Aggregate>, actual: ReadonlyMap<string, Aggregate>): boolean =>
  expected.size === actual.size && diff(expected, actual, 1).length === 0;

/** How long a topic that has all the records expected must stay quiet before the checks run. */
const SETTLE_MS = 2_000;

/**
 * A view is done when it holds the expected answer, or when it has at least the expected number
 * of records and nothing came for SETTLE_MS: then the assertions that follow say what is wrong,
 * without waiting out WAIT_MS.
 */
const settled = (view: { readonly records: number; readonly lastRecordAt: number }, expectedRecords: number, right: () => boolean): boolean =>
  right() || (view.records >= expectedRecords && Date.now() - view.lastRecordAt > SETTLE_MS);

/** Polls `done` until it holds; fails after `timeoutMs` with `seen()` in the message. */
async function waitUntil(what: string, done: () => boolean | Promise<boolean>, seen: () => string | Promise<string>, timeoutMs = WAIT_MS): Promise<number> {
  const started = Date.now();
  while (!(await done())) {
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not reached within ${timeoutMs} ms. Seen: ${await seen()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return Date.now() - started;
}

/**
 * The windowed table as its consumers see it: the latest value per (key, window). The key is as
 * ksqlDB writes a tumbling-windowed KAFKA key: the key's bytes, then the window start as an 8-byte
 * big-endian long.
 */
class WindowedTableView {
  readonly latest = new Map<string, Aggregate>();
  records = 0;
  lastRecordAt = 0;

  add(key: Buffer | null, value: Buffer | null): void {
    this.records++;
    this.lastRecordAt = Date.now();
    const k = windowedKeyId(key);
    if (k === undefined) throw new Error(`a windowed key needs more than 8 bytes, got ${key === null ? 'null' : key.length}`);
    if (value === null) this.latest.delete(k);
    else this.latest.set(k, JSON.parse(value.toString('utf8')) as Aggregate);
  }

  describe(expected: ReadonlyMap<string, Aggregate>): string {
    return `${this.records} records, ${this.latest.size} windows (expected ${expected.size}); first differences: ${diff(expected, this.latest).join('; ')}`;
  }
}

/** The join's output rows, counted, so a duplicate shows. */
class JoinView {
  readonly rows = new Map<string, number>();
  records = 0;
  lastRecordAt = 0;

  add(key: Buffer | null, value: Buffer | null): void {
    this.records++;
    this.lastRecordAt = Date.now();
    const v = JSON.parse(value!.toString('utf8')) as { SEQ: number; V: number; REGION: string };
    const row = `${v.SEQ}|${key?.toString('utf8')}|${v.V}|${v.REGION}`;
    this.rows.set(row, (this.rows.get(row) ?? 0) + 1);
  }

  describe(expected: ReadonlySet<string>): string {
    const missing = [...expected].filter((r) => !this.rows.has(r));
    const extra = [...this.rows].filter(([r, n]) => !expected.has(r) || n > 1).map(([r, n]) => `${r} ×${n}`);
    return `${this.records} records, ${this.rows.size} distinct (expected ${expected.size}); ${missing.length} missing, e.g. ${missing.slice(0, 3).join(', ')}; ${extra.length} unexpected or repeated, e.g. ${extra.slice(0, 3).join(', ')}`;
  }
}

describeKafka('the engine over Kafka, end to end', () => {
  let prefix: string;
  let dataDir: string;
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  let consumer: Consumer | undefined;
  let engine: TributaryEngine | undefined;
  const timings: string[] = [];
  const time = async <T>(label: string, f: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    const result = await f();
    timings.push(`${label} ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return result;
  };

  const topic = (name: string): string => `${prefix}${name}`;
  const openEngine = (): Promise<TributaryEngine> =>
    createEngine({ dataDir, bootstrapServers: kafkaBootstrap, properties: { 'ksql.service.id': prefix } });

  async function produce(topicName: string, messages: { key: string; value: string; timestamp: number }[]): Promise<void> {
    for (let i = 0; i < messages.length; i += PRODUCE_CHUNK) {
      await producer.send({
        topic: topicName,
        acks: -1,
        messages: messages.slice(i, i + PRODUCE_CHUNK).map((m) => ({ key: m.key, value: m.value, timestamp: String(m.timestamp) })),
      });
    }
  }

  const produceEvents = (events: readonly Event[]): Promise<void> =>
    produce(
      topic('events'),
      events.map((e) => ({ key: e.id, value: JSON.stringify({ SEQ: e.seq, V: e.v }), timestamp: e.ts })),
    );

  /** A kafkajs consumer in a group of its own, reading `handlers`' topics from the beginning. */
  async function read(handlers: Record<string, (key: Buffer | null, value: Buffer | null) => void>): Promise<void> {
    consumer = kafka.consumer({ groupId: `${prefix}reader`, maxWaitTimeInMs: 250 });
    await consumer.connect();
    await consumer.subscribe({ topics: Object.keys(handlers), fromBeginning: true });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        const handle = handlers[batch.topic]!;
        for (const m of batch.messages) handle(m.key, m.value);
      },
    });
  }

  /**
   * Where things stand on the broker, for failure messages: each topic's offset range and each
   * query's committed offsets (its group is `_tributary_<service id>_query_<query id>`).
   */
  async function brokerView(topics: readonly string[], queryIds: readonly string[]): Promise<string> {
    try {
      const ends = await Promise.all(topics.map(async (t) => `${t.slice(prefix.length)} holds ${(await admin.fetchTopicOffsets(t)).map((o) => `${o.partition}:[${o.low},${o.high})`).join(',')}`));
      const committed = await Promise.all(
        queryIds.map(async (q) => {
          const offsets = await admin.fetchOffsets({ groupId: `_tributary_${prefix}_query_${q}`, topics: [topic('events')] });
          return `${q} committed ${offsets.flatMap((t) => t.partitions.map((p) => `${p.partition}:${p.offset}`)).join(',')}`;
        }),
      );
      return `[broker: ${[...ends, ...committed].join('; ')}]`;
    } catch (e) {
      return `[broker: ${String(e)}]`;
    }
  }

  /** The query id in the entity of a CREATE ... AS SELECT among `entities`. */
  const queryIdOf = (entities: readonly KsqlEntity[]): string => {
    const id = entities.map((e) => (e['commandStatus'] as { queryId?: string } | undefined)?.queryId).find((q) => q !== undefined);
    if (id === undefined) throw new Error(`no query id in ${JSON.stringify(entities)}`);
    return id;
  };

  beforeEach(async () => {
    prefix = uniquePrefix();
    dataDir = mkdtempSync(path.join(tmpdir(), 'tributary-kafka-e2e-'));
    kafka = new Kafka({ clientId: 'tributary-e2e-test', brokers: [kafkaBootstrap], logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    await admin.connect();
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    timings.length = 0;
  });

  afterEach(async () => {
    await engine?.close();
    engine = undefined;
    await consumer?.disconnect();
    consumer = undefined;
    await producer.disconnect();
    const mine = (await admin.listTopics()).filter((t) => t.includes(prefix));
    if (mine.length > 0) await admin.deleteTopics({ topics: mine });
    await admin.disconnect();
    rmSync(dataDir, { recursive: true, force: true });
    process.stderr.write(`[kafka end-to-end] ${timings.join(', ')}\n`);
  });

  it('aggregates 100,000 events in tumbling windows and joins them with a table', async () => {
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        { topic: topic('events'), numPartitions: 2 },
        { topic: topic('users'), numPartitions: 2 },
      ],
    });
    engine = await openEngine();
    await engine.execute(
      `CREATE STREAM EVENTS (ID STRING KEY, SEQ INT, V INT) WITH (KAFKA_TOPIC='${topic('events')}', VALUE_FORMAT='JSON');` +
        `CREATE TABLE USERS (ID STRING PRIMARY KEY, REGION STRING) WITH (KAFKA_TOPIC='${topic('users')}', VALUE_FORMAT='JSON');`,
    );
    await produce(
      topic('users'),
      USER_ROWS.map((u, i) => ({ key: u.id, value: JSON.stringify({ REGION: u.region }), timestamp: BASE - 60_000 + i })),
    );
    const counts = await engine.execute(
      `CREATE TABLE COUNTS WITH (KAFKA_TOPIC='${topic('counts')}') AS ` +
        'SELECT ID, COUNT(*) AS C, SUM(V) AS S FROM EVENTS WINDOW TUMBLING (SIZE 10 SECONDS) GROUP BY ID EMIT CHANGES;',
      { properties: EARLIEST },
    );
    const join = await engine.execute(
      `CREATE STREAM ENRICHED WITH (KAFKA_TOPIC='${topic('enriched')}') AS ` +
        'SELECT E.ID AS ID, E.SEQ AS SEQ, E.V AS V, U.REGION AS REGION FROM EVENTS E JOIN USERS U ON E.ID = U.ID EMIT CHANGES;',
      { properties: EARLIEST },
    );

    // A stream-table join joins each event with the table as the query has read it so far, and the
    // engine does not order records by time across topics: see the join's query read the whole table
    // (its committed offsets on the table topic at the end) before any event exists.
    const group = `_tributary_${prefix}_query_${queryIdOf(join)}`;
    const tableEnd = await admin.fetchTopicOffsets(topic('users'));
    let committed: unknown;
    await time('table loaded', () =>
      waitUntil(
        'the join query reading the table',
        async () => {
          const [offsets] = await admin.fetchOffsets({ groupId: group, topics: [topic('users')] });
          committed = offsets?.partitions;
          return tableEnd.every((end) => offsets?.partitions.find((p) => p.partition === end.partition)?.offset === end.high);
        },
        () => `committed ${JSON.stringify(committed)}, ends ${JSON.stringify(tableEnd)}`,
      ),
    );

    await time(`produced ${N} events`, () => produceEvents(EVENTS));

    const windows = new WindowedTableView();
    const joined = new JoinView();
    await read({ [topic('counts')]: (k, v) => windows.add(k, v), [topic('enriched')]: (k, v) => joined.add(k, v) });
    const expectedTable = expectedWindows(EVENTS);
    const expectedRows = expectedJoin(EVENTS);
    const view = (): Promise<string> => brokerView([topic('events'), topic('counts'), topic('enriched')], [queryIdOf(counts), queryIdOf(join)]);
    await time('windowed table complete', () =>
      waitUntil('the windowed table', () => settled(windows, N, () => sameWindows(expectedTable, windows.latest)), async () => `${windows.describe(expectedTable)} ${await view()}`),
    );
    await time('join complete', () =>
      waitUntil('the join', () => settled(joined, expectedRows.size, () => joined.records === expectedRows.size && joined.rows.size === expectedRows.size), async () => `${joined.describe(expectedRows)} ${await view()}`),
    );

    // One update per event, and each event joined exactly once with its user's latest region.
    expect(windows.records, windows.describe(expectedTable)).toBe(N);
    expect(sameWindows(expectedTable, windows.latest), windows.describe(expectedTable)).toBe(true);
    expect(joined.records, joined.describe(expectedRows)).toBe(expectedRows.size);
    expect([...joined.rows.keys()].filter((r) => !expectedRows.has(r)), joined.describe(expectedRows)).toEqual([]);
  }, 120_000);

  // At least once (the default) and with Kafka transactions, whose markers the restore steps over.
  it.each(['at_least_once', 'exactly_once_v2'])('rebuilds a windowed aggregation from its changelog when the local state directory is lost (%s)', async (guarantee) => {
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: topic('events'), numPartitions: 2 }] });
    const half = N / 2;
    const statements =
      `CREATE STREAM EVENTS (ID STRING KEY, SEQ INT, V INT) WITH (KAFKA_TOPIC='${topic('events')}', VALUE_FORMAT='JSON');` +
      `CREATE TABLE COUNTS WITH (KAFKA_TOPIC='${topic('counts')}') AS ` +
      'SELECT ID, COUNT(*) AS C, SUM(V) AS S FROM EVENTS WINDOW TUMBLING (SIZE 10 SECONDS) GROUP BY ID EMIT CHANGES;';
    engine = await openEngine();
    const created = await engine.execute(statements, { properties: { ...EARLIEST, 'processing.guarantee': guarantee } });
    const view = (): Promise<string> => brokerView([topic('events'), topic('counts')], [queryIdOf(created)]);

    const windows = new WindowedTableView();
    await read({ [topic('counts')]: (k, v) => windows.add(k, v) });
    // The first half's times are spread over every window, so every window is open across the restart.
    await time(`produced ${half} events`, () => produceEvents(EVENTS.slice(0, half)));
    const firstHalf = expectedWindows(EVENTS.slice(0, half));
    await time('first half counted', () =>
      waitUntil('the first half', () => settled(windows, half, () => sameWindows(firstHalf, windows.latest)), async () => `${windows.describe(firstHalf)} ${await view()}`),
    );
    expect(sameWindows(firstHalf, windows.latest), windows.describe(firstHalf)).toBe(true);
    expect(windows.records, windows.describe(firstHalf)).toBe(half);

    await time('closed', () => engine!.close());
    engine = undefined;
    const stateDir = path.join(dataDir, 'state');
    expect(existsSync(path.join(stateDir, prefix)), 'the query kept its state under <data dir>/state/<service id>').toBe(true);
    rmSync(stateDir, { recursive: true, force: true });
    const changelogs = (await admin.listTopics()).filter((t) => t.startsWith(`_confluent-ksql-${prefix}query_`) && t.endsWith('-changelog'));
    expect(changelogs, 'the window store has a changelog topic (pull queries read the table from it)').toHaveLength(1);

    engine = await time('reopened', () => openEngine());
    await time(`produced ${N - half} events`, () => produceEvents(EVENTS.slice(half)));
    const all = expectedWindows(EVENTS);
    await time('second half counted', () =>
      waitUntil('the whole table', () => settled(windows, N, () => sameWindows(all, windows.latest)), async () => `${windows.describe(all)} ${await view()}`),
    );
    // Nothing lost (every window's count is whole) and nothing counted or written twice.
    expect(sameWindows(all, windows.latest), windows.describe(all)).toBe(true);
    expect(windows.records, 'one update per event: the restart reprocessed nothing').toBe(N);
    expect(existsSync(path.join(stateDir, prefix)), 'the state directory was rebuilt').toBe(true);
  }, 120_000);
});
