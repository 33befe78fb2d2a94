/**
 * Faults over Kafka: a real `tributary server` process runs two persistent queries over a real
 * broker while the test produces events straight into the source topic with kafkajs; the server
 * is SIGKILLed mid-stream (the outputs show part of the work, a backlog is still unread), events
 * keep arriving while it is down, it is restarted on the same data dir and config, the rest of
 * the events are produced, and the output topics, read with a kafkajs consumer at read_committed,
 * are compared with the answer computed here:
 *
 * - a projection (CSAS): every event id must come out (at least once; exactly once with
 *   `processing.guarantee=exactly_once_v2`);
 * - a windowed aggregation (CTAS, COUNT and SUM per key and 10-second tumbling window): each
 *   window's latest row must count at least every event (at least once), or exactly match
 *   (exactly once), also when the local state directory is deleted before the restart so that
 *   the window store has to be rebuilt from its changelog topic.
 *
 * Every test has its own service id, topics and data dir; the broker is shared.
 */
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Kafka, logLevel, Partitioners, type Admin, type Consumer, type Producer } from 'kafkajs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ksqlOk, pollUntil, spawnServer, type ServerProcess } from '../e2e/helpers.ts';
import { describeKafka, kafkaBootstrap, recentBaseTime, uniquePrefix, windowedKeyId } from './kafka-test-env.ts';

const N = 20_000;
const KEYS = 20;
const PARTITIONS = 2;
const BASE = recentBaseTime();
const WINDOW_MS = 10_000;
/** Event times are a permutation of N steps of 10 ms (200 s, 20 windows), so every window stays open across the kill. */
const SPACING_MS = 10;
const CHUNK = 1_000;
/** Produced while the first server runs, then while it is down; the rest after the restart. */
const BEFORE_KILL = 12_000;
const WHILE_DOWN = 2_000;
/** Kill once the projection shows this many ids and the table has counted this many events. */
const KILL_AT_IDS = 4_000;
const KILL_AT_COUNTED = 2_000;
const SETTLE_TIMEOUT_MS = 40_000;
const EARLIEST = { 'auto.offset.reset': 'earliest' };

interface Event {
  readonly id: number;
  readonly k: string;
  readonly v: number;
  readonly ts: number;
}

const EVENTS: readonly Event[] = Array.from({ length: N }, (_, id) => ({
  id,
  k: `k${(id * 7 + Math.floor(id / KEYS)) % KEYS}`,
  v: ((id * 31) % 97) - 10,
  ts: BASE + ((id * 7919) % N) * SPACING_MS,
}));

interface Aggregate {
  readonly C: number;
  readonly S: number;
}

/** `key|windowStart` → the count and sum of the events in that window. */
function expectedWindows(events: readonly Event[]): Map<string, Aggregate> {
  const out = new Map<string, Aggregate>();
  for (const e of events) {
    const id = `${e.k}|${Math.floor(e.ts / WINDOW_MS) * WINDOW_MS}`;
    const prev = out.get(id) ?? { C: 0, S: 0 };
    out.set(id, { C: prev.C + 1, S: prev.S + e.v });
  }
  return out;
}

const EXPECTED = expectedWindows(EVENTS);

/** The projection's output: how often each event id came out, and rows that do not match their event. */
class ProjectionView {
  readonly times = new Map<number, number>();
  readonly wrong: string[] = [];
  records = 0;

  add(key: Buffer | null, value: Buffer | null): void {
    this.records++;
    const row = value === null ? undefined : (JSON.parse(value.toString('utf8')) as { ID: number; V: number });
    const event = row === undefined ? undefined : EVENTS[row.ID];
    if (!row || !event || key?.toString('utf8') !== event.k || row.V !== event.v) {
      this.wrong.push(`${key?.toString('utf8')} → ${value?.toString('utf8')}`);
      return;
    }
    this.times.set(row.ID, (this.times.get(row.ID) ?? 0) + 1);
  }

  missing(): number[] {
    return EVENTS.filter((e) => !this.times.has(e.id)).map((e) => e.id);
  }

  repeated(): [number, number][] {
    return [...this.times].filter(([, n]) => n > 1);
  }

  describe(): string {
    const missing = this.missing();
    const repeated = this.repeated();
    return (
      `projection: ${this.records} records, ${this.times.size} distinct ids of ${N}; ` +
      `${missing.length} missing (e.g. ${missing.slice(0, 5).join(', ')}); ` +
      `${repeated.length} repeated (e.g. ${repeated.slice(0, 5).map(([id, n]) => `${id} ×${n}`).join(', ')}); ` +
      `${this.wrong.length} not matching their event (e.g. ${this.wrong.slice(0, 3).join('; ')})`
    );
  }
}

