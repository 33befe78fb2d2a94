/**
 * The engine side of the conformance seam: one case on a MemoryLog with a manual query host, fed in
 * ksqlDB's TopologyTestDriver order (see ksqldb-test-semantics.md §1.3).
 */
import { TributaryError } from '../../common/errors.ts';
import { formatSchema } from '../../common/schema.ts';
import { ManualQueryHost } from '../../engine/manual-host.ts';
import { KsqlEngine, type Session } from '../../engine/ksql-engine.ts';
import type { DataSource } from '../../engine/metastore.ts';
import { createDefaultRegistry } from '../../functions/index.ts';
import { parseStatement, parseStatements, splitStatements } from '../../parser/index.ts';
import type { InternalTopic } from '../../plan/steps.ts';
import type { LogRecord } from '../../runtime/log/log.ts';
import { MemoryLog } from '../../runtime/log/memory-log.ts';
import { DefaultProcessingLog } from '../../runtime/log/processing-log.ts';
import { InMemorySchemaRegistry, type SchemaRegistry } from '../../runtime/serde/index.ts';
import type { ConformanceSession, InputRecord, RawRecord, SessionError, SessionOptions, SourceInfo, TopicInfo, TopicLayout } from './session-api.ts';
import type { TopicFormats } from './compare-topic-format.ts';
import { registerTestFunctions } from './test-functions.ts';

const registry = createDefaultRegistry();
registerTestFunctions(registry);

export function createSession(options: SessionOptions): ConformanceSession {
  return new EngineSession(options);
}

function toSessionError(e: unknown): SessionError {
  if (e instanceof TributaryError) {
    return { ksqlType: e.ksqlType, message: e.message, ...(e.statementText !== undefined ? { statementText: e.statementText } : {}) };
  }
  return { ksqlType: 'KsqlException', message: e instanceof Error ? `${e.message}` : String(e) };
}

class EngineSession implements ConformanceSession {
  private readonly log = new MemoryLog();
  private readonly captured = new Map<string, RawRecord[]>();
  private readonly host: ManualQueryHost;
  private readonly engine: KsqlEngine;
  private readonly session: Session;
  private readonly registry: SchemaRegistry = new InMemorySchemaRegistry();

  constructor(options: SessionOptions) {
    const processingLog = new DefaultProcessingLog();
    const emit = (topic: string, record: LogRecord): void => this.capture(topic, record);
    this.host = new ManualQueryHost(registry, processingLog, emit, this.registry);
    this.engine = new KsqlEngine({
      log: this.log,
      registry,
      processingLog,
      serviceId: 'some.ksql.service.id',
      host: this.host,
      produce: async (topic, record) => emit(topic, record),
      schemaRegistry: this.registry,
    });
    this.session = this.engine.newSession({ properties: { ...options.properties } });
  }

  private capture(topic: string, record: LogRecord): void {
    let list = this.captured.get(topic);
    if (!list) this.captured.set(topic, (list = []));
    list.push({ key: record.key, value: record.value, timestamp: record.timestamp, headers: record.headers });
  }

  createTopic(name: string, partitions: number): void {
    if (!this.log.describeTopicSync(name)) this.log.createTopicSync(name, { partitions });
  }

  async execute(statements: readonly string[]): Promise<SessionError | undefined> {
    const texts = statements.flatMap((s) => splitStatements(s).map((p) => p.text));
    try {
      // ksqlDB parses the whole script before running any of it, so syntax errors come first,
      // positioned in the script and quoting the statement as written.
      parseStatements(statements.join('\n'));
    } catch (e) {
      if (e instanceof TributaryError && e.statementText !== undefined) {
        const failed = e.statementText;
        e.statementText = statements.map((s) => s.trim()).find((s) => s.startsWith(failed)) ?? failed;
      }
      return toSessionError(e);
    }
    try {
      const parsed = texts.map((t) => parseStatement(t));
      for (const stmt of parsed) {
        if (stmt.kind !== 'CreateSource') continue;
        const topic = stmt.properties.find((p) => p.name.toUpperCase() === 'KAFKA_TOPIC');
        const partitions = stmt.properties.find((p) => p.name.toUpperCase() === 'PARTITIONS');
        if (topic?.value.kind === 'StringLiteral') {
          this.createTopic(topic.value.value, partitions?.value.kind === 'IntegerLiteral' ? Number(partitions.value.text) : 4);
        }
      }
    } catch (e) {
      return toSessionError(e);
    }
    try {
      // One script, as ksqlDB runs a case: error positions count lines from its start.
      await this.engine.executeScript(statements.join('\n'), this.session);
    } catch (e) {
      return toSessionError(e);
    }
    return undefined;
  }

