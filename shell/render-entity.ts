import { stringify } from 'lossless-json';
import { renderDescribeFunction, renderQueryDescription, renderSourceDescription } from './render-describe.ts';
import { cellText, renderTable } from './table.ts';

type Entity = Record<string, unknown>;
type Renderer = (entity: Entity) => string;

const list = (value: unknown): Entity[] => (Array.isArray(value) ? (value as Entity[]) : []);
const byName = (a: Entity, b: Entity): number => cellText(a['name']).localeCompare(cellText(b['name']));

function sources(label: string, key: string): Renderer {
  return (e) =>
    renderTable(
      [`${label} Name`, 'Kafka Topic', 'Key Format', 'Value Format', 'Windowed'],
      list(e[key]).sort(byName).map((s) => [s['name'], s['topic'], s['keyFormat'], s['valueFormat'], s['isWindowed']]),
    );
}

function statusCount(q: Entity): string {
  const counts = q['statusCount'];
  if (typeof counts !== 'object' || counts === null) return cellText(q['state']);
  return Object.entries(counts).map(([k, v]) => `${k}:${cellText(v)}`).join(',');
}

/** Where a property's value comes from: this session's SET, the server's config, or the default. */
function overrideOf(list: Entity, property: Entity): string {
  const has = (key: string): boolean => Array.isArray(list[key]) && (list[key] as unknown[]).includes(property['name']);
  return has('overwrittenProperties') ? 'SESSION' : has('defaultProperties') ? '' : 'SERVER';
}

const RENDERERS: Readonly<Record<string, Renderer>> = {
  currentStatus: (e) => {
    const status = (e['commandStatus'] ?? {}) as Entity;
    const message = cellText(status['message']).split('\n')[0] ?? '';
    return status['status'] === 'ERROR' ? `Error: ${message}` : renderTable(['Message'], [[message]]);
  },
  streams: sources('Stream', 'streams'),
  tables: sources('Table', 'tables'),
  queries: (e) =>
    `${renderTable(
      ['Query ID', 'Query Type', 'Status', 'Sink Name', 'Sink Kafka Topic', 'Query String'],
      list(e['queries']).map((q) => [q['id'], q['queryType'], statusCount(q), list(q['sinks']).join(','), list(q['sinkKafkaTopics']).join(','), q['queryString']]),
    )}\nFor detailed information on a Query run: EXPLAIN <Query ID>;`,
  kafka_topics: (e) =>
    renderTable(
      ['Kafka Topic', 'Partitions', 'Partition Replicas'],
      list(e['topics']).map((t) => [t['name'], list(t['replicaInfo']).length, list(t['replicaInfo'])[0] ?? 1]),
    ),
  properties: (e) =>
    renderTable(
      ['Property', 'Scope', 'Default override', 'Effective Value'],
      list(e['properties']).sort(byName).map((p) => [p['name'], p['scope'], overrideOf(e, p), p['value'] ?? 'NULL']),
    ),
  function_names: (e) =>
    renderTable(['Function Name', 'Category'], list(e['functions']).sort(byName).map((f) => [f['name'], f['category']])),
  type_list: (e) =>
    renderTable(['Type Name', 'Schema'], Object.entries((e['types'] ?? {}) as Entity).map(([name, schema]) => [name, stringify(schema) ?? ''])),
  variables: (e) => renderTable(['Variable Name', 'Value'], list(e['variables']).map((v) => [v['name'], v['value']])),
  warning_entity: (e) => `WARNING: ${cellText(e['message'])}`,
  terminate_query: (e) => renderTable(['Message'], [[`Terminated query "${cellText(e['queryId'])}"`]]),
  sourceDescription: (e) => renderSourceDescription((e['sourceDescription'] ?? {}) as Entity),
  source_descriptions: (e) => list(e['sourceDescriptions']).map(renderSourceDescription).join('\n\n'),
  queryDescription: (e) => renderQueryDescription((e['queryDescription'] ?? {}) as Entity),
  describe_function: renderDescribeFunction,
};

/** One `/ksql` entity as the ksqlDB CLI prints it; unknown kinds as indented JSON. */
export function renderEntity(entity: unknown): string {
  const e = (typeof entity === 'object' && entity !== null ? entity : {}) as Entity;
  const render = RENDERERS[cellText(e['@type'])];
  const body = render ? render(e) : (stringify(entity, null, 2) ?? '');
  const warnings = list(e['warnings']).map((w) => `WARNING: ${cellText(w['message'])}`);
  return [body, ...warnings].join('\n');
}
