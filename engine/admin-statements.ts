/** Read-only statements: SHOW, DESCRIBE, EXPLAIN; anything else not executable yet is reported as such. */
import { NotFoundError, UnsupportedError } from '../common/errors.ts';
import { formatType } from '../common/types.ts';
import type { Statement, StatementOf } from '../parser/ast.ts';
import { explainStep } from '../plan/explain.ts';
import type { KsqlEntity } from './api.ts';
import type { EngineContext } from './engine-context.ts';
import { runningQuery, sourceDescription, sourceSummary, schemaInfo } from './entities.ts';
import type { Session } from './ksql-engine.ts';

export async function adminStatement(stmt: Statement, ctx: EngineContext, session: Session): Promise<KsqlEntity> {
  switch (stmt.kind) {
    case 'Show':
      return show(stmt, ctx, session);
    case 'Describe':
      return describe(stmt, ctx);
    case 'DescribeFunction': {
      const d = ctx.registry.describe(stmt.name);
      return {
        '@type': 'describe_function',
        statementText: stmt.text,
        name: d.name,
        description: d.description,
        author: 'Tributary',
        version: '',
        path: 'internal',
        type: d.type,
        functions: d.variants.map((v) => ({ arguments: v.arguments.map((a) => ({ ...a, description: '' })), returnType: v.returnType, description: v.description })),
        warnings: [],
      };
    }
    case 'Explain':
      return explain(stmt, ctx);
    default:
      throw new UnsupportedError(statementName(stmt), stmt.span);
  }
}

function statementName(stmt: Statement): string {
  return stmt.text.split(/\s+/).slice(0, 2).join(' ').toUpperCase() || stmt.kind;
}

async function show(stmt: StatementOf<'Show'>, ctx: EngineContext, session: Session): Promise<KsqlEntity> {
  const base = { statementText: stmt.text, warnings: [] };
  const sources = ctx.metastore.allSources().sort((a, b) => a.name.localeCompare(b.name));
  switch (stmt.target) {
    case 'STREAMS':
    case 'TABLES': {
      const type = stmt.target === 'STREAMS' ? 'STREAM' : 'TABLE';
      const list = sources.filter((s) => s.sourceType === type);
      if (stmt.extended) {
        const descs = await Promise.all(list.map(async (s) => sourceDescription(s, ctx.metastore, true, (await ctx.log.describeTopic(s.topic))?.partitions ?? 0, (id) => ctx.lateRecords(id))));
        return { '@type': 'source_descriptions', ...base, sourceDescriptions: descs };
      }
      return stmt.target === 'STREAMS'
        ? { '@type': 'streams', ...base, streams: list.map(sourceSummary) }
        : { '@type': 'tables', ...base, tables: list.map(sourceSummary) };
    }
    case 'TOPICS': {
      const topics = (await ctx.log.listTopics()).filter((t) => stmt.all || !t.name.startsWith('_'));
      return { '@type': 'kafka_topics', ...base, topics: topics.map((t) => ({ name: t.name, replicaInfo: Array.from({ length: t.partitions }, () => t.replicas) })) };
    }
    case 'QUERIES':
      return { '@type': 'queries', ...base, queries: [...ctx.metastore.queries.values()].map(runningQuery) };
    case 'PROPERTIES':
      return {
        '@type': 'properties',
        ...base,
        properties: Object.entries(session.properties).map(([name, value]) => ({ name, scope: 'KSQL', value: String(value), editable: true, level: 'QUERY' })),
        overwrittenProperties: Object.keys(session.properties),
        defaultProperties: [],
      };
    case 'FUNCTIONS':
      return { '@type': 'function_names', ...base, functions: ctx.registry.list() };
    case 'TYPES':
      return { '@type': 'type_list', ...base, types: Object.fromEntries(ctx.metastore.allTypes().map(([n, t]) => [n, schemaInfo(t)])) };
    case 'VARIABLES':
      return { '@type': 'variables', ...base, variables: [...session.variables].map(([name, value]) => ({ name, value })) };
    default:
      throw new UnsupportedError(`SHOW ${stmt.target}`, stmt.span);
  }
}

async function describe(stmt: StatementOf<'Describe'>, ctx: EngineContext): Promise<KsqlEntity> {
  const base = { statementText: stmt.text, warnings: [] };
  if (stmt.listing) {
    const type = stmt.listing === 'STREAMS' ? 'STREAM' : 'TABLE';
    const list = ctx.metastore.allSources().filter((s) => s.sourceType === type);
    const descs = await Promise.all(list.map(async (s) => sourceDescription(s, ctx.metastore, stmt.extended, (await ctx.log.describeTopic(s.topic))?.partitions ?? 0, (id) => ctx.lateRecords(id))));
    return { '@type': 'source_descriptions', ...base, sourceDescriptions: descs };
  }
  const source = ctx.metastore.source(stmt.name!);
  if (!source) throw new NotFoundError(`Could not find STREAM/TABLE '${stmt.name}' in the Metastore`, stmt.span);
  const partitions = (await ctx.log.describeTopic(source.topic))?.partitions ?? 0;
  return { '@type': 'sourceDescription', ...base, sourceDescription: sourceDescription(source, ctx.metastore, stmt.extended, partitions, (id) => ctx.lateRecords(id)) };
}

function explain(stmt: StatementOf<'Explain'>, ctx: EngineContext): KsqlEntity {
  if (!stmt.queryId) throw new UnsupportedError('EXPLAIN of a statement (use EXPLAIN <query id>)', stmt.span);
  const q = ctx.metastore.queries.get(stmt.queryId) ?? ctx.metastore.queries.get(stmt.queryId.toUpperCase());
  if (!q) throw new NotFoundError(`Query with id:${stmt.queryId} does not exist, use SHOW QUERIES to view the full set of running queries.`, stmt.span);
  const sink = ctx.metastore.source(q.sinkName);
  return {
    '@type': 'queryDescription',
    statementText: stmt.text,
    queryDescription: {
      id: q.id,
      statementText: q.statementText,
      windowType: null,
      fields: sink ? sink.schema.columns.map((c) => ({ name: c.name, schema: { type: formatType(c.type) } })) : [],
      sources: q.sourceNames,
      sinks: [q.sinkName],
      topology: '',
      executionPlan: explainStep(q.plan.sink),
      overriddenProperties: {},
      ksqlHostQueryStatus: {},
      queryType: 'PERSISTENT',
      queryErrors: [],
      tasksMetadata: [],
      state: q.state,
    },
    warnings: [],
  };
}
