/**
 * A throwaway single-node Apache Kafka broker for the tests, started from Kafka's own jars.
 *
 * There is no Docker here and no Kafka download besides Maven Central, so the broker is
 * `org.apache.kafka:kafka_2.13` and its dependencies, fetched once by Maven with `kafka/pom.xml`
 * into `.cache/kafka/<version>/` (Maven's ~/.m2 makes a second fetch local), then run with plain
 * `java -cp`: `kafka.tools.StorageTool format` (what `kafka-storage.sh format` runs) lays out a
 * KRaft metadata log in a temporary directory, and `kafka.Kafka` starts one process that is both
 * broker and controller on 127.0.0.1, on free ports.
 *
 * The broker dies with the process that started it, however that process ends: the launcher
 * holds a pipe to a small shell wrapper, and when the pipe closes (a clean stop, a crash, SIGINT
 * or SIGKILL alike) the wrapper kills the JVM and removes the directory. No orphan java.
 *
 *   npx tsx scripts/kafka-broker.ts fetch   # fetch the jars only (what .ci/run may do up front)
 *   npx tsx scripts/kafka-broker.ts start   # run a broker until Ctrl-C, printing its address
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';

/**
 * The newest Kafka that kafkajs 2.2.4 was checked against (produce, group consume, admin topics,
 * group offsets, transactions). Kafka 4.0 dropped old protocol versions, but every request
 * kafkajs 2.2.4 sends has a version the 4.x brokers still accept.
 */
export const KAFKA_VERSION = '4.4.0';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const POM = path.join(root, 'kafka', 'pom.xml');
const START_TIMEOUT_MS = 90_000;

/** The `java` to run: `$JAVA_HOME/bin/java` when set, else the one on PATH. */
export function javaCommand(): string {
  const home = process.env.JAVA_HOME;
  return home ? path.join(home, 'bin', 'java') : 'java';
}

/** Why a broker cannot be started on this machine, or undefined when it can. */
export function brokerUnavailableReason(version = KAFKA_VERSION): string | undefined {
  const java = spawnSync(javaCommand(), ['-version'], { encoding: 'utf8' });
  if (java.error || java.status !== 0) {
    return `no Java runtime found (ran '${javaCommand()} -version'): install Java 17 or later, or set KAFKA_BOOTSTRAP=host:port to use a running broker`;
  }
  if (jarsCached(version)) return undefined;
  const mvn = spawnSync('mvn', ['-v'], { encoding: 'utf8' });
  if (mvn.error || mvn.status !== 0) {
    return `Kafka ${version}'s jars are not in ${path.relative(root, jarDir(version))} and Maven (mvn) is not installed to fetch them: install Maven, or set KAFKA_BOOTSTRAP=host:port`;
  }
  return undefined;
}

function jarDir(version: string): string {
  return path.join(root, '.cache', 'kafka', version);
}

function jarsCached(version: string): boolean {
  return fs.existsSync(path.join(jarDir(version), '.complete'));
}

/**
 * The folder holding Kafka's jars, fetched from Maven Central the first time. The fetch goes to a
 * side folder that is renamed into place only when complete, so an interrupted fetch never leaves
 * a half-filled cache behind and two concurrent fetches do not trip over each other.
 */
