/**
 * The engine a server runs: the embedded log in `dataDir` (or a Kafka cluster), live queries, and
 * a command log from which a restarted engine rebuilds its catalogue and resumes its queries where
 * they stopped. Over Kafka, servers that share a `ksql.service.id` also follow each other's
 * commands as they land and split the queries' tasks through a server group (membership.ts).
 */
import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { AnalysisError, ExecutionError, PushQueryLimitError, TributaryError } from '../common/errors.ts';
import { createDefaultRegistry } from '../functions/index.ts';
import { parseStatement, splitStatements, substituteVariables } from '../parser/index.ts';
import { EmbeddedLog } from '../runtime/log/embedded-log.ts';
import { KafkaLog } from '../runtime/log/kafka-log.ts';
import type { Log } from '../runtime/log/log.ts';
import type { SchemaRegistry } from '../runtime/serde/index.ts';
import { DefaultProcessingLog, type ProcessingLog } from '../runtime/log/processing-log.ts';
import type { EngineApi, HostStatus, InsertsTarget, KsqlEntity, QueryStream, RequestOptions, ServerInfo } from './api.ts';
import { KsqlEngine } from './ksql-engine.ts';
import { DeferredQueryHost } from './deferred-host.ts';
import { LiveQueryHost } from './live-host.ts';
import { GroupMembership, taskOwner } from './membership.ts';
import { gatherPull, SKIP_FORWARDING, type Peer } from './pull-forward.ts';
import { PushFeeds } from './push-feed.ts';
import { StatementCache } from '../parser/statement-cache.ts';
import { PreparedPulls } from './prepared-pull.ts';
import type { Statement } from '../parser/ast.ts';
import type { Session } from './ksql-engine.ts';
import { resolveTypeNode } from '../planner/resolve-type.ts';
import type { SqlType } from '../common/types.ts';
import { processingLogStream, type ProcessingLogStream } from './processing-log-stream.ts';
import { sessionConfig } from './session-config.ts';
import { startTransientQuery } from './transient-query.ts';
import { openInserts } from './insert-rows.ts';

/**
 * The engine with what an embedder may want to observe: `processingLog` holds the records that
 * queries could not handle (counts and recent entries), as the `KSQL_PROCESSING_LOG` stream does.
 */
export interface TributaryEngine extends EngineApi {
  readonly processingLog: ProcessingLog;
}

export interface EngineConfig {
  /** The embedded log (without Kafka) and the queries' local state live here. */
  readonly dataDir: string;
  readonly properties?: Readonly<Record<string, string>>;
  /**
   * Kafka's `host:port[,host:port]`: topics, the command topic and state changelogs live in that
   * cluster (KafkaLog) instead of the embedded log. Also read from the `bootstrap.servers` property.
   */
  readonly bootstrapServers?: string;
  /**
   * A log opened by the caller (tests, embedders) to run on instead of the one `dataDir` or
   * `bootstrapServers` would give; the engine closes it on close().
   */
  readonly log?: Log;
  /** The schema registry of AVRO / PROTOBUF / JSON_SR topics; the process-wide in-memory one by default. */
  readonly schemaRegistry?: SchemaRegistry;
  /**
   * Headless mode (ksqlDB's `ksql.queries.file`): the queries file's text, run at every start in
   * place of the command topic, which is neither read nor written. The same file gives the same
   * query ids, so each query resumes from its committed offsets and state instead of starting over.
   */
  readonly queries?: string;
}

interface Command {
  readonly statement: string;
  readonly properties: Record<string, unknown>;
  /** The server process that ran it first; the others follow it from the command topic. */
  readonly origin?: string;
}

/** How many push queries may run at once on one server (ksqlDB's setting and default). */
const MAX_PUSH_QUERIES = 'ksql.max.push.queries';
const DEFAULT_MAX_PUSH_QUERIES = 100;

/** `session.timeout.ms` of the server group: how long a silent server keeps its tasks. */
const SESSION_TIMEOUT = 'session.timeout.ms';
const DEFAULT_SESSION_TIMEOUT_MS = 10_000;

const VERSION = '0.1.0';

