/**
 * Scale-out over Kafka: three real `tributary server` processes share one `ksql.service.id` (and
 * so one command topic and one server group) with their own data dirs. A projection and a
 * windowed count are created through the first; the others follow the command topic and the
 * group splits the six tasks of each query (one per source partition) between the three. One
 * server that runs tasks is SIGKILLed mid-stream; after its session times out the survivors take
 * its tasks, restore their state from the changelog partitions (they never had it locally), and
 * the outputs, read at read_committed, must equal the answer computed here exactly
 * (exactly_once_v2): every event once in the projection, every window's exact count and sum.
 * Pull queries on a table whose tasks are split between the survivors return every key from
 * either of them: each answers for its own tasks and asks the other for the rest.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Kafka, logLevel, Partitioners, type Admin, type Producer } from 'kafkajs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ksqlOk, pollUntil, queryRows, spawnServer, type ServerProcess } from '../e2e/helpers.ts';
import { expectedWindows, makeEvents, OutputReader, produceEvents, ProjectionView, WindowView, type Event } from './fault-fixtures.ts';
import { describeKafka, kafkaBootstrap, recentBaseTime, uniquePrefix } from './kafka-test-env.ts';

const N = 24_000;
const KEYS = 60;
const PARTITIONS = 6;
const SERVERS = 3;
const WINDOW_MS = 10_000;
const SPACING_MS = 10;
const BEFORE_KILL = 12_000;
const KILL_AT_IDS = 3_000;
const SESSION_TIMEOUT_MS = 6_000;
const SETTLE_TIMEOUT_MS = 60_000;
const EARLIEST = { 'auto.offset.reset': 'earliest' };

const EVENTS = makeEvents(N, KEYS, recentBaseTime(), SPACING_MS);
const EXPECTED = expectedWindows(EVENTS, WINDOW_MS);

/** What a server says about the tasks it runs: `Query <id>: running tasks 0, 3 of 6 here.` */
const TASKS_LINE = /Query (\S+): running (?:no task|tasks? ([\d, ]+)) of (\d+) here\./g;

/** The tasks each query runs on a server, as its latest report says. */
function runningTasks(output: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const m of output.matchAll(TASKS_LINE)) out.set(m[1]!, m[2] ? m[2].split(',').map((t) => Number(t.trim())) : []);
  return out;
}

