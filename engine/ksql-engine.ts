/**
 * Statement execution over a metastore, a log and a query host. Each statement is parsed, planned
 * and carried out in order; the first failure stops the script.
 */
import type { MaterializedTable } from '../runtime/operators/table-materialize.ts';
import { AnalysisError, ExecutionError, NotFoundError, TributaryError, UnsupportedError } from '../common/errors.ts';
import type { FunctionRegistry } from '../functions/registry.ts';
import type { Statement, StatementOf } from '../parser/ast.ts';
import { parseStatement, splitStatements, substituteVariables } from '../parser/index.ts';
import type { QueryPlan } from '../plan/steps.ts';
import type { Log } from '../runtime/log/log.ts';
import type { ProcessingLog } from '../runtime/log/processing-log.ts';
import { adminStatement } from './admin-statements.ts';
import type { KsqlEntity, RequestOptions } from './api.ts';
import { defineSource } from './create-source.ts';
import type { EngineContext } from './engine-context.ts';
import { currentStatus } from './entities.ts';
import { insertValues } from './insert-values.ts';
import { isMaterialization, planSourceTable } from './source-table.ts';
import { Metastore, type DataSource } from './metastore.ts';
import { planCreateAsSelect, planInsertInto } from './persistent-queries.ts';
import type { QueryHost } from './query-host.ts';
import { sessionConfig, type SessionConfig } from './session-config.ts';
import { resolveTypeNode } from '../planner/resolve-type.ts';
import type { LogRecord } from '../runtime/log/log.ts';
import { defaultSchemaRegistry, type SchemaRegistry } from '../runtime/serde/index.ts';

export interface Session {
  readonly properties: Record<string, unknown>;
  readonly variables: Map<string, string>;
}

export interface KsqlEngineOptions {
  readonly log: Log;
  readonly registry: FunctionRegistry;
  readonly processingLog: ProcessingLog;
  readonly serviceId: string;
  readonly host: QueryHost;
  /** Where INSERT VALUES writes; defaults to appending to the log. */
  readonly produce?: (topic: string, record: LogRecord) => Promise<void>;
  /** Called after each statement that changes the catalogue or the queries, for the command log. */
  readonly onCommand?: (statementText: string, properties: Record<string, unknown>) => Promise<void>;
  /** When true, a CREATE with columns creates a missing topic with 1 partition instead of failing. */
  readonly autoCreateTopics?: boolean;
  /** The engine's schema registry (AVRO / PROTOBUF / JSON_SR); defaults to the process-wide one. */
  readonly schemaRegistry?: SchemaRegistry;
}

export class KsqlEngine implements EngineContext {
  readonly metastore = new Metastore();
  readonly log: Log;
  readonly registry: FunctionRegistry;
  readonly processingLog: ProcessingLog;
  readonly serviceId: string;
  readonly schemaRegistry: SchemaRegistry;
  private queryCounter = 0;
  /**
   * Counts the statements that may have changed the catalogue or its queries (every one but
   * INSERT VALUES): what was derived from the catalogue at a lower count may be stale.
   */
  generation = 0;

  constructor(private readonly options: KsqlEngineOptions) {
    this.log = options.log;
    this.registry = options.registry;
    this.processingLog = options.processingLog;
    this.serviceId = options.serviceId;
    this.schemaRegistry = options.schemaRegistry ?? defaultSchemaRegistry();
  }

  newSession(options: RequestOptions = {}): Session {
    const variables = new Map<string, string>();
    if (options.variables) for (const [k, v] of Object.entries(options.variables)) variables.set(k.toUpperCase(), v);
    return { properties: Object.assign({}, options.properties), variables };
  }

