/**
 * Headless mode over Kafka, where ksqlDB uses it: real `tributary server --queries-file` processes
 * run a CSAS from their file while the test produces into the source topic with kafkajs. With
 * exactly_once_v2 the output topic, read at read_committed, must hold each result once:
 *
 * - one server, SIGKILLed while records keep arriving and restarted with the same file: the query
 *   resumes under the same id from its committed offsets;
 * - two servers with the same file and service id: they split the query's tasks between them.
 *
 * No command topic may appear: a headless server neither writes nor follows one.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Kafka, logLevel, Partitioners, type Admin, type Producer } from 'kafkajs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ksql, pollUntil, spawnServer, type ServerProcess } from '../e2e/helpers.ts';
import { OutputReader } from './fault-fixtures.ts';
import { describeKafka, kafkaBootstrap, uniquePrefix } from './kafka-test-env.ts';

type Row = readonly [number, string];
const rows = (from: number, to: number): Row[] => Array.from({ length: to - from + 1 }, (_, i) => [from + i, `name${from + i}`] as const);
const shown = (r: readonly Row[]): string[] => r.map(([id, name]) => `${id}:${name.toUpperCase()}`);
const key = (id: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(id);
  return b;
};

describeKafka('headless servers over Kafka', () => {
  let prefix: string;
  let serviceId: string;
  let dataDirs: string[];
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  let reader: OutputReader;
  let servers: ServerProcess[];
  let output: string[];

  /** A data dir with the queries file and config every server of the test runs with. */
  const serverArgs = (): { dataDir: string; args: string[] } => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'tributary-kafka-headless-'));
    dataDirs.push(dataDir);
    const deploy = path.join(dataDir, 'deploy.sql');
    writeFileSync(
      deploy,
      `CREATE STREAM S (ID INT KEY, NAME STRING) WITH (KAFKA_TOPIC='${prefix}s', PARTITIONS=2, VALUE_FORMAT='JSON');\n` +
        "SET 'auto.offset.reset' = 'earliest';\n" +
        `CREATE STREAM T WITH (KAFKA_TOPIC='${prefix}t') AS SELECT ID, UCASE(NAME) AS UP FROM S;\n`,
    );
    const config = path.join(dataDir, 'server.properties');
    writeFileSync(config, `ksql.service.id=${serviceId}\nbootstrap.servers=${kafkaBootstrap}\nprocessing.guarantee=exactly_once_v2\nsession.timeout.ms=6000\n`);
    return { dataDir, args: ['--config', config, '--queries-file', deploy] };
  };

  const produce = async (batch: readonly Row[]): Promise<void> => {
    const messages = batch.map(([id, name]) => ({ key: key(id), value: JSON.stringify({ NAME: name }), partition: id % 2 }));
    await producer.send({ topic: `${prefix}s`, messages });
  };

  const startReading = async (): Promise<void> => {
    const t = `${prefix}t`;
    await pollUntil(async () => ((await admin.listTopics()).includes(t) ? true : undefined), 30_000);
    await reader.read({ [t]: (k, v) => output.push(`${k!.readInt32BE()}:${(JSON.parse(v!.toString('utf8')) as { UP: string }).UP}`) });
  };

  /** Waits until T holds every expected result; each partition is processed in order, so any repeat would be there already. */
  const expectExactlyOnce = async (expected: readonly Row[]): Promise<void> => {
    const want = shown(expected);
    const all = await pollUntil(() => (want.every((w) => output.includes(w)) ? [...output] : undefined), 60_000, () => `T so far: ${output.join(', ')}\n${servers.map((s) => s.output()).join('\n---\n')}`);
    expect([...all].sort()).toEqual([...want].sort());
  };

  const expectNoCommandTopic = async (): Promise<void> => {
    const topics = await admin.listTopics();
    expect(topics.filter((name) => name.includes(serviceId) && name.includes('command_topic'))).toEqual([]);
    for (const s of servers) expect(s.output()).not.toMatch(/Following the command topic/);
  };

  beforeEach(async () => {
    prefix = uniquePrefix();
    serviceId = `headless_${prefix.slice(2, -1)}_`;
    dataDirs = [];
    servers = [];
    output = [];
    kafka = new Kafka({ clientId: 'tributary-headless-test', brokers: [kafkaBootstrap], logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: `${prefix}s`, numPartitions: 2 }] });
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    reader = new OutputReader(kafkaBootstrap, admin);
  });

  afterEach(async () => {
    for (const s of servers) await s.stop('SIGKILL');
    await reader.close();
    await producer.disconnect();
    await admin.disconnect();
    for (const d of dataDirs) rmSync(d, { recursive: true, force: true });
  });

  it('runs the file, refuses statements, and resumes the same query after SIGKILL without repeating output', async () => {
    const { dataDir, args } = serverArgs();
    await produce(rows(1, 3));
    servers.push(await spawnServer(dataDir, args, 60_000));
    const refused = await ksql(servers[0]!.url, 'SHOW QUERIES;');
    expect(refused.status).toBe(400);
    expect((refused.body as { message: string }).message).toContain('headless mode');
    await startReading();
    await expectExactlyOnce(rows(1, 3));

    await servers.pop()!.stop('SIGKILL');
    await produce(rows(4, 5));
    servers.push(await spawnServer(dataDir, args, 60_000));
    await produce(rows(6, 7));
    await expectExactlyOnce(rows(1, 7));
    await expectNoCommandTopic();
  });

  it('splits the query between two servers running the same file, each result once', async () => {
    const first = serverArgs();
    const second = serverArgs();
    servers.push(await spawnServer(first.dataDir, first.args, 60_000));
    servers.push(await spawnServer(second.dataDir, second.args, 60_000));
    // Both are members once the second has joined: each runs one of the two tasks.
    await pollUntil(() => (servers.every((s) => /running task \d of 2 here/.test(s.output()) && /member \d of 2/.test(s.output())) ? true : undefined), 60_000, () => servers.map((s) => s.output()).join('\n---\n'));
    await produce(rows(1, 40));
    await startReading();
    await expectExactlyOnce(rows(1, 40));
    await expectNoCommandTopic();
  });
});
