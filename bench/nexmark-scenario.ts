/**
 * One Nexmark benchmark step in its own process, so its peak memory is its own: run by
 * nexmark-run.ts as `node --import tsx bench/nexmark-scenario.ts <step> '<config json>'`; prints
 * one RESULT line.
 *
 * Steps:
 * - `produce`: creates the three topics and writes the generated events with a kafkajs producer
 *   (the events every later step reads; the client's produce ceiling).
 * - `consume`: a kafkajs group consumer reads the bid topic from the beginning (the consume ceiling).
 * - `fetch`: `KafkaLog.fetch` reads the bid topic 500 records a call, as a live query does.
 * - `append`: `KafkaLog.append` writes the bids to a scratch topic 500 records a call, as a live
 *   query's commit writes its outputs.
 * - `q0` ... `join`: the engine over Kafka runs one query from the beginning of its sources; the
 *   clock runs from the CREATE ... AS SELECT until its committed offsets reach the sources' ends.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { Kafka, logLevel, Partitioners, type Admin, type Message } from 'kafkajs';
import { createEngine } from '../engine/engine.ts';
import { KafkaLog } from '../runtime/log/kafka-log.ts';
import type { LogRecord } from '../runtime/log/log.ts';
import { PeakMemory } from './memory.ts';
import { NexmarkGenerator, type NexmarkCounts } from './nexmark-generator.ts';
import { NEXMARK_QUERY_NAMES, nexmarkDdl, nexmarkQuery, nexmarkTopics, type NexmarkQueryName } from './nexmark-queries.ts';

export const NEXMARK_RESULT_PREFIX = 'RESULT ';
export const NEXMARK_STEPS = ['produce', 'consume', 'fetch', 'append', ...NEXMARK_QUERY_NAMES] as const;
export type NexmarkStep = (typeof NEXMARK_STEPS)[number];

export interface NexmarkConfig {
  readonly bootstrap: string;
  /** Prefix of every topic, group and service id of the run. */
  readonly prefix: string;
  /** Events to generate (all kinds). */
  readonly events: number;
  /** Event time of the first event, epoch ms. */
  readonly baseTime: number;
}

export interface NexmarkResult {
  readonly name: string;
  /** Events read (or written) during the measured interval. */
  readonly events: number;
  readonly ms: number;
  readonly peakRssMb: number;
  /** CPU time of this process over wall time in the measured interval (1.0 = one core busy). */
  readonly cpu: number;
  /** One-minute load average at start and end. */
  readonly load: readonly [number, number];
  readonly outputs?: number;
  readonly counts?: NexmarkCounts;
  readonly note?: string;
}

const PRODUCE_CHUNK = 4_000;
/** Records per KafkaLog call, as engine/live-host.ts reads (BATCH). */
const LOG_BATCH = 500;
const CAUGHT_UP_TIMEOUT_MS = 600_000;

const kafkaClient = (config: NexmarkConfig, clientId: string): Kafka =>
  new Kafka({ clientId, brokers: config.bootstrap.split(','), logLevel: logLevel.ERROR, retry: { retries: 8 } });

/** Wall and CPU time summed over the timed calls only, so work between them (generating events) is left out. */
class Segments {
  ms = 0;
  private cpuMs = 0;

  async time<T>(call: () => Promise<T>): Promise<T> {
    const t0 = process.hrtime.bigint();
    const cpu0 = process.cpuUsage();
    try {
      return await call();
    } finally {
      const cpu = process.cpuUsage(cpu0);
      this.cpuMs += (cpu.user + cpu.system) / 1000;
      this.ms += Number(process.hrtime.bigint() - t0) / 1e6;
    }
  }

  /** CPU time over wall time of the timed calls. */
  cpu(): number {
    return this.ms > 0 ? this.cpuMs / this.ms : 0;
  }
}

/**
 * Runs `pass` with the clock, CPU, memory and load around it. With `NEXMARK_CPU_PROF=<dir>` the
 * measured interval alone is profiled into `<dir>/<label>.cpuprofile` (V8's sampling profiler).
 */