  /** Parses a script into statements with variables substituted as DEFINE statements are met. */
  async executeScript(sql: string, session: Session): Promise<KsqlEntity[]> {
    const entities: KsqlEntity[] = [];
    for (const piece of splitStatements(sql)) {
      const text = substituteVariables(piece.text, session.variables);
      try {
        const stmt = parseStatement(text);
        const entity = await this.execute(stmt, session);
        if (entity) entities.push(entity);
      } catch (e) {
        if (e instanceof TributaryError) {
          // ksqlDB's statementText is the statement with its terminating semicolon.
          e.statementText ??= sql[piece.span.endOffset] === ';' ? `${text};` : text;
          // Positions in messages count lines from the start of the whole script, as ksqlDB's do.
          const offset = piece.span.line - 1;
          if (offset > 0) e.message = e.message.replace(/Line: (\d+), Col: /, (_m, line: string) => `Line: ${Number(line) + offset}, Col: `);
          (e as TributaryError & { entities?: KsqlEntity[] }).entities = entities;
        }
        throw e;
      }
    }
    return entities;
  }

  async execute(stmt: Statement, session: Session): Promise<KsqlEntity | undefined> {
    if (stmt.kind === 'InsertValues') return this.executeStatement(stmt, session);
    // Counted when it starts and when it ends: nothing derived while it runs is taken as current.
    this.generation++;
    try {
      return await this.executeStatement(stmt, session);
    } finally {
      this.generation++;
    }
  }

  private async executeStatement(stmt: Statement, session: Session): Promise<KsqlEntity | undefined> {
    const config = sessionConfig(session.properties);
    switch (stmt.kind) {
      case 'CreateSource':
        return this.createSource(stmt, config);
      case 'CreateAsSelect':
        return this.createAsSelect(stmt, session);
      case 'InsertInto':
        return this.insertInto(stmt, session);
      case 'InsertValues':
        await insertValues(stmt, this, config, this.options.produce ?? ((topic, rec) => this.log.append(topic, undefined, [rec]).then(() => undefined)), this.schemaRegistry);
        return undefined;
      case 'DropSource':
        return this.dropSource(stmt);
      case 'QueryControl':
        return this.queryControl(stmt);
      case 'SetProperty':
        session.properties[stmt.name] = stmt.value;
        return undefined;
      case 'UnsetProperty':
        delete session.properties[stmt.name];
        return undefined;
      case 'DefineVariable':
        session.variables.set(stmt.name.toUpperCase(), stmt.value);
        return undefined;
      case 'UndefineVariable':
        if (!session.variables.delete(stmt.name.toUpperCase())) {
          return { '@type': 'warning_entity', statementText: stmt.text, message: `Cannot undefine variable '${stmt.name}' which was never defined`, warnings: [] };
        }
        return undefined;
      case 'CreateType':
        return this.createType(stmt);
      case 'AlterSource':
        return this.alterSource(stmt);
      case 'DropType':
        return this.dropType(stmt);
      case 'Query':
        throw new AnalysisError(`The following statement types should be issued to the websocket endpoint '/query':\n\t* PRINT\n\t* SELECT`, stmt.span);
      default:
        return adminStatement(stmt, this, session);
    }
  }

  private async createSource(stmt: StatementOf<'CreateSource'>, config: SessionConfig): Promise<KsqlEntity | undefined> {
    const existing = this.metastore.source(stmt.name);
    const kind = stmt.sourceType.toLowerCase();
    if (stmt.orReplace && (stmt.isSource || existing?.isSource)) {
      throw new ExecutionError(`Cannot add ${kind} '${stmt.name}': CREATE OR REPLACE is not supported on source ${kind}s.`, stmt.span);
    }
    if (existing) {
      if (stmt.ifNotExists) return currentStatus(stmt.text, `${kind}/\`${stmt.name}\`/create`, `Cannot add ${kind} ${stmt.name}: A ${existing.sourceType.toLowerCase()} with the same name already exists.`);
      if (!stmt.orReplace) {
        throw new AnalysisError(`Cannot add ${kind} '${stmt.name}': A ${existing.sourceType.toLowerCase()} with the same name already exists`, stmt.span);
      }
    }
    const source = defineSource(stmt, this.metastore, config, this.schemaRegistry);
    await this.ensureTopic(source, stmt);
    const partitions = (await this.log.describeTopic(source.topic))?.partitions;
    this.metastore.putSource(partitions === undefined ? source : { ...source, partitions });
    if (source.isSource && source.sourceType === 'TABLE') await this.materializeSourceTable(source, stmt.text);
    await this.options.onCommand?.(stmt.text, {});
    return currentStatus(stmt.text, `${kind}/\`${stmt.name}\`/create`, stmt.sourceType === 'STREAM' ? 'Stream created' : 'Table created');
  }

