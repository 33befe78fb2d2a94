/**
 * The Nexmark section of `npm run bench`: Tributary over a real Kafka broker.
 *
 * The broker is `KAFKA_BOOTSTRAP` when set, else one started here from Kafka's jars
 * (scripts/kafka-broker.ts), thrown away at the end; without Java the section is skipped with the
 * reason printed. Every step runs in its own process (nexmark-scenario.ts), in this order:
 *
 * 1. a kafkajs producer writes the generated events (nexmark-generator.ts) into the person,
 *    auction and bid topics: the events every later step reads, and the client's produce ceiling;
 * 2. the read ceilings over the bid topic: a kafkajs consumer, and `KafkaLog.fetch` (Tributary's
 *    own read path); then `KafkaLog.append` writing the bids again (its write path);
 * 3. each selected query (nexmark-queries.ts) on a fresh engine from the beginning of its sources,
 *    timed until its committed offsets reach their ends, its rate shown as a fraction of the
 *    kafkajs consumer's.
 *
 * `BENCH_ONLY=nexmark` runs the whole section, `BENCH_ONLY=q1,join` only those queries (the
 * ceilings always run). 300,000 events by default; `BENCH_FULL=1` for 1,000,000, or
 * `NEXMARK_EVENTS=n`. `NEXMARK_CPU_PROF=<dir>` writes a CPU profile of each measured interval.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';
import { brokerUnavailableReason, startKafkaBroker, type KafkaBroker } from '../scripts/kafka-broker.ts';
import { benchSelected } from './agg-run.ts';
import type { NexmarkCounts } from './nexmark-generator.ts';
import { NEXMARK_QUERY_NAMES } from './nexmark-queries.ts';
import { NEXMARK_RESULT_PREFIX, type NexmarkConfig, type NexmarkResult, type NexmarkStep } from './nexmark-scenario.ts';

export const NEXMARK_SCENARIOS = NEXMARK_QUERY_NAMES.map((q) => `nexmark-${q}`);

const FULL = process.env.BENCH_FULL === '1';
const EVENTS = Number(process.env.NEXMARK_EVENTS ?? (FULL ? 1_000_000 : 300_000));
const SCENARIO = fileURLToPath(new URL('./nexmark-scenario.ts', import.meta.url));
const TARGET_RATE = 100_000;
const TARGET_FRACTION = 0.5;

/** Runs the section when a Nexmark query is selected; prints its tables. */
export async function runNexmark(): Promise<void> {
  const queries = NEXMARK_QUERY_NAMES.filter((q) => benchSelected(`nexmark-${q}`));
  if (queries.length === 0) return;
  console.log(`\nNexmark over Kafka: ${EVENTS.toLocaleString('en-US')} events (Person/Auction/Bid = 2/6/92%), JSON, one partition per topic; each row in its own process`);
  let bootstrap = process.env.KAFKA_BOOTSTRAP?.trim();
  let broker: KafkaBroker | undefined;
  if (!bootstrap) {
    const reason = brokerUnavailableReason();
    if (reason) {
      console.log(`Skipped: ${reason}.`);
      return;
    }
    broker = await startKafkaBroker();
    bootstrap = broker.bootstrap;
    console.log(`Kafka ${broker.version} broker started here on ${bootstrap} (in ${(broker.startMs / 1000).toFixed(1)} s; KAFKA_BOOTSTRAP=host:port uses another)`);
  } else {
    console.log(`Kafka at KAFKA_BOOTSTRAP=${bootstrap}`);
  }
  const config: NexmarkConfig = { bootstrap, prefix: `nexmark_${randomBytes(3).toString('hex')}_`, events: EVENTS, baseTime: Date.now() };
  const step = (name: NexmarkStep, counts?: NexmarkCounts): NexmarkResult => runStep(name, config, counts, broker?.pid);
  try {
    const produced = step('produce');
    const counts = produced.counts!;
    const consumed = step('consume', counts);
    const fetched = step('fetch', counts);
    const appended = step('append', counts);
    const ceilings = [produced, consumed, fetched, appended];
    const ceiling = rate(consumed);
    // A query that writes every event it reads pays for both in one thread.
    const readWrite = 1 / (1 / rate(fetched) + 1 / rate(appended));
    console.log(`Client ceilings (${counts.bids.toLocaleString('en-US')} bids of ${counts.events.toLocaleString('en-US')} events; the producer writes all of them).`);
    console.log('CPU = CPU time of the step\'s process over its wall time; µs/event = CPU time per event, of that process and of the broker (whole step, start-up included)\n');
    console.log(renderNexmarkTable(ceilings, undefined));
    console.log(`Reading and writing every event through KafkaLog in one thread, with no processing at all: about ${fmt(readWrite)}/s (1 / (1/fetch + 1/append)).`);
    const results: NexmarkResult[] = [];
    for (const q of queries) results.push(step(q, counts));
    console.log(`\nQueries, from the beginning of their sources until their offsets are committed at the end (the join reads auctions and bids);`);
    console.log(`"of ceiling" = events/s over the kafkajs consumer's ${fmt(ceiling)}/s. Targets: q0-q2 >= ${fmt(TARGET_RATE)}/s and >= ${TARGET_FRACTION * 100}% of the ceiling\n`);
    console.log(renderNexmarkTable(results, ceiling));
    const missed = results.filter((r, i) => ['q0', 'q1', 'q2'].includes(queries[i]!) && (rate(r) < TARGET_RATE || rate(r) / ceiling < TARGET_FRACTION));
    if (missed.length > 0) console.log(`Below target: ${missed.map((r) => `${r.name.split(' ')[0]} (${fmt(rate(r))}/s, ${((rate(r) / ceiling) * 100).toFixed(0)}%)`).join(', ')}.`);
  } finally {
    if (broker) await broker.stop();
    else await deleteRunTopics(bootstrap, config.prefix).catch((e: unknown) => console.log(`(could not delete the run's topics: ${String(e)})`));
  }
}