export function kafkaJars(version = KAFKA_VERSION): string {
  const dir = jarDir(version);
  if (jarsCached(version)) return dir;
  const partial = `${dir}.partial-${process.pid}`;
  fs.rmSync(partial, { recursive: true, force: true });
  process.stderr.write(`Fetching Apache Kafka ${version} from Maven Central into ${path.relative(root, dir)} (once)...\n`);
  const started = Date.now();
  const mvn = spawnSync(
    'mvn',
    ['-q', '-B', '-f', POM, 'dependency:copy-dependencies', `-Dkafka.version=${version}`, `-DoutputDirectory=${partial}`, '-DincludeScope=runtime'],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  if (mvn.error || mvn.status !== 0) {
    fs.rmSync(partial, { recursive: true, force: true });
    const output = `${mvn.stdout ?? ''}${mvn.stderr ?? ''}`.trim().split('\n').slice(-20).join('\n');
    throw new Error(
      `Could not fetch Apache Kafka ${version} with Maven (${mvn.error?.message ?? `exit code ${mvn.status}`}). ` +
        `Check that Maven Central is reachable and that ${version} exists.\n${output}`,
    );
  }
  fs.writeFileSync(path.join(partial, '.complete'), `${new Date().toISOString()}\n`);
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  try {
    fs.renameSync(partial, dir);
  } catch (e) {
    // Another process finished the same fetch first; its copy is as good as ours.
    fs.rmSync(partial, { recursive: true, force: true });
    if (!jarsCached(version)) throw e;
  }
  process.stderr.write(`Fetched Apache Kafka ${version} in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
  return dir;
}

export interface KafkaBroker {
  /** `127.0.0.1:<port>`, for kafkajs's `brokers` or `KAFKA_BOOTSTRAP`. */
  readonly bootstrap: string;
  readonly version: string;
  /** The process group of the wrapper and the JVM. */
  readonly pid: number;
  /** Milliseconds from the call to a broker that answers group requests. */
  readonly startMs: number;
  /** Kills the broker and removes its files; safe to call twice. */
  stop(): Promise<void>;
}

export interface StartOptions {
  readonly version?: string;
  /** Log level of the broker's own log (`broker.log` in its directory): 'warn' unless told. */
  readonly brokerLogLevel?: 'error' | 'warn' | 'info' | 'debug';
}

/**
 * Settings that make one node a complete cluster and keep its start short: replication factors
 * of 1 for the internal topics (the defaults of 3 cannot be met by one node), one partition for
 * them instead of 50, no rebalance delay for the first consumer group member, small segments.
 */
function serverProperties(dir: string, port: number, controllerPort: number): string {
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    `log.dirs=${path.join(dir, 'data')}`,
    // A topic exists only when someone created it, as on the memory and embedded logs.
    'auto.create.topics.enable=false',
    'num.partitions=1',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'transaction.state.log.num.partitions=1',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    'log.segment.bytes=1048576',
    'log.flush.interval.messages=9223372036854775807',
    'num.network.threads=2',
    'num.io.threads=2',
    'background.threads=2',
    '',
  ].join('\n');
}

/**
 * Runs the command after `--` and ties its life to this wrapper's stdin, a pipe from Node: when
 * it reaches end of file the command is killed and the broker directory removed. SIGKILL is
 * enough for a broker whose data is thrown away, and it is immediate.
 */
const WRAPPER = `
dir=$1; shift
"$@" </dev/null &
broker=$!
( cat >/dev/null; kill -KILL "$broker" 2>/dev/null ) <&0 &
wait "$broker"
code=$?
rm -rf "$dir"
exit $code
`;

/** JVM flags for a quick start on a small machine; a test broker needs little heap and no C2. */
const JVM_FLAGS = ['-Xms128m', '-Xmx512m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-XX:-UsePerfData', '-Djava.awt.headless=true'];

/** Starts a broker and resolves once it answers; rejects with the broker's log when it cannot. */
export async function startKafkaBroker(options: StartOptions = {}): Promise<KafkaBroker> {
  const started = Date.now();
  const version = options.version ?? KAFKA_VERSION;
  const unavailable = brokerUnavailableReason(version);
  if (unavailable) throw new Error(`Cannot start a Kafka broker: ${unavailable}.`);
  const classPath = `${kafkaJars(version)}${path.sep}*`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-kafka-'));
  const logFile = path.join(dir, 'broker.log');
  const [port, controllerPort] = await freePorts(2);
  const config = path.join(dir, 'server.properties');
  fs.writeFileSync(config, serverProperties(dir, port!, controllerPort!));
  const logProps = [`-Dorg.slf4j.simpleLogger.defaultLogLevel=${options.brokerLogLevel ?? 'warn'}`, '-Dorg.slf4j.simpleLogger.showDateTime=true'];

  const clusterId = randomBytes(16).toString('base64url');
  const format = spawnSync(javaCommand(), [...JVM_FLAGS, ...logProps, '-cp', classPath, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', config], {
    encoding: 'utf8',
  });
  if (format.status !== 0) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`Formatting the Kafka ${version} storage failed (exit code ${format.status}):\n${tail(`${format.stdout}${format.stderr}`)}`);
  }

  const log = fs.openSync(logFile, 'a');
  const child = spawn('bash', ['-c', WRAPPER, 'kafka-broker', dir, javaCommand(), ...JVM_FLAGS, ...logProps, '-cp', classPath, 'kafka.Kafka', config], {
    detached: true,
    stdio: ['pipe', log, log],
  });
  fs.closeSync(log);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const killOnExit = (): void => killGroup(child, dir);
  process.once('exit', killOnExit);

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      process.removeListener('exit', killOnExit);
      child.stdin?.end();
      const timer = setTimeout(() => killGroup(child, dir), 5_000);
      await exited;
      clearTimeout(timer);
      killGroup(child, dir);
    })());

  const bootstrap = `127.0.0.1:${port}`;
  try {
    await waitUntilReady(bootstrap, exited, () => readLog(logFile));
  } catch (e) {
    await stop();
    throw e;
  }
  return { bootstrap, version, pid: child.pid!, startMs: Date.now() - started, stop };
}

/** Last resort, also from a synchronous 'exit' handler: the whole process group, then the files. */
function killGroup(child: ChildProcess, dir: string): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * Polls until the broker serves a consumer-group request, which also makes it create
 * `__consumer_offsets`: the first test then finds a ready group coordinator instead of paying
 * kafkajs's retry back-off while the broker creates it.
 */
async function waitUntilReady(bootstrap: string, exited: Promise<number | null>, log: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  const kafka = new Kafka({ clientId: 'tributary-broker-check', brokers: [bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 0 }, connectionTimeout: 1_000 });
  let lastError = '';
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new Error(`The Kafka broker exited during start-up (exit code ${exitCode}). Its log:\n${tail(log())}`);
    }
    const admin = kafka.admin();
    try {
      await admin.connect();
      await admin.listTopics(); // loads the broker list that group look-ups need
      await admin.describeGroups(['tributary-broker-check']);
      return;
    } catch (e) {
      lastError = e instanceof Error ? e.message : String(e);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`The Kafka broker at ${bootstrap} did not answer within ${START_TIMEOUT_MS / 1000} s (last error: ${lastError}). Its log:\n${tail(log())}`);
}

function readLog(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '(no log written)';
  }
}

function tail(text: string, lines = 40): string {
  return text.trim().split('\n').slice(-lines).join('\n');
}

/** Ports the OS reports free on 127.0.0.1, all held open together so they differ. */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () =>
      new Promise<net.Server>((resolve, reject) => {
        const server = net.createServer();
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve(server));
      }),
    ),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

async function main(command: string | undefined): Promise<void> {
  if (command === 'fetch') {
    const unavailable = brokerUnavailableReason();
    if (unavailable) throw new Error(`The Kafka tests cannot run here: ${unavailable}.`);
    kafkaJars();
    return;
  }
  if (command === 'start') {
    const broker = await startKafkaBroker({ brokerLogLevel: 'info' });
    process.stdout.write(`Kafka ${broker.version} is listening on ${broker.bootstrap} (started in ${broker.startMs} ms). Ctrl-C stops it.\n`);
    const stop = (): void => void broker.stop().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return;
  }
  process.stderr.write('Usage: tsx scripts/kafka-broker.ts fetch|start\n  fetch  fetch Kafka\'s jars into .cache/kafka/\n  start  run a broker on 127.0.0.1 until Ctrl-C\n');
  process.exitCode = 2;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv[2]).catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  });
}