  /** ksqlDB's CST_ query: a source table's rows kept in a result store for pull queries (source-table.ts). */
  private async materializeSourceTable(source: DataSource, statementText: string): Promise<void> {
    const queryId = this.nextQueryId(`CST_${source.name}`);
    const plan = planSourceTable(source, this, queryId);
    this.metastore.queries.set(queryId, { id: queryId, statementText, sinkName: source.name, sinkTopic: source.topic, sourceNames: [source.name], plan, state: 'RUNNING' });
    await this.options.host.start(plan, { fromEarliest: true, properties: {} });
  }

  private async ensureTopic(source: DataSource, stmt: StatementOf<'CreateSource'>): Promise<void> {
    if (await this.log.describeTopic(source.topic)) return;
    const partitions = stmt.properties.find((p) => p.name.toUpperCase() === 'PARTITIONS');
    if (!partitions && !this.options.autoCreateTopics) {
      throw new ExecutionError(
        `Topic '${source.topic}' does not exist. If you want to create a new topic for the ${source.sourceType.toLowerCase()} please re-run the statement providing the required 'PARTITIONS' configuration in the WITH clause (and optionally 'REPLICAS'). For example: CREATE ${source.sourceType} ${source.name} (ID INT KEY, VAL STRING) WITH (KAFKA_TOPIC='${source.topic}', PARTITIONS=2, REPLICAS=1, ...);`,
        stmt.span,
      );
    }
    const n = partitions?.value.kind === 'IntegerLiteral' ? Number(partitions.value.text) : 1;
    await this.log.createTopic(source.topic, { partitions: n, ifNotExists: true });
  }

  /** A query's repartition and changelog topics, partitioned like its first source, as Kafka Streams does. */
  private async createInternalTopics(plan: QueryPlan): Promise<void> {
    if (!plan.internalTopics) return;
    const source = plan.sourceTopics[0] === undefined ? undefined : await this.log.describeTopic(plan.sourceTopics[0]);
    for (const t of plan.internalTopics) await this.log.createTopic(t.name, { partitions: source?.partitions ?? 1, ifNotExists: true });
  }

  lateRecords(queryId: string): number {
    return this.options.host.lateRecords?.(queryId) ?? 0;
  }

  materialized(queryId: string): readonly MaterializedTable[] {
    return this.options.host.materialized?.(queryId) ?? [];
  }

  private nextQueryId(prefix: string): string {
    return `${prefix}_${this.queryCounter++}`;
  }

  private async createAsSelect(stmt: StatementOf<'CreateAsSelect'>, session: Session): Promise<KsqlEntity | undefined> {
    const kind = stmt.sourceType.toLowerCase();
    const existing = this.metastore.source(stmt.name);
    if (existing && stmt.ifNotExists) return undefined;
    if (existing && !stmt.orReplace) {
      throw new AnalysisError(`Cannot add ${kind} '${stmt.name}': A ${existing.sourceType.toLowerCase()} with the same name already exists`, stmt.span);
    }
    const replacing = existing ? this.metastore.queriesOf(stmt.name).writes[0] : undefined;
    const queryId = replacing?.id ?? this.nextQueryId(`${stmt.sourceType === 'TABLE' ? 'CTAS' : 'CSAS'}_${stmt.name}`);
    const config = sessionConfig(session.properties);
    const planned = await planCreateAsSelect(stmt, this, config, queryId);
    await this.log.createTopic(planned.sink.topic, { partitions: planned.partitions, ifNotExists: true }).catch(() => undefined);
    await this.createInternalTopics(planned.plan);
    if (replacing) await this.options.host.stop(replacing.id);
    this.metastore.putSource({ ...planned.sink, partitions: (await this.log.describeTopic(planned.sink.topic))?.partitions ?? planned.partitions });
    this.metastore.queries.set(queryId, {
      id: queryId,
      statementText: stmt.text,
      sinkName: stmt.name,
      sinkTopic: planned.sink.topic,
      sourceNames: planned.sources.map((s) => s.name),
      plan: planned.plan,
      state: 'RUNNING',
    });
    await this.options.host.start(planned.plan, { fromEarliest: config.autoOffsetReset === 'earliest', properties: session.properties });
    await this.options.onCommand?.(stmt.text, session.properties);
    return currentStatus(stmt.text, `${kind}/\`${stmt.name}\`/create`, `Created query with ID ${queryId}`, queryId);
  }

