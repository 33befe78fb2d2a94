import { cellText, renderTable } from './table.ts';

type Entity = Record<string, unknown>;

const list = (value: unknown): Entity[] => (Array.isArray(value) ? (value as Entity[]) : []);
const label = (name: string, value: unknown): string => `${name.padEnd(20)} : ${cellText(value)}`;

/** The type of a DESCRIBE field from its SchemaInfo, e.g. `VARCHAR(STRING)`, `MAP<STRING, DOUBLE>`. */
export function schemaText(schema: unknown): string {
  const s = (schema ?? {}) as Entity;
  const type = cellText(s['type']);
  switch (type) {
    case 'STRING':
      return 'VARCHAR(STRING)';
    case 'ARRAY':
      return `ARRAY<${schemaText(s['memberSchema'])}>`;
    case 'MAP':
      return `MAP<STRING, ${schemaText(s['memberSchema'])}>`;
    case 'STRUCT':
      return `STRUCT<${list(s['fields']).map((f) => `${cellText(f['name'])} ${schemaText(f['schema'])}`).join(', ')}>`;
    case 'DECIMAL': {
      const p = (s['parameters'] ?? {}) as Entity;
      return `DECIMAL(${cellText(p['precision'])}, ${cellText(p['scale'])})`;
    }
    default:
      return type;
  }
}

function fieldType(field: Entity, isTable: boolean, windowType: unknown): string {
  const type = schemaText(field['schema']);
  if (field['type'] !== 'KEY') return type;
  const window = windowType ? ` (Window type: ${cellText(windowType)})` : '';
  return `${type.padEnd(16)} (${isTable ? 'primary key' : 'key'})${window}`;
}

/** DESCRIBE: the name, a `Field | Type` table and the hint to describe extended. */
export function renderSourceDescription(d: Entity): string {
  const isTable = d['type'] === 'TABLE';
  const rows = list(d['fields']).map((f) => [f['name'], fieldType(f, isTable, d['windowType'])]);
  const lines = [label('Name', d['name'])];
  if (d['extended'] === true) {
    lines.push(label('Type', d['type']), label('Key format', d['keyFormat']), label('Value format', d['valueFormat']));
    lines.push(label('Kafka topic', `${cellText(d['topic'])} (partitions: ${cellText(d['partitions'])}, replication: ${cellText(d['replication'])})`));
    lines.push(label('Statement', d['statement']));
  }
  lines.push('', renderTable(['Field', 'Type'], rows));
  if (d['extended'] !== true) {
    lines.push(`For runtime statistics and query details run: DESCRIBE <Stream,Table> EXTENDED;`);
  }
  return lines.join('\n');
}

/** EXPLAIN: id, SQL, output fields and the execution plan text. */
export function renderQueryDescription(q: Entity): string {
  const fields = list(q['fields']).map((f) => [f['name'], schemaText(f['schema'])]);
  const lines = [label('ID', q['id']), label('Query type', q['queryType']), label('SQL', q['statementText'])];
  lines.push('', 'Field definition', renderTable(['Field', 'Type'], fields));
  lines.push('', `Sources that this query reads from: ${list(q['sources']).map(cellText).join(', ')}`);
  lines.push(`Sinks that this query writes to: ${list(q['sinks']).map(cellText).join(', ')}`);
  if (q['executionPlan']) lines.push('', 'Execution plan', '--------------', cellText(q['executionPlan']));
  return lines.join('\n');
}

/** DESCRIBE FUNCTION: overview, then each signature. */
export function renderDescribeFunction(f: Entity): string {
  const lines = [label('Name', f['name']), label('Overview', f['description']), label('Type', f['type'])];
  for (const v of list(f['functions'])) {
    const args = list(v['arguments']).map((a) => `${cellText(a['name'])} ${cellText(a['type'])}`.trim());
    lines.push('', label('Variation', `${cellText(f['name'])}(${args.join(', ')})`), label('Returns', v['returnType']));
    if (v['description']) lines.push(label('Description', v['description']));
  }
  return lines.join('\n');
}
