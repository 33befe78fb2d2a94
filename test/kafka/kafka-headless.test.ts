/**
 * Headless mode over Kafka, where ksqlDB uses it: a real `tributary server --queries-file` process
 * runs a CSAS from its file while the test produces into the source topic with kafkajs; the
 * server is SIGKILLed, records arrive while it is down, and it restarts with the same file. With
 * exactly_once_v2 the output topic, read at read_committed, must hold each result once: the query
 * resumed under the same id from its committed offsets. No command topic may appear.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Kafka, logLevel, Partitioners, type Admin, type Producer } from 'kafkajs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ksql, pollUntil, spawnServer, type ServerProcess } from '../e2e/helpers.ts';
import { OutputReader } from './fault-fixtures.ts';
import { describeKafka, kafkaBootstrap, uniquePrefix } from './kafka-test-env.ts';

const BATCHES = [
  [[1, 'alice'], [2, 'bob'], [3, 'carol']],
  [[4, 'dave'], [5, 'erin']],
  [[6, 'frank'], [7, 'grace']],
] as const;

type Row = readonly [number, string];
const key = (id: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(id);
  return b;
};

describeKafka('headless server over Kafka', () => {
  const prefix = uniquePrefix();
  const serviceId = `headless_${prefix.slice(2, -1)}_`;
  let dataDir: string;
  let args: string[];
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  let reader: OutputReader;
  let server: ServerProcess | undefined;
  const output: string[] = [];

  const produce = async (rows: readonly Row[]): Promise<void> => {
    const messages = rows.map(([id, name]) => ({ key: key(id), value: JSON.stringify({ NAME: name }), partition: id % 2 }));
    await producer.send({ topic: `${prefix}s`, messages });
  };

  /** Waits until T holds every expected result; returns all it holds, as `id:UP` strings. */
  const readT = (expected: readonly Row[]): Promise<string[]> => {
    const want = expected.map(([id, name]) => `${id}:${name.toUpperCase()}`);
    return pollUntil(() => (want.every((w) => output.includes(w)) ? [...output] : undefined), 60_000, () => `T so far: ${output.join(', ')}\n${server?.output() ?? ''}`);
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'tributary-kafka-headless-'));
    const deploy = path.join(dataDir, 'deploy.sql');
    writeFileSync(
      deploy,
      `CREATE STREAM S (ID INT KEY, NAME STRING) WITH (KAFKA_TOPIC='${prefix}s', PARTITIONS=2, VALUE_FORMAT='JSON');\n` +
        "SET 'auto.offset.reset' = 'earliest';\n" +
        `CREATE STREAM T WITH (KAFKA_TOPIC='${prefix}t') AS SELECT ID, UCASE(NAME) AS UP FROM S;\n`,
    );
    const config = path.join(dataDir, 'server.properties');
    writeFileSync(config, `ksql.service.id=${serviceId}\nbootstrap.servers=${kafkaBootstrap}\nprocessing.guarantee=exactly_once_v2\n`);
    args = ['--config', config, '--queries-file', deploy];
    kafka = new Kafka({ clientId: 'tributary-headless-test', brokers: [kafkaBootstrap], logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: `${prefix}s`, numPartitions: 2 }] });
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    reader = new OutputReader(kafka, admin, `${prefix}reader`);
  });

  afterAll(async () => {
    await server?.stop('SIGKILL');
    await reader?.close();
    await producer?.disconnect();
    await admin?.disconnect();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs the file, refuses statements, and resumes the same query after SIGKILL without repeating output', async () => {
    await produce(BATCHES[0]);
    server = await spawnServer(dataDir, args, 60_000);
    const refused = await ksql(server.url, 'SHOW QUERIES;');
    expect(refused.status).toBe(400);
    expect((refused.body as { message: string }).message).toContain('headless mode');

    const t = `${prefix}t`;
    await pollUntil(async () => ((await admin.listTopics()).includes(t) ? true : undefined), 30_000);
    await reader.read({ [t]: (k, v) => output.push(`${k!.readInt32BE()}:${(JSON.parse(v!.toString('utf8')) as { UP: string }).UP}`) });
    await readT(BATCHES[0]);

    await server.stop('SIGKILL');
    await produce(BATCHES[1]);
    server = await spawnServer(dataDir, args, 60_000);
    await produce(BATCHES[2]);
    // Each partition is processed in order, so once the last rows are in T any repeated row
    // would be there already: the exact comparison needs no settling time.
    const all = await readT(BATCHES.flat());
    expect([...all].sort()).toEqual(BATCHES.flat().map(([id, name]) => `${id}:${name.toUpperCase()}`).sort());

    const topics = await admin.listTopics();
    expect(topics.filter((name) => name.includes(serviceId) && name.includes('command_topic'))).toEqual([]);
    expect(server.output()).not.toMatch(/Following the command topic/);
  });
});