  private async insertInto(stmt: StatementOf<'InsertInto'>, session: Session): Promise<KsqlEntity> {
    const target = this.metastore.source(stmt.target);
    if (!target) throw new AnalysisError(`${stmt.target} does not exist.`, stmt.span);
    if (target.sourceType === 'TABLE') throw new AnalysisError(`INSERT INTO can only be used to insert into a stream. ${target.name} is a table.`, stmt.span);
    if (target.isSource) throw new AnalysisError(`Cannot insert into read-only stream: ${target.name}`, stmt.span);
    const queryId = this.nextQueryId('INSERTQUERY');
    const config = sessionConfig(session.properties);
    const plan = planInsertInto(stmt, this, target, queryId, config);
    const sources = stmt.query.from.source.name;
    this.metastore.queries.set(queryId, {
      id: queryId,
      statementText: stmt.text,
      sinkName: target.name,
      sinkTopic: target.topic,
      sourceNames: [sources],
      plan,
      state: 'RUNNING',
    });
    await this.createInternalTopics(plan);
    await this.options.host.start(plan, { fromEarliest: config.autoOffsetReset === 'earliest', properties: session.properties });
    await this.options.onCommand?.(stmt.text, session.properties);
    return currentStatus(stmt.text, `stream/\`${target.name}\`/create`, `Created query with ID ${queryId}`, queryId);
  }

  private async dropSource(stmt: StatementOf<'DropSource'>): Promise<KsqlEntity> {
    const kind = stmt.sourceType.toLowerCase();
    const source = this.metastore.source(stmt.name);
    if (!source) {
      if (stmt.ifExists) return currentStatus(stmt.text, `${kind}/${stmt.name}/drop`, `Source \`${stmt.name}\` does not exist.`);
      throw new NotFoundError(`${stmt.sourceType === 'STREAM' ? 'Stream' : 'Table'} ${stmt.name} does not exist.`, stmt.span);
    }
    if (source.sourceType !== stmt.sourceType) {
      throw new AnalysisError(`Incompatible data source type is ${source.sourceType}, but statement was DROP ${stmt.sourceType}`, stmt.span);
    }
    if (stmt.deleteTopic && source.isSource) throw new AnalysisError(`Cannot delete topic for read-only source: ${source.name}`, stmt.span);
    const all = this.metastore.queriesOf(source.name);
    // A source table's own materialization goes with it; any other query stops the DROP.
    const own = all.writes.filter(isMaterialization);
    const reads = all.reads.filter((q) => !isMaterialization(q));
    const writes = all.writes.filter((q) => !isMaterialization(q));
    if (reads.length > 0 || writes.length > 0) {
      throw new AnalysisError(
        `Cannot drop ${source.name}.\nThe following queries read from this source: [${reads.map((q) => q.id).join(', ')}].\nThe following queries write into this source: [${writes.map((q) => q.id).join(', ')}].\nYou need to terminate them before dropping ${source.name}.`,
        stmt.span,
      );
    }
    for (const q of own) {
      await this.options.host.stop(q.id);
      this.metastore.queries.delete(q.id);
      await this.options.host.cleanup?.(q.id);
    }
    this.metastore.deleteSource(source.name);
    if (stmt.deleteTopic) await this.log.deleteTopic(source.topic, { ifExists: true });
    await this.options.onCommand?.(stmt.text, {});
    return currentStatus(stmt.text, `${kind}/${source.name}/drop`, `Source \`${source.name}\` (topic: ${source.topic}) was dropped.`);
  }