describeKafka('three servers sharing a service id over Kafka', () => {
  let prefix: string;
  let serviceId: string;
  let root: string;
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  let reader: OutputReader;
  const servers: ServerProcess[] = [];
  const topic = (name: string): string => `${prefix}${name}`;
  const serverOutput = (): string => servers.map((s, i) => `--- server ${i + 1} ---\n${s.output().slice(-3_000)}`).join('\n');

  beforeEach(async () => {
    prefix = uniquePrefix();
    serviceId = `scale_${prefix.slice(2, -1)}_`;
    root = mkdtempSync(path.join(tmpdir(), 'tributary-kafka-scale-'));
    kafka = new Kafka({ clientId: 'tributary-scale-test', brokers: [kafkaBootstrap], logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    await admin.connect();
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    reader = new OutputReader(kafkaBootstrap, admin);
  });

  afterEach(async () => {
    await Promise.all(servers.map((s) => s.stop('SIGKILL')));
    servers.length = 0;
    await reader.close();
    await producer.disconnect();
    const mine = (await admin.listTopics()).filter((t) => t.includes(prefix) || t.includes(serviceId));
    if (mine.length > 0) await admin.deleteTopics({ topics: mine }).catch(() => undefined);
    await admin.disconnect();
    rmSync(root, { recursive: true, force: true });
  });

  const produce = (events: readonly Event[]): Promise<void> => produceEvents(producer, topic('events'), events);

  /** Each query's tasks across the servers still alive, once every task runs exactly once. */
  async function placement(queries: readonly string[], alive: readonly ServerProcess[]): Promise<Map<string, number[]>[]> {
    let views: Map<string, number[]>[] = [];
    return pollUntil(
      () => {
        views = alive.map((s) => runningTasks(s.output()));
        for (const q of queries) {
          const all = views.flatMap((v) => v.get(q) ?? []).sort((a, b) => a - b);
          if (all.join(',') !== Array.from({ length: PARTITIONS }, (_, t) => t).join(',')) return undefined;
        }
        return views;
      },
      30_000,
      () => `the tasks were not spread over the servers: ${JSON.stringify(views.map((v) => Object.fromEntries(v)))}\n${serverOutput()}`,
    );
  }

  it('splits each query into per-partition tasks across the servers, and the survivors of a SIGKILL finish its tasks exactly once', async () => {
    const config = path.join(root, 'server.properties');
    writeFileSync(config, [`ksql.service.id=${serviceId}`, 'processing.guarantee=exactly_once_v2', `session.timeout.ms=${SESSION_TIMEOUT_MS}`].join('\n') + '\n');
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: topic('events'), numPartitions: PARTITIONS }] });
    for (let i = 0; i < SERVERS; i++) {
      servers.push(await spawnServer(mkdtempSync(path.join(root, `server${i + 1}-`)), ['--bootstrap-servers', kafkaBootstrap, '--config', config]));
    }
    const [first] = servers as [ServerProcess];
    await ksqlOk(first.url, `CREATE STREAM EVENTS (K STRING KEY, ID INT, V INT) WITH (KAFKA_TOPIC='${topic('events')}', VALUE_FORMAT='JSON');`);
    const queryIdOf = (entities: readonly Record<string, unknown>[]): string => (entities[0]?.['commandStatus'] as { queryId: string }).queryId;
    const projectionQuery = queryIdOf(await ksqlOk(first.url, `CREATE STREAM PROJECTED WITH (KAFKA_TOPIC='${topic('projected')}') AS SELECT K, ID, V FROM EVENTS EMIT CHANGES;`, EARLIEST));
    const windowQuery = queryIdOf(
      await ksqlOk(
        first.url,
        `CREATE TABLE COUNTS WITH (KAFKA_TOPIC='${topic('counts')}') AS SELECT K, COUNT(*) AS C, SUM(V) AS S FROM EVENTS WINDOW TUMBLING (SIZE 10 SECONDS) GROUP BY K EMIT CHANGES;`,
        EARLIEST,
      ),
    );
    const totalsQuery = queryIdOf(
      await ksqlOk(first.url, `CREATE TABLE TOTALS WITH (KAFKA_TOPIC='${topic('totals')}') AS SELECT K, COUNT(*) AS C, SUM(V) AS S FROM EVENTS GROUP BY K EMIT CHANGES;`, EARLIEST),
    );
    const queries = [projectionQuery, windowQuery, totalsQuery];

    // Every server learned the queries from the command topic, and each runs a share of the tasks.
    const before = await placement(queries, servers);
    for (const [i, view] of before.entries()) {
      for (const q of queries) expect(view.get(q)?.length ?? 0, `server ${i + 1} runs tasks of ${q}\n${serverOutput()}`).toBeGreaterThan(0);
    }

    const projection = new ProjectionView(EVENTS);
    const windows = new WindowView(EXPECTED, N);
    await reader.read({ [topic('projected')]: (k, v) => projection.add(k, v), [topic('counts')]: (k, v) => windows.add(k, v) });
    const burst = produce(EVENTS.slice(0, BEFORE_KILL));
    burst.catch(() => undefined);
    await pollUntil(() => (projection.times.size >= KILL_AT_IDS ? true : undefined), 30_000, () => `waiting for output before the kill; ${projection.describe()}\n${serverOutput()}`);

    const victim = servers[1]!;
    const victimTasks = before[1]!;
    await victim.stop('SIGKILL');
    const seenAtKill = projection.times.size;
    await burst;
    await produce(EVENTS.slice(BEFORE_KILL));

    // The survivors take over the victim's tasks: between them, every task runs again.
    const survivors = [servers[0]!, servers[2]!];
    const after = await placement(queries, survivors);
    const movedTasks = queries.flatMap((q) => victimTasks.get(q) ?? []);
    expect(movedTasks.length, 'the victim ran tasks').toBeGreaterThan(0);

    const groups = [projectionQuery, windowQuery].map((q) => `_tributary_${serviceId}_query_${q}`);
    await reader.settle(topic('events'), groups, [topic('projected'), topic('counts')], SETTLE_TIMEOUT_MS, () => `${projection.describe()}; ${windows.describe(false)}\n${serverOutput()}`);

    // Pull queries on either survivor see every key, whichever server runs its task: each
    // server answers for its own tasks and asks the other for the rest.
    const totals = new Map<string, [number, number]>();
    for (const e of EVENTS) {
      const [c, sum] = totals.get(e.k) ?? [0, 0];
      totals.set(e.k, [c + 1, sum + e.v]);
    }
    const want = [...totals].map(([k, [c, sum]]) => [k, c, sum]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    await pollUntil(
      async () => {
        const rows = await queryRows(survivors[0]!.url, 'SELECT K, C, S FROM TOTALS;');
        return rows.length === KEYS && JSON.stringify(rows.sort((a, b) => String(a[0]).localeCompare(String(b[0])))) === JSON.stringify(want) ? true : undefined;
      },
      30_000,
      () => `the totals table did not reach the computed totals\n${serverOutput()}`,
    );
    for (const server of survivors) {
      const scanned = (await queryRows(server.url, 'SELECT K, C, S FROM TOTALS;')).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
      expect(scanned, `a table scan on ${server.url} returns every key once`).toEqual(want);
      for (const [k, c, sum] of want) {
        expect(await queryRows(server.url, `SELECT K, C, S FROM TOTALS WHERE K='${k}';`), `key ${k} on ${server.url}`).toEqual([[k, c, sum]]);
      }
    }

    // GET /clusterStatus on a survivor: both survivors, each query's partitions split between them.
    const status = (await (await fetch(`${survivors[0]!.url}/clusterStatus`)).json()) as {
      clusterStatus: Record<string, { hostAlive: boolean; activeStandbyPerQuery: Record<string, { activePartitions: { topic: string; partition: number }[] }> }>;
    };
    const hosts = Object.values(status.clusterStatus);
    expect(Object.keys(status.clusterStatus).sort(), JSON.stringify(status)).toEqual(survivors.map((s) => new URL(s.url).host).sort());
    for (const q of queries) {
      const partitions = hosts.flatMap((h) => (h.activeStandbyPerQuery[q]?.activePartitions ?? []).map((p) => `${p.topic}-${p.partition}`)).sort();
      expect(partitions, `${q} in ${JSON.stringify(status)}`).toEqual(Array.from({ length: PARTITIONS }, (_, p) => `${topic('events')}-${p}`).sort());
    }

    const context = `${projection.describe()}; ${windows.describe(false)}; killed with ${seenAtKill} ids out; tasks after: ${JSON.stringify(after.map((v) => Object.fromEntries(v)))}`;
    expect(seenAtKill, 'killed mid-stream').toBeLessThan(N);
    expect(projection.wrong, context).toEqual([]);
    expect(projection.missing(), `every event id comes out. ${context}`).toEqual([]);
    expect(projection.repeated(), `no event id comes out twice. ${context}`).toEqual([]);
    expect(windows.differences(false), `every window's latest row is its exact count and sum. ${context}`).toEqual([]);
    expect(windows.records, `one table update per event. ${context}`).toBe(N);
  }, 150_000);
});
