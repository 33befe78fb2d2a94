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
import { Kafka, logLevel, Partitioners, type Admin, type Producer } from 'kafkajs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ksqlOk, pollUntil, spawnServer, type ServerProcess } from '../e2e/helpers.ts';
import { expectedWindows, makeEvents, OutputReader, produceEvents, ProjectionView, WindowView, type Event } from './fault-fixtures.ts';
import { describeKafka, kafkaBootstrap, recentBaseTime, uniquePrefix } from './kafka-test-env.ts';

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

const EVENTS = makeEvents(N, KEYS, BASE, SPACING_MS);
const EXPECTED = expectedWindows(EVENTS, WINDOW_MS);

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
  let reader: OutputReader;
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
    reader = new OutputReader(kafkaBootstrap, admin);
    outputs.length = 0;
    timings.length = 0;
  });

  afterEach(async (context) => {
    await server?.stop('SIGKILL');
    server = undefined;
    await reader.close();
    await producer.disconnect();
    const mine = (await admin.listTopics()).filter((t) => t.includes(prefix) || t.includes(serviceId));
    if (mine.length > 0) await admin.deleteTopics({ topics: mine }).catch(() => undefined);
    await admin.disconnect();
    rmSync(dataDir, { recursive: true, force: true });
    process.stderr.write(`[kafka faults] ${context.task.name}: ${timings.join(', ')}\n`);
  });

  const produce = (events: readonly Event[]): Promise<void> => produceEvents(producer, topic('events'), events);

  async function startServer(configFile: string): Promise<ServerProcess> {
    if (server) outputs.push(server.output());
    server = await spawnServer(dataDir, ['--bootstrap-servers', kafkaBootstrap, '--config', configFile]);
    return server;
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

    const projection = new ProjectionView(EVENTS);
    const windows = new WindowView(EXPECTED, N);
    await reader.read({ [topic('projected')]: (k, v) => projection.add(k, v), [topic('counts')]: (k, v) => windows.add(k, v) });
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
    await reader.settle(topic('events'), groups, [topic('projected'), topic('counts')], SETTLE_TIMEOUT_MS, () => `${projection.describe()}; ${windows.describe(!options.exactlyOnce)}\n${serverOutput()}`);
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