/**
 * The windowed table as a consumer sees it: the latest row per (key, window). Keys are as ksqlDB
 * writes a tumbling-windowed KAFKA key: the key's UTF-8 bytes, then the window start as an
 * 8-byte big-endian long.
 */
class WindowView {
  readonly latest = new Map<string, Aggregate>();
  readonly wrong: string[] = [];
  records = 0;

  add(key: Buffer | null, value: Buffer | null): void {
    this.records++;
    const id = windowedKeyId(key);
    if (id === undefined) {
      this.wrong.push(`a tumbling-windowed key needs more than 8 bytes, got ${key === null ? 'null' : key.toString('hex')}`);
      return;
    }
    if (value === null) this.latest.delete(id);
    else this.latest.set(id, JSON.parse(value.toString('utf8')) as Aggregate);
  }

  counted(): number {
    return [...this.latest.values()].reduce((n, a) => n + a.C, 0);
  }

  /** Windows whose latest row differs from the answer (`atLeast`: counts below it), and windows not in the answer. */
  differences(atLeast: boolean): string[] {
    const out: string[] = [];
    for (const [id, want] of EXPECTED) {
      const got = this.latest.get(id);
      const bad = !got || (atLeast ? got.C < want.C : got.C !== want.C || got.S !== want.S);
      if (bad) out.push(`${id}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
    }
    for (const [id, got] of this.latest) if (!EXPECTED.has(id)) out.push(`${id}: unexpected ${JSON.stringify(got)}`);
    return [...this.wrong, ...out];
  }

  describe(atLeast: boolean): string {
    const diffs = this.differences(atLeast);
    return (
      `windowed table: ${this.records} records, ${this.latest.size} windows of ${EXPECTED.size}, ${this.counted()} events counted of ${N}; ` +
      `${diffs.length} windows ${atLeast ? 'short' : 'off'} (e.g. ${diffs.slice(0, 4).join('; ')})`
    );
  }
}

interface Outcome {
  readonly projection: ProjectionView;
  readonly windows: WindowView;
  /** What the outputs showed when the server was killed. */
  readonly atKill: { readonly ids: number; readonly counted: number; readonly produced: number };
}

describeKafka('SIGKILL of a server over Kafka', () => {
  let prefix: string;
  let serviceId: string;
  let dataDir: string;
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  let consumer: Consumer | undefined;
  let server: ServerProcess | undefined;
  /** Output of every server process of the test, for failure messages. */
  const outputs: string[] = [];
  const timings: string[] = [];
  let testStarted = 0;
  const mark = (label: string): void => {
    timings.push(`${label} at ${((Date.now() - testStarted) / 1000).toFixed(1)} s`);
  };

  const topic = (name: string): string => `${prefix}${name}`;
  const serverOutput = (): string => [...outputs, server?.output() ?? ''].filter((o) => o !== '').map((o, i) => `--- server ${i + 1} ---\n${o.slice(-4_000)}`).join('\n');

  beforeEach(async () => {
    testStarted = Date.now();
    prefix = uniquePrefix();
    serviceId = `faults_${prefix.slice(2, -1)}_`;
    dataDir = mkdtempSync(path.join(tmpdir(), 'tributary-kafka-faults-'));
    kafka = new Kafka({ clientId: 'tributary-faults-test', brokers: [kafkaBootstrap], logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    await admin.connect();
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    outputs.length = 0;
    timings.length = 0;
  });

  afterEach(async (context) => {
    await server?.stop('SIGKILL');
    server = undefined;
    await consumer?.disconnect();
    consumer = undefined;
    await producer.disconnect();
    const mine = (await admin.listTopics()).filter((t) => t.includes(prefix) || t.includes(serviceId));
    if (mine.length > 0) await admin.deleteTopics({ topics: mine }).catch(() => undefined);
    await admin.disconnect();
    rmSync(dataDir, { recursive: true, force: true });
    process.stderr.write(`[kafka faults] ${context.task.name}: ${timings.join(', ')}\n`);
  });

  async function produce(events: readonly Event[]): Promise<void> {
    for (let i = 0; i < events.length; i += CHUNK) {
      await producer.send({
        topic: topic('events'),
        acks: -1,
        messages: events.slice(i, i + CHUNK).map((e) => ({ key: e.k, value: JSON.stringify({ ID: e.id, V: e.v }), timestamp: String(e.ts) })),
      });
    }
  }

  async function startServer(configFile: string): Promise<ServerProcess> {
    if (server) outputs.push(server.output());
    server = await spawnServer(dataDir, ['--bootstrap-servers', kafkaBootstrap, '--config', configFile]);
    return server;
  }

  /**
   * A kafkajs consumer (read_committed, kafkajs's default) in a group of its own, from the
   * beginning. `positions` follows how far it has read each partition, transaction markers included.
   */
  const positions = new Map<string, number>();
  async function read(handlers: Record<string, (key: Buffer | null, value: Buffer | null) => void>): Promise<void> {
    positions.clear();
    consumer = kafka.consumer({ groupId: `${prefix}reader`, maxWaitTimeInMs: 200, readUncommitted: false });
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      const at = `${payload.topic}|${payload.partition}`;
      positions.set(at, Math.max(positions.get(at) ?? 0, Number(payload.lastOffset) + 1));
    });
    await consumer.connect();
    await consumer.subscribe({ topics: Object.keys(handlers), fromBeginning: true });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        const handle = handlers[batch.topic]!;
        for (const m of batch.messages) handle(m.key, m.value);
      },
    });
  }

  /** Whether the reader has read every partition of `topics` up to its end. */
  async function readToEnd(topics: readonly string[]): Promise<{ done: boolean; text: string }> {
    let done = true;
    const parts: string[] = [];
    for (const t of topics) {
      for (const { partition, high } of await admin.fetchTopicOffsets(t)) {
        const at = positions.get(`${t}|${partition}`) ?? 0;
        if (at < Number(high)) done = false;
        parts.push(`${t}-${partition} read to ${at} of ${high}`);
      }
    }
    return { done, text: parts.join(', ') };
  }

  /** Each query's committed source offsets, per partition, and the source topic's end offsets. */
  async function progress(groups: readonly string[]): Promise<{ caughtUp: boolean; text: string }> {
    const ends = await admin.fetchTopicOffsets(topic('events'));
    let caughtUp = true;
    const parts: string[] = [`source ends ${ends.map((e) => `${e.partition}:${e.high}`).join(' ')}`];
    for (const groupId of groups) {
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic('events')] });
      const at = (p: number): string => committed?.partitions.find((c) => c.partition === p)?.offset ?? '-1';
      if (!ends.every((e) => at(e.partition) === e.high)) caughtUp = false;
      parts.push(`${groupId} at ${ends.map((e) => `${e.partition}:${at(e.partition)}`).join(' ')}`);
    }
    return { caughtUp, text: parts.join('; ') };
  }

  /**
   * The whole scenario: queries created, first events produced, SIGKILL mid-stream, more events
   * while the server is down, restart (after deleting the local state when `wipeState`), the rest
   * of the events, then wait until both queries have committed the whole input and the reader
   * has read both outputs to their ends.
   */
  async function killAndRestart(options: { exactlyOnce: boolean; wipeState: boolean }): Promise<Outcome> {
    const configFile = path.join(dataDir, 'server.properties');
    writeFileSync(
      configFile,
      [`ksql.service.id=${serviceId}`, ...(options.exactlyOnce ? ['processing.guarantee=exactly_once_v2'] : [])].join('\n') + '\n',
    );
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: topic('events'), numPartitions: PARTITIONS }] });

    const first = await startServer(configFile);
    mark('server up');
    await ksqlOk(first.url, `CREATE STREAM EVENTS (K STRING KEY, ID INT, V INT) WITH (KAFKA_TOPIC='${topic('events')}', VALUE_FORMAT='JSON');`);
    const queryIdOf = (entities: readonly Record<string, unknown>[]): string => (entities[0]?.['commandStatus'] as { queryId: string }).queryId;
    const projectionQuery = queryIdOf(
      await ksqlOk(first.url, `CREATE STREAM PROJECTED WITH (KAFKA_TOPIC='${topic('projected')}') AS SELECT K, ID, V FROM EVENTS EMIT CHANGES;`, EARLIEST),
    );
    const windowQuery = queryIdOf(
      await ksqlOk(
        first.url,
        `CREATE TABLE COUNTS WITH (KAFKA_TOPIC='${topic('counts')}') AS ` +
          'SELECT K, COUNT(*) AS C, SUM(V) AS S FROM EVENTS WINDOW TUMBLING (SIZE 10 SECONDS) GROUP BY K EMIT CHANGES;',
        EARLIEST,
      ),
    );
    const groups = [projectionQuery, windowQuery].map((q) => `_tributary_${serviceId}_query_${q}`);

    const projection = new ProjectionView();
    const windows = new WindowView();
    await read({ [topic('projected')]: (k, v) => projection.add(k, v), [topic('counts')]: (k, v) => windows.add(k, v) });
    mark('queries and reader up');

    // Produce the first events in one burst (a backlog) and kill once both outputs show part of them.
    let produced = 0;
    const burst = (async () => {
      for (let i = 0; i < BEFORE_KILL; i += CHUNK) {
        await produce(EVENTS.slice(i, i + CHUNK));
        produced = i + CHUNK;
      }
    })();
    burst.catch(() => undefined);
    const atKill = await pollUntil(
      () => (projection.times.size >= KILL_AT_IDS && windows.counted() >= KILL_AT_COUNTED ? { ids: projection.times.size, counted: windows.counted(), produced } : undefined),
      30_000,
      () => `waiting to see ${KILL_AT_IDS} ids and ${KILL_AT_COUNTED} counted events before the kill; ${projection.describe()}; ${windows.describe(true)}\n${serverOutput()}`,
    );
    await first.stop('SIGKILL');
    mark(`killed (outputs showed ${atKill.ids} ids, ${atKill.counted} counted, ${atKill.produced} produced)`);
    await burst;
    await produce(EVENTS.slice(BEFORE_KILL, BEFORE_KILL + WHILE_DOWN));

    const stateDir = path.join(dataDir, 'state', serviceId);
    if (options.wipeState) {
      expect(existsSync(stateDir), `the queries kept local state in ${stateDir}`).toBe(true);
      rmSync(stateDir, { recursive: true, force: true });
    }

    await startServer(configFile);
    mark('restarted');
    await produce(EVENTS.slice(BEFORE_KILL + WHILE_DOWN));
    mark('all produced');

    // Final once both queries have committed the whole input (nothing more will be written) and
    // the reader has read both outputs to their ends after that.
    let last = { caughtUp: false, text: '' };
    let reader = { done: false, text: '' };
    await pollUntil(
      async () => {
        last = await progress(groups);
        if (!last.caughtUp) return undefined;
        reader = await readToEnd([topic('projected'), topic('counts')]);
        return reader.done ? true : undefined;
      },
      SETTLE_TIMEOUT_MS,
      () =>
        `the queries did not commit the whole input, or the outputs were not read to their ends: ${last.text}; ${reader.text}; ` +
        `${projection.describe()}; ${windows.describe(!options.exactlyOnce)}\n${serverOutput()}`,
    );
    mark('settled');
    if (options.wipeState) expect(existsSync(stateDir), 'the local state directory was rebuilt').toBe(true);
    return { projection, windows, atKill };
  }

  /** The kill landed mid-stream: the outputs showed part of the work, not all of it. */
  function expectMidStream({ atKill }: Outcome): void {
    expect(atKill.ids).toBeGreaterThanOrEqual(KILL_AT_IDS);
    expect(atKill.ids, 'killed before the projection had seen every event').toBeLessThan(N);
    expect(atKill.counted, 'killed before the table had counted every event').toBeLessThan(N);
  }

  it('at least once: a SIGKILL mid-stream loses no event in a projection or a windowed count', async () => {
    const outcome = await killAndRestart({ exactlyOnce: false, wipeState: false });
    expectMidStream(outcome);
    const { projection, windows } = outcome;
    const context = `${projection.describe()}; ${windows.describe(true)}`;
    expect(projection.wrong, context).toEqual([]);
    expect(projection.missing(), `every event id comes out at least once. ${context}`).toEqual([]);
    expect(windows.differences(true), `every window counts at least all its events. ${context}`).toEqual([]);
    mark(`${projection.records - N} repeated projection rows, ${windows.counted() - N} events counted twice`);
  }, 90_000);

  it('exactly_once_v2: a SIGKILL mid-stream neither loses nor repeats an event', async () => {
    const outcome = await killAndRestart({ exactlyOnce: true, wipeState: false });
    expectMidStream(outcome);
    const { projection, windows } = outcome;
    const context = `${projection.describe()}; ${windows.describe(false)}`;
    expect(projection.wrong, context).toEqual([]);
    expect(projection.missing(), `every event id comes out. ${context}`).toEqual([]);
    expect(projection.repeated(), `no event id comes out twice. ${context}`).toEqual([]);
    expect(projection.records, context).toBe(N);
    expect(windows.differences(false), `every window's latest row is its exact count and sum. ${context}`).toEqual([]);
    expect(windows.records, `one table update per event. ${context}`).toBe(N);
  }, 90_000);

  it('exactly_once_v2: a restart without the local state rebuilds the windows from the changelog', async () => {
    const outcome = await killAndRestart({ exactlyOnce: true, wipeState: true });
    expectMidStream(outcome);
    const { projection, windows } = outcome;
    const context = `${projection.describe()}; ${windows.describe(false)}`;
    expect(windows.differences(false), `every window's latest row is its exact count and sum. ${context}`).toEqual([]);
    expect(projection.missing(), context).toEqual([]);
    expect(projection.repeated(), context).toEqual([]);
    expect(windows.records, `one table update per event. ${context}`).toBe(N);
  }, 90_000);
});