async function measured<T>(label: string, pass: () => Promise<T>): Promise<{ value: T; ms: number; peakRssMb: number; cpu: number; load: [number, number]; startMb: number }> {
  const profileDir = process.env.NEXMARK_CPU_PROF;
  const session = profileDir ? new Session() : undefined;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 250 });
    await session.post('Profiler.start');
  }
  const memory = new PeakMemory();
  const load0 = loadavg()[0]!;
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const value = await pass();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  const peakRssMb = memory.stop();
  if (session) {
    const { profile } = await session.post('Profiler.stop');
    mkdirSync(profileDir!, { recursive: true });
    writeFileSync(path.join(profileDir!, `${label}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
  return { value, ms, peakRssMb, cpu: (cpu.user + cpu.system) / 1000 / ms, load: [load0, loadavg()[0]!], startMb: memory.startMb };
}

async function produce(config: NexmarkConfig): Promise<NexmarkResult> {
  const topics = nexmarkTopics(config.prefix);
  const kafka = kafkaClient(config, 'nexmark-produce');
  const admin = kafka.admin();
  await admin.connect();
  // Kept however old their timestamps grow, so a step run again later by hand finds them.
  const configEntries = [{ name: 'retention.ms', value: '-1' }];
  await admin.createTopics({ waitForLeaders: true, topics: Object.values(topics).map((topic) => ({ topic, numPartitions: 1, configEntries })) });
  await admin.disconnect();
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const generator = new NexmarkGenerator(config.baseTime);
  const sends = new Segments();
  const run = await measured('produce', async () => {
    for (let i = 0; i < config.events; i += PRODUCE_CHUNK) {
      // Generated outside the timed send: the ceiling is the client's, not the generator's.
      const byTopic: Record<string, Message[]> = { [topics.person]: [], [topics.auction]: [], [topics.bid]: [] };
      for (let j = i; j < Math.min(i + PRODUCE_CHUNK, config.events); j++) {
        const e = generator.next();
        byTopic[topics[e.kind]]!.push({ key: e.key, value: e.value, timestamp: String(e.timestamp) });
      }
      await sends.time(() => producer.sendBatch({ acks: -1, topicMessages: Object.entries(byTopic).map(([topic, messages]) => ({ topic, messages })) }));
    }
  });
  await producer.disconnect();
  return {
    name: `kafkajs producer, ${PRODUCE_CHUNK.toLocaleString('en-US')} events per sendBatch, acks=all`,
    events: config.events,
    ms: sends.ms,
    peakRssMb: run.peakRssMb,
    cpu: sends.cpu(),
    load: run.load,
    counts: generator.counts(),
    note: `${run.ms.toFixed(0)} ms with generation`,
  };
}

async function consume(config: NexmarkConfig, counts: NexmarkCounts): Promise<NexmarkResult> {
  const kafka = kafkaClient(config, 'nexmark-consume');
  const consumer = kafka.consumer({ groupId: `${config.prefix}ceiling_consume_${process.pid}` });
  await consumer.connect();
  await consumer.subscribe({ topics: [nexmarkTopics(config.prefix).bid], fromBeginning: true });
  let seen = 0;
  let bytes = 0;
  const run = await measured(
    'consume',
    () =>
      new Promise<void>((resolve, reject) => {
        consumer
          .run({
            eachBatch: async ({ batch }) => {
              for (const m of batch.messages) bytes += m.value?.length ?? 0;
              seen += batch.messages.length;
              if (seen >= counts.bids) resolve();
            },
          })
          .catch(reject);
      }),
  );
  await consumer.disconnect();
  return { name: 'kafkajs consumer (eachBatch), bid topic', events: seen, ms: run.ms, peakRssMb: run.peakRssMb, cpu: run.cpu, load: run.load, note: `${(bytes / seen).toFixed(0)} value bytes per bid` };
}

async function logFetch(config: NexmarkConfig, counts: NexmarkCounts): Promise<NexmarkResult> {
  const log = await KafkaLog.connect({ bootstrapServers: config.bootstrap, clientId: 'nexmark-fetch' });
  const topic = nexmarkTopics(config.prefix).bid;
  let read = 0;
  try {
    const run = await measured('fetch', async () => {
      let offset = 0;
      while (read < counts.bids) {
        const records = await log.fetch(topic, 0, offset, LOG_BATCH);
        if (records.length === 0) throw new Error(`KafkaLog.fetch returned nothing at offset ${offset} of ${counts.bids}`);
        read += records.length;
        offset = records[records.length - 1]!.offset + 1;
      }
    });
    return { name: `KafkaLog.fetch, ${LOG_BATCH} records a call, bid topic`, events: read, ms: run.ms, peakRssMb: run.peakRssMb, cpu: run.cpu, load: run.load };
  } finally {
    await log.close();
  }
}

async function logAppend(config: NexmarkConfig, counts: NexmarkCounts): Promise<NexmarkResult> {
  const generator = new NexmarkGenerator(config.baseTime);
  const nextBids = (n: number): LogRecord[] => {
    const records: LogRecord[] = [];
    while (records.length < n) {
      const e = generator.next();
      if (e.kind === 'bid') records.push({ key: e.key, value: e.value, timestamp: e.timestamp, headers: [] });
    }
    return records;
  };
  const log = await KafkaLog.connect({ bootstrapServers: config.bootstrap, clientId: 'nexmark-append' });
  const topic = `${config.prefix}ceiling_append_${process.pid}`;
  try {
    await log.createTopic(topic, { partitions: 1 });
    const appends = new Segments();
    const run = await measured('append', async () => {
      // Generated between the timed calls, a chunk at a time, as the producer step does.
      for (let written = 0; written < counts.bids; written += LOG_BATCH) {
        const records = nextBids(Math.min(LOG_BATCH, counts.bids - written));
        await appends.time(() => log.append(topic, undefined, records));
      }
    });
    await log.deleteTopic(topic);
    return {
      name: `KafkaLog.append, ${LOG_BATCH} records a call, bids`,
      events: counts.bids,
      ms: appends.ms,
      peakRssMb: run.peakRssMb,
      cpu: appends.cpu(),
      load: run.load,
      note: `${run.ms.toFixed(0)} ms with generation`,
    };
  } finally {
    await log.close();
  }
}

async function query(config: NexmarkConfig, name: NexmarkQueryName, counts: NexmarkCounts): Promise<NexmarkResult> {
  // Unique per process, so a step run again by hand starts afresh (a service id replays its commands).
  const serviceId = `${config.prefix}${name}_${process.pid}_`;
  const q = nexmarkQuery(name, config.prefix, `${serviceId}out`);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tributary-nexmark-'));
  const kafka = kafkaClient(config, 'nexmark-watch');
  const admin = kafka.admin();
  await admin.connect();
  const engine = await createEngine({ dataDir, bootstrapServers: config.bootstrap, properties: { 'ksql.service.id': serviceId } });
  try {
    await engine.execute(nexmarkDdl(nexmarkTopics(config.prefix)));
    const sources = q.sources(counts);
    const events = [...sources.values()].reduce((a, b) => a + b, 0);
    const run = await measured(name, async () => {
      const entities = await engine.execute(q.sql, { properties: { 'auto.offset.reset': 'earliest' } });
      const queryId = (entities[0]?.['commandStatus'] as { queryId?: string } | undefined)?.queryId;
      if (queryId === undefined) throw new Error(`${name} did not start a query: ${JSON.stringify(entities)}`);
      await caughtUp(admin, `_tributary_${serviceId}_query_${queryId}`, sources);
    });
    const outputs = (await admin.fetchTopicOffsets(q.sinkTopic)).reduce((sum, p) => sum + Number(p.high), 0);
    const errors = engine.processingLog.errorCount();
    const expected = q.expectedRows(counts);
    if (errors > 0) throw new Error(`${name}: ${errors} processing errors`);
    if (expected !== undefined && outputs !== expected) throw new Error(`${name} wrote ${outputs} rows, expected ${expected}`);
    return {
      name: q.title,
      events,
      ms: run.ms,
      peakRssMb: run.peakRssMb,
      cpu: run.cpu,
      load: run.load,
      outputs,
      note: `RSS ${run.startMb.toFixed(0)} MB at start`,
    };
  } finally {
    await engine.close();
    await admin.disconnect();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Polls the query's committed offsets until every source partition 0 reached its end. */
async function caughtUp(admin: Admin, group: string, ends: ReadonlyMap<string, number>): Promise<void> {
  const deadline = Date.now() + CAUGHT_UP_TIMEOUT_MS;
  for (;;) {
    const committed = await admin.fetchOffsets({ groupId: group, topics: [...ends.keys()] });
    const behind = committed.some(({ topic, partitions }) => Number(partitions.find((p) => p.partition === 0)?.offset ?? -1) < ends.get(topic)!);
    if (!behind) return;
    if (Date.now() > deadline) throw new Error(`group ${group} has not reached ${JSON.stringify([...ends])} after ${CAUGHT_UP_TIMEOUT_MS / 1000} s: ${JSON.stringify(committed)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function runStep(step: NexmarkStep, config: NexmarkConfig, counts: NexmarkCounts | undefined): Promise<NexmarkResult> {
  if (step === 'produce') return produce(config);
  if (counts === undefined) throw new Error(`step ${step} needs the counts of the produce step`);
  switch (step) {
    case 'consume':
      return consume(config, counts);
    case 'fetch':
      return logFetch(config, counts);
    case 'append':
      return logAppend(config, counts);
    default:
      return query(config, step, counts);
  }
}

const [step, configJson, countsJson] = process.argv.slice(2);
if (step !== undefined && import.meta.url.endsWith(process.argv[1] ?? '')) {
  if (!(NEXMARK_STEPS as readonly string[]).includes(step)) throw new Error(`unknown Nexmark step ${step}`);
  const config = JSON.parse(configJson!) as NexmarkConfig;
  const counts = countsJson === undefined ? undefined : (JSON.parse(countsJson) as NexmarkCounts);
  const result = await runStep(step as NexmarkStep, config, counts);
  console.log(NEXMARK_RESULT_PREFIX + JSON.stringify(result));
  // kafkajs may keep sockets and timers alive after disconnect; the result is out.
  process.exit(0);
}