/** Runs one step in a child process; with the broker's process group, also the broker's CPU time over the whole step. */
function runStep(step: NexmarkStep, config: NexmarkConfig, counts?: NexmarkCounts, brokerGroup?: number): NexmarkResult & { brokerCpuMs?: number } {
  // The young-generation size `npm start` and bin/tributary.js give a server (see bin/tributary.js).
  const args = ['--max-semi-space-size=64', '--import', 'tsx', SCENARIO, step, JSON.stringify(config), ...(counts ? [JSON.stringify(counts)] : [])];
  const before = brokerGroup === undefined ? undefined : groupCpuMs(brokerGroup);
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  const after = brokerGroup === undefined ? undefined : groupCpuMs(brokerGroup);
  const line = child.stdout.split('\n').find((l) => l.startsWith(NEXMARK_RESULT_PREFIX));
  if (child.status !== 0 || line === undefined) throw new Error(`Nexmark step ${step} failed:\n${child.stdout}\n${child.stderr}`);
  const result = JSON.parse(line.slice(NEXMARK_RESULT_PREFIX.length)) as NexmarkResult;
  return before !== undefined && after !== undefined ? { ...result, brokerCpuMs: after - before } : result;
}

/** CPU time (user + system, ms) of every process in a process group, from Linux's /proc; undefined elsewhere. */
function groupCpuMs(group: number): number | undefined {
  let ticks = 0;
  try {
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        continue; // gone meanwhile
      }
      // Fields after the command (which may hold spaces), from field 3: state ppid pgrp ... utime(14) stime(15).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === group) ticks += Number(fields[11]) + Number(fields[12]);
    }
  } catch {
    return undefined;
  }
  return ticks * 10; // USER_HZ is 100 on Linux
}

/** On a broker that outlives the run: every topic of the run (sources, sinks, changelogs, command topics). */
async function deleteRunTopics(bootstrap: string, prefix: string): Promise<void> {
  const admin = new Kafka({ clientId: 'nexmark-cleanup', brokers: bootstrap.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.includes(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics });
  } finally {
    await admin.disconnect();
  }
}

const rate = (r: NexmarkResult): number => (r.events / r.ms) * 1000;
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

/** The table of results; with a ceiling, each row's rate as a fraction of it. */
export function renderNexmarkTable(rows: readonly (NexmarkResult & { brokerCpuMs?: number })[], ceiling: number | undefined): string {
  const withBroker = rows.some((r) => r.brokerCpuMs !== undefined);
  const header = [
    'benchmark',
    'events',
    'ms',
    'events/s',
    ...(ceiling ? ['of ceiling', 'outputs'] : []),
    'peak RSS MB',
    'CPU',
    'CPU µs/event',
    ...(withBroker ? ['broker µs/event'] : []),
    'load 1m',
    'note',
  ];
  const cells = rows.map((r) => [
    r.name,
    fmt(r.events),
    r.ms.toFixed(0),
    fmt(rate(r)),
    ...(ceiling ? [`${((rate(r) / ceiling) * 100).toFixed(0)}%`, r.outputs === undefined ? '' : fmt(r.outputs)] : []),
    r.peakRssMb.toFixed(0),
    `${(r.cpu * 100).toFixed(0)}%`,
    ((r.cpu * r.ms * 1000) / r.events).toFixed(1),
    ...(withBroker ? [r.brokerCpuMs === undefined ? '' : ((r.brokerCpuMs * 1000) / r.events).toFixed(1)] : []),
    `${r.load[0].toFixed(1)}-${r.load[1].toFixed(1)}`,
    r.note ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const left = new Set([0, header.length - 1]);
  const line = (c: readonly string[]): string => c.map((v, i) => (left.has(i) ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line), `(load average now ${loadavg().map((l) => l.toFixed(2)).join(', ')} on ${cpus().length} cores)`].join('\n');
}