export async function createEngine(config: EngineConfig): Promise<TributaryEngine> {
  mkdirSync(config.dataDir, { recursive: true });
  const serviceId = config.properties?.['ksql.service.id'] ?? 'default_';
  const bootstrap = config.bootstrapServers ?? config.properties?.['bootstrap.servers'];
  const log = config.log ?? (bootstrap ? await KafkaLog.connect({ bootstrapServers: bootstrap, clientId: `tributary-${serviceId}` }) : await EmbeddedLog.open(path.join(config.dataDir, 'log')));
  const localState = bootstrap ? { dir: path.join(config.dataDir, 'state', serviceId), serviceId } : undefined;
  const engine = new ServerEngine(log, serviceId, config.properties ?? {}, localState, config.schemaRegistry);
  try {
    if (config.queries !== undefined) await engine.runQueries(config.queries);
    else await engine.recover();
    if (log instanceof KafkaLog) await engine.joinServerGroup(log, config.properties ?? {});
  } catch (e) {
    await engine.close().catch(() => undefined);
    throw e;
  }
  return engine;
}

class ServerEngine implements TributaryEngine {
  readonly processingLog: ProcessingLog;
  private readonly core: KsqlEngine;
  private readonly host: DeferredQueryHost;
  private readonly live: LiveQueryHost;
  private readonly commandTopic: string;
  /** Identifies this process's commands on the command topic. */
  private readonly origin = `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  private replaying = false;
  private headless = false;
  /** Statements run one at a time, whether from a request or from another server's command. */
  private serial: Promise<unknown> = Promise.resolve();
  private commandOffset = 0;
  private readonly following = new AbortController();
  private follower: Promise<void> = Promise.resolve();
  private membership: GroupMembership | undefined;
  private pushQueries = 0;
  /** Parsed queries by shape: key lookups that differ only in their literals parse once. */
  private readonly statements = new StatementCache();
  private readonly prepared: PreparedPulls;
  /** One reader per source topic for all push queries that start at its end. */
  private readonly feeds: PushFeeds;
  private transientCounter = 0;
  private readonly logStream: ProcessingLogStream | undefined;

  constructor(
    private readonly log: Log,
    private readonly serviceId: string,
    private readonly serverProperties: Readonly<Record<string, string>>,
    localState?: { readonly dir: string; readonly serviceId: string },
    schemaRegistry?: SchemaRegistry,
  ) {
    const registry = createDefaultRegistry();
    this.logStream = processingLogStream(log, serviceId, serverProperties, (message) => console.error(message));
    const processingLog = new DefaultProcessingLog({
      sink: (entry) => {
        console.error(`[processing log] ${entry.queryId ?? ''} ${entry.errorType}: ${entry.message}`);
        this.logStream?.write(entry);
      },
    });
    this.processingLog = processingLog;
    this.commandTopic = `_tributary_${serviceId}_command_topic`;
    this.feeds = new PushFeeds(log);
    this.live = new LiveQueryHost(log, registry, processingLog, `_tributary_${serviceId}_query_`, schemaRegistry, localState);
    this.host = new DeferredQueryHost(this.live);
    // Over Kafka the server group decides which tasks run here (joinServerGroup); until then, none.
    if (log instanceof KafkaLog) this.live.assign({ owns: () => false });
    this.core = new KsqlEngine({
      ...(schemaRegistry ? { schemaRegistry } : {}),
      log,
      registry,
      processingLog,
      serviceId,
      host: this.host,
      autoCreateTopics: true,
      onCommand: (statement, properties) => this.record(statement, properties),
    });
    this.prepared = new PreparedPulls(this.core);
  }

  /** Replays the command log: the catalogue comes back and queries resume from their committed offsets. */
  async recover(): Promise<void> {
    // Kept forever, as ksqlDB keeps its command topic: a catalogue must not age out of Kafka.
    await this.log.createTopic(this.commandTopic, { partitions: 1, ifNotExists: true, config: { 'retention.ms': '-1', 'cleanup.policy': 'delete' } });
    const end = await this.log.endOffset(this.commandTopic, 0);
    this.replaying = true;
    this.host.defer();
    try {
      // Before the replay, so replayed queries may read the processing log stream.
      if (this.logStream) {
        await this.core.executeScript(this.logStream.createStatement, this.core.newSession()).catch((e: unknown) => {
          console.error(`Could not create the processing log stream: ${e instanceof Error ? e.message : String(e)}`);
        });
      }
      let offset = 0;
      while (offset < end) {
        const batch = await this.log.fetch(this.commandTopic, 0, offset, 1000);
        for (const r of batch) {
          const command = JSON.parse(Buffer.from(r.value!).toString('utf8')) as Command;
          const session = this.core.newSession({ properties: command.properties });
          await this.core.executeScript(command.statement, session).catch((e: unknown) => {
            console.error(`Could not replay command "${command.statement}": ${e instanceof Error ? e.message : String(e)}`);
          });
        }
        if (batch.length === 0) break;
        // Kafka offsets may skip (transaction markers): continue after the last record read.
        offset = batch[batch.length - 1]!.offset + 1;
      }
      this.commandOffset = Math.max(end, offset);
      await this.host.release((queryId, e) => console.error(`Could not start query ${queryId}: ${e instanceof Error ? e.message : String(e)}`));
    } finally {
      this.replaying = false;
    }
  }

  /**
   * Joins the server group of this service id and from then on runs only the tasks the group
   * gives this server; also follows the command topic, so a statement run on another server of
   * the group takes effect here too. Resolves once this server has its first assignment.
   */
  async joinServerGroup(log: KafkaLog, properties: Readonly<Record<string, string>>): Promise<void> {
    const raw = properties[SESSION_TIMEOUT] ?? properties[`ksql.streams.${SESSION_TIMEOUT}`];
    const sessionTimeoutMs = raw === undefined ? DEFAULT_SESSION_TIMEOUT_MS : Number(raw);
    if (!Number.isInteger(sessionTimeoutMs) || sessionTimeoutMs < 1000) {
      throw new AnalysisError(`${SESSION_TIMEOUT} must be a whole number of milliseconds of at least 1000, not '${raw}'.`);
    }
    const membership = new GroupMembership({
      groupBroker: (group) => log.groupBroker(group),
      group: `_tributary_${this.serviceId}_members`,
      url: properties['ksql.advertised.listener'] ?? reachableListener(properties['listeners']),
      sessionTimeoutMs,
      heartbeatMs: Math.min(1000, Math.floor(sessionTimeoutMs / 3)),
      onRevoke: () => this.live.revokeAll(),
      onAssign: async (view) => {
        console.log(`Server group of service ${this.serviceId}, generation ${view.generation}: this server is member ${view.index + 1} of ${view.members.length}.`);
        this.live.assign({ owns: (queryId, task) => taskOwner(queryId, task, view.members.length) === view.index });
      },
      warn: (line) => console.error(line),
    });
    this.membership = membership;
    this.live.reportTasks = (line) => console.log(line);
    membership.start();
    // A headless server runs its queries file and nothing else: there is no command topic to follow.
    if (!this.headless) this.follower = this.followCommands();
    await membership.ready;
  }

  /** Runs the commands other servers of the group append to the command topic, as they land. */
  private async followCommands(): Promise<void> {
    const signal = this.following.signal;
    while (!signal.aborted) {
      try {
        const batch = await this.log.fetch(this.commandTopic, 0, this.commandOffset, 100);
        if (batch.length === 0) {
          await this.log.waitForData(this.commandTopic, 0, this.commandOffset, { signal, timeoutMs: 1000 });
          continue;
        }
        for (const r of batch) {
          if (signal.aborted) return;
          this.commandOffset = r.offset + 1;
          const command = JSON.parse(Buffer.from(r.value!).toString('utf8')) as Command;
          if (command.origin === this.origin) continue;
          await this.exclusive(async () => {
            this.replaying = true;
            try {
              await this.core.executeScript(command.statement, this.core.newSession({ properties: command.properties }));
            } catch (e) {
              console.error(`Could not run command "${command.statement}" from another server: ${e instanceof Error ? e.message : String(e)}`);
            } finally {
              this.replaying = false;
            }
          });
        }
      } catch (e) {
        if (signal.aborted) return;
        console.error(`Following the command topic ${this.commandTopic} failed: ${e instanceof Error ? e.message : String(e)}; retrying.`);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  private exclusive<T>(action: () => Promise<T>): Promise<T> {
    const run = this.serial.then(action, action);
    this.serial = run.catch(() => undefined);
    return run;
  }

  /**
   * The headless start: runs the queries file with every query held back until the whole file has
   * run (a failing statement starts none), then starts them. Nothing goes to the command topic.
   */
  async runQueries(sql: string): Promise<void> {
    this.headless = true;
    if (this.logStream) {
      // As in ksqlDB's headless mode: the processing log topic is created, its stream is not.
      console.error(`ksql.logging.processing.stream.auto.create is not supported in headless mode: the processing log goes to topic ${this.logStream.topic} without a stream over it.`);
      await this.log.createTopic(this.logStream.topic, { partitions: 1, ifNotExists: true });
    }
    this.host.defer();
    await this.core.executeScript(sql, this.core.newSession({ properties: { ...this.serverProperties } }));
    const failures: string[] = [];
    await this.host.release((queryId, e) => failures.push(`${queryId}: ${e instanceof Error ? e.message : String(e)}`));
    if (failures.length > 0) throw new ExecutionError(`Could not start the queries of the queries file:\n${failures.join('\n')}`);
  }

  private async record(statement: string, properties: Record<string, unknown>): Promise<void> {
    if (this.replaying || this.headless) return;
    const value = Buffer.from(JSON.stringify({ statement, properties, origin: this.origin } satisfies Command), 'utf8');
    await this.log.append(this.commandTopic, 0, [{ key: null, value, timestamp: Date.now(), headers: [] }]);
  }

  execute(sql: string, options?: RequestOptions): Promise<KsqlEntity[]> {
    return this.exclusive(() =>
      this.core.executeScript(sql, this.core.newSession({ properties: { ...this.serverProperties, ...options?.properties }, ...(options?.variables ? { variables: options.variables } : {}) })),
    );
  }

  async query(sql: string, options?: RequestOptions): Promise<QueryStream> {
    // Object.assign, not a spread: this runs per request, and spread copies are promoted (see recWith).
    const properties = Object.assign({}, this.serverProperties, options?.properties);
    const session = this.core.newSession(options?.variables ? { properties, variables: options.variables } : { properties });
    const pieces = splitStatements(sql);
    if (pieces.length !== 1) throw new AnalysisError(`Expected exactly one SELECT statement, got ${pieces.length}`);
    const text = substituteVariables(pieces[0]!.text, session.variables);
    const { statement, reused, shape } = this.statements.parse(text);
    if (statement.kind === 'Query' && statement.emit === undefined && this.pullPeers(statement.from.source.name, session.properties).length === 0) {
      const answered = this.prepared.answer(shape, statement, JSON.stringify(options?.properties ?? {}), this.core.generation, `query_${Date.now()}`);
      if (answered) return answered;
    }
    try {
      return await this.runQuery(statement, session, options);
    } catch (e) {
      // A reused parse keeps the spans of the text it was first parsed from: parse this text
      // afresh, so the error points at the right place.
      if (!reused || !(e instanceof TributaryError)) throw e;
      return this.runQuery(parseStatement(text), session, options);
    }
  }

  private async runQuery(stmt: Statement, session: Session, options: RequestOptions | undefined): Promise<QueryStream> {
    if (stmt.kind !== 'Query') throw new AnalysisError(`Only SELECT statements can be run as queries; use POST /ksql for ${stmt.text.split(/\s+/)[0]?.toUpperCase()}`, stmt.span);
    try {
      const source = stmt.from.source.alias ?? stmt.from.source.name;
      const queryId = stmt.emit === undefined ? `query_${Date.now()}` : `transient_${source}_${Date.now()}${this.transientCounter++}`;
      const fromEarliest = sessionConfig(session.properties).autoOffsetReset === 'earliest' && 'auto.offset.reset' in session.properties;
      if (stmt.emit === undefined) {
        const local = await startTransientQuery(stmt, this.core, { fromEarliest, queryId, properties: session.properties });
        const peers = this.pullPeers(stmt.from.source.name, session.properties);
        if (peers.length === 0) return local;
        const request = {
          sql: stmt.text,
          properties: options?.properties ?? {},
          ...(stmt.limit !== undefined ? { limit: stmt.limit } : {}),
          ...(options?.authorization !== undefined ? { authorization: options.authorization } : {}),
        };
        return await gatherPull(local, peers, request, (text) => this.typeOf(text));
      }
      const limit = this.maxPushQueries();
      if (this.pushQueries >= limit) {
        throw new PushQueryLimitError(
          `Not executing statement(s) as it would cause the number of active, push queries to exceed the configured limit. ` +
            `Terminate existing PUSH queries, or increase the '${MAX_PUSH_QUERIES}' setting via the server's properties file. ` +
            `Current push query count: ${this.pushQueries}. Configured limit: ${limit}.`,
        );
      }
      this.pushQueries++;
      let stream: QueryStream;
      try {
        stream = await startTransientQuery(stmt, this.core, { fromEarliest, queryId, properties: session.properties, feeds: this.feeds });
      } catch (e) {
        this.pushQueries--;
        throw e;
      }
      let released = false;
      const close = stream.close.bind(stream);
      return {
        ...stream,
        close: async () => {
          if (!released) {
            released = true;
            this.pushQueries--;
          }
          await close();
        },
      };
    } catch (e) {
      if (e instanceof TributaryError) e.statementText ??= stmt.text;
      throw e;
    }
  }

  /**
   * The other members of the server group that run tasks of the query materializing table
   * `name`, when a pull query on it needs their rows: none for a stream, a table no query
   * writes (read from its topic), a lone server, or a pull query forwarded here by a peer.
   */
  private pullPeers(name: string, properties: Readonly<Record<string, unknown>>): Peer[] {
    const view = this.membership?.view;
    if (!view || view.members.length < 2 || properties[SKIP_FORWARDING] === true || properties[SKIP_FORWARDING] === 'true') return [];
    const source = this.core.metastore.source(name);
    if (source?.sourceType !== 'TABLE') return [];
    const writer = this.core.metastore.queriesOf(source.name).writes.find((q) => q.plan.sink.kind === 'TableSink');
    if (!writer) return [];
    const tasks = this.live.layout(writer.id)?.tasks ?? 1;
    const owners = new Set<number>();
    for (let t = 0; t < tasks; t++) owners.add(taskOwner(writer.id, t, view.members.length));
    owners.delete(view.index);
    return [...owners].sort((a, b) => a - b).map((i) => view.members[i]!);
  }

  /** A column's type from its text in a query header (`BIGINT`, `STRUCT<A INT>`, ...). */
  private typeOf(text: string): SqlType {
    const stmt = parseStatement(`CREATE TYPE PULL_COLUMN AS ${text};`);
    if (stmt.kind !== 'CreateType') throw new AnalysisError(`Not a column type: ${text}`);
    return resolveTypeNode(this.core.metastore)(stmt.type);
  }

  /**
   * The REST address this server serves on, once it listens: told to the server group (joining
   * it again), so that peers can forward pull queries here. `ksql.advertised.listener`, when
   * set, wins.
   */
  advertise(url: string): void {
    if (this.serverProperties['ksql.advertised.listener'] !== undefined) return;
    this.membership?.announce(url);
  }

  /**
   * Every member of the server group with the source partitions its tasks read, per query: each
   * server runs the same queries and `taskOwner` places a task the same way everywhere, so any
   * member can tell. Without a group (or before it formed), this server runs every task.
   */
  clusterStatus(self: string): Record<string, HostStatus> {
    const now = Date.now();
    const view = this.membership?.view;
    const members = view ? view.members : [{ memberId: '', url: '' }];
    const out: Record<string, HostStatus> = {};
    members.forEach((member, index) => {
      const perQuery: Record<string, HostStatus['activeStandbyPerQuery'][string]> = {};
      for (const q of this.live.hosted()) {
        const partitions: { topic: string; partition: number }[] = [];
        for (let t = 0; t < q.tasks; t++) if (!view || taskOwner(q.queryId, t, view.members.length) === index) partitions.push(...q.partitionsOf(t));
        if (partitions.length > 0) perQuery[q.queryId] = { activeStores: [], activePartitions: partitions, standByStores: [], standByPartitions: [] };
      }
      const isSelf = view ? index === view.index : true;
      out[isSelf ? self : (hostPortOf(member.url) ?? member.memberId)] = { hostAlive: true, lastStatusUpdateMs: now, activeStandbyPerQuery: perQuery, hostStoreLags: { stateStoreLags: {}, updateTimeMs: now } };
    });
    return out;
  }

  private maxPushQueries(): number {
    const raw = this.serverProperties[MAX_PUSH_QUERIES];
    const n = raw === undefined ? DEFAULT_MAX_PUSH_QUERIES : Number(raw);
    return Number.isInteger(n) && n >= 0 ? n : DEFAULT_MAX_PUSH_QUERIES;
  }

  async openInserts(target: string): Promise<InsertsTarget> {
    return openInserts(this.core, target);
  }

  info(): ServerInfo {
    return { version: VERSION, kafkaClusterId: this.log instanceof KafkaLog ? 'kafka' : 'embedded', ksqlServiceId: this.serviceId, serverStatus: 'RUNNING' };
  }

  async close(): Promise<void> {
    this.following.abort();
    await this.follower;
    // Leaving the group (tasks stopped and committed first) hands the tasks over at once.
    await this.membership?.close();
    await this.feeds.close();
    await this.host.close();
    await this.log.close();
  }
}

/** The first of `listeners` as other machines reach it (a wildcard host becomes this host's name); '' when none. */
function reachableListener(listeners: string | undefined): string {
  const first = listeners?.split(',')[0]?.trim();
  if (!first) return '';
  try {
    const url = new URL(first);
    if (url.hostname === '0.0.0.0' || url.hostname === '[::]') url.hostname = hostname();
    return url.origin;
  } catch {
    return '';
  }
}

/** `host:port` of a URL, or undefined when it is not one. */
function hostPortOf(url: string): string | undefined {
  try {
    return url === '' ? undefined : new URL(url).host;
  } catch {
    return undefined;
  }
}