  schemaRegistry(): SchemaRegistry {
    return this.registry;
  }

  layoutOf(topic: string): TopicLayout | undefined {
    const sources = this.engine.metastore.allSources().filter((s) => s.topic === topic);
    const source = sources.find((s) => s.isSource || !this.engine.metastore.queriesOf(s.name).writes.length) ?? sources[0];
    return source ? layout(source) : undefined;
  }

  async run(inputs: readonly InputRecord[]): Promise<SessionError | undefined> {
    for (const input of inputs) this.capture(input.topic, input);
    const inputTopics = new Set(inputs.map((i) => i.topic));
    try {
      for (const { plan, topology } of [...this.host.topologies.values()]) {
        const offsets = new Map<string, number>();
        const feed = (topic: string, record: RawRecord): void => {
          const handler = topology.sources.get(topic);
          if (!handler) return;
          const offset = offsets.get(topic) ?? 0;
          offsets.set(topic, offset + 1);
          handler({ ...record, topic, partition: 0, offset });
        };
        for (const input of inputs) feed(input.topic, input);
        for (const topic of plan.sourceTopics) {
          if (inputTopics.has(topic)) continue;
          for (const record of [...(this.captured.get(topic) ?? [])]) feed(topic, record);
        }
      }
    } catch (e) {
      return { ksqlType: 'StreamsException', message: e instanceof Error ? e.message : String(e) };
    }
    return undefined;
  }

  queries(): readonly string[] {
    return [...this.host.topologies.keys()];
  }

  read(topic: string): readonly RawRecord[] {
    return this.captured.get(topic) ?? [];
  }

  /**
   * Stub-Kafka topics plus topics a query wrote to. Internal topics count only once records reached
   * them, as in ksqlDB's harness, and carry their formats (no source describes them).
   */
  topics(): readonly TopicInfo[] {
    const internal = new Map<string, InternalTopic>();
    for (const { plan } of this.host.topologies.values()) for (const t of plan.internalTopics ?? []) internal.set(t.name, t);
    const known = new Map<string, TopicInfo>();
    for (const t of this.log.listTopicsSync()) if (!internal.has(t.name)) known.set(t.name, { name: t.name, partitions: t.partitions });
    for (const name of this.captured.keys()) {
      const t = internal.get(name);
      if (t) known.set(name, internalTopicInfo(t));
      else if (!known.has(name)) known.set(name, { name, partitions: 1 });
    }
    return [...known.values()];
  }

  sources(): readonly SourceInfo[] {
    return this.engine.metastore.allSources().map((s) => ({
      name: s.name,
      type: s.sourceType,
      schema: formatSchema(s.schema),
      topic: s.topic,
      isSource: s.isSource,
      layout: layout(s),
    }));
  }

  async close(): Promise<void> {
    await this.host.close();
  }
}

function internalTopicInfo(t: InternalTopic): TopicInfo & TopicFormats {
  return {
    name: t.name,
    partitions: 1,
    keyFormat: { format: t.formats.key.name, properties: t.formats.key.properties, features: t.keyFeatures },
    valueFormat: { format: t.formats.value.name, properties: t.formats.value.properties, features: t.valueFeatures },
    ...(t.window ? { window: { type: t.window.type, ...(t.window.sizeMs !== undefined ? { sizeMs: t.window.sizeMs } : {}) } } : {}),
  };
}

function layout(s: DataSource): TopicLayout {
  const key = s.schema.columns.filter((c) => c.namespace === 'KEY');
  const value = s.schema.columns.filter((c) => c.namespace === 'VALUE');
  const single = value.length === 1;
  return {
    keyFormat: { format: s.formats.key.name, properties: s.formats.key.properties, features: key.length === 1 && s.formats.key.name !== 'KAFKA' && s.formats.key.name !== 'NONE' && s.formats.key.name !== 'DELIMITED' ? ['UNWRAP_SINGLES'] : [] },
    valueFormat: { format: s.formats.value.name, properties: s.formats.value.properties, features: single && !s.formats.wrapSingleValue ? ['UNWRAP_SINGLES'] : [] },
    keyColumns: key,
    valueColumns: value,
    ...(s.window ? { window: { type: s.window.type, ...(s.window.sizeMs !== undefined ? { sizeMs: s.window.sizeMs } : {}) } } : {}),
  };
}