  private async queryControl(stmt: StatementOf<'QueryControl'>): Promise<KsqlEntity> {
    if (stmt.action !== 'TERMINATE') throw new UnsupportedError(`${stmt.action} of queries`, stmt.span);
    const ids = stmt.all ? [...this.metastore.queries.keys()] : [stmt.queryId!.toUpperCase()];
    for (const id of ids) {
      const q = this.metastore.queries.get(id) ?? [...this.metastore.queries.values()].find((x) => x.id.toUpperCase() === id);
      if (!q) throw new NotFoundError(`Unknown queryId: ${stmt.queryId}`, stmt.span);
      await this.options.host.stop(q.id);
      this.metastore.queries.delete(q.id);
      // As ksqlDB cleans up a terminated query: its repartition and changelog topics go with it.
      for (const t of q.plan.internalTopics ?? []) await this.log.deleteTopic(t.name, { ifExists: true });
      await this.options.host.cleanup?.(q.id);
    }
    await this.options.onCommand?.(stmt.text, {});
    return currentStatus(stmt.text, `terminate/${stmt.all ? 'ALL' : stmt.queryId}/execute`, 'Query terminated.');
  }

  private async alterSource(stmt: StatementOf<'AlterSource'>): Promise<KsqlEntity> {
    const kind = stmt.sourceType.toLowerCase();
    const source = this.metastore.source(stmt.name);
    if (!source) throw new NotFoundError(`Source ${stmt.name} does not exist.`, stmt.span);
    if (source.sourceType !== stmt.sourceType) throw new AnalysisError(`Incompatible data source type is ${source.sourceType}, but statement was ALTER ${stmt.sourceType}`, stmt.span);
    if (source.isSource) throw new ExecutionError(`Cannot alter ${kind} '${stmt.name}': ALTER operations are not supported on source ${kind}s.`, stmt.span);
    if (this.metastore.queriesOf(source.name).writes.length > 0) {
      throw new AnalysisError(`ALTER command is not supported for CREATE ... AS statements.`, stmt.span);
    }
    const resolve = resolveTypeNode(this.metastore);
    const columns = [...source.schema.columns];
    for (const c of stmt.columns) {
      if (columns.some((x) => x.name === c.name)) {
        throw new AnalysisError(`Cannot add column \`${c.name}\` to schema. A column with the same name already exists.`, c.span);
      }
      columns.push({ name: c.name, type: resolve(c.type), namespace: 'VALUE' });
    }
    this.metastore.putSource({ ...source, schema: { columns } });
    await this.options.onCommand?.(stmt.text, {});
    return currentStatus(stmt.text, `${kind}/${source.name}/alter`, `${stmt.sourceType === 'STREAM' ? 'Stream' : 'Table'} ${source.name} altered.`);
  }

  private async createType(stmt: StatementOf<'CreateType'>): Promise<KsqlEntity> {
    const existing = this.metastore.customType(stmt.name);
    if (existing && !stmt.ifNotExists) throw new AnalysisError(`Cannot register custom type '${stmt.name}' since it is already registered with type: ${JSON.stringify(existing)}`, stmt.span);
    if (!existing) this.metastore.putType(stmt.name, resolveTypeNode(this.metastore)(stmt.type));
    await this.options.onCommand?.(stmt.text, {});
    return currentStatus(stmt.text, `type/${stmt.name}/create`, `Registered custom type with name '${stmt.name}'`);
  }

  private async dropType(stmt: StatementOf<'DropType'>): Promise<KsqlEntity> {
    if (!this.metastore.deleteType(stmt.name) && !stmt.ifExists) throw new NotFoundError(`Type ${stmt.name} does not exist.`, stmt.span);
    await this.options.onCommand?.(stmt.text, {});
    return currentStatus(stmt.text, `type/${stmt.name}/drop`, `Dropped type '${stmt.name}'`);
  }
}
