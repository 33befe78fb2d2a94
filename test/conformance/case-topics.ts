import type { SchemaRegistry } from '../../runtime/serde/schema-registry.ts';
import type { QttCase, TopicSchema } from './case-model.ts';

const CREATE_WITH_COLUMNS =
  /^\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?:SOURCE\s+)?(?:STREAM|TABLE)\s+(?:IF\s+NOT\s+EXISTS\s+)?(`(?:[^`]|``)*`|[\w.]+)\s*\(/i;
const KAFKA_TOPIC = /\bKAFKA_TOPIC\s*=\s*'((?:[^']|'')*)'/i;

/**
 * Topics a `CREATE STREAM/TABLE` with columns names (§1.1 b): the engine creates these itself, with
 * its PARTITIONS or 4. A light textual scan, since the harness must not depend on the parser.
 */
export function createdByStatements(statements: readonly string[]): Set<string> {
  const topics = new Set<string>();
  for (const s of statements) {
    const m = CREATE_WITH_COLUMNS.exec(s);
    if (!m) continue;
    const topic = KAFKA_TOPIC.exec(s)?.[1];
    if (topic !== undefined) topics.add(topic.replace(/''/g, "'"));
    else topics.add(unquote(m[1] ?? ''));
  }
  return topics;
}

const unquote = (name: string): string =>
  name.startsWith('`') ? name.slice(1, -1).replace(/``/g, '`') : name.toUpperCase();

export interface TopicToCreate {
  readonly name: string;
  readonly partitions: number;
}

/**
 * The topics the harness creates before any statement (§1.1): the case's `topics` (1 partition by
 * default), then every other topic named by a record (4 partitions), so expected sinks exist before
 * the CSAS that writes them.
 */
export function topicsToCreate(c: QttCase): TopicToCreate[] {
  const out: TopicToCreate[] = [];
  const seen = new Set<string>();
  for (const t of c.topics) {
    if (seen.has(t.name)) continue;
    seen.add(t.name);
    out.push({ name: t.name, partitions: t.partitions ?? 1 });
  }
  for (const name of createdByStatements(c.statements)) seen.add(name);
  for (const r of [...c.inputs, ...c.outputs]) {
    if (seen.has(r.topic)) continue;
    seen.add(r.topic);
    out.push({ name: r.topic, partitions: 4 });
  }
  return out;
}

/**
 * Registers the `topics` schemas before any statement (§1.1): fixed ids first, each after its
 * references (registered under their own `name`), then the rest with ids from 1.
 */
export function registerTopicSchemas(c: QttCase, registry: SchemaRegistry): void {
  const all = c.topics.flatMap((t) =>
    (['key', 'value'] as const).flatMap((part) => {
      const schema = part === 'key' ? t.keySchema : t.valueSchema;
      return schema ? [{ subject: `${t.name}-${part}`, schema }] : [];
    }),
  );
  const ordered = [...all.filter((e) => e.schema.id !== undefined), ...all.filter((e) => e.schema.id === undefined)];
  for (const { subject, schema } of ordered) register(registry, subject, schema);
}

function register(registry: SchemaRegistry, subject: string, s: TopicSchema): void {
  const references = s.references.map((r) => {
    registry.register(r.name, { schemaType: r.schemaType, schema: r.schema });
    return { name: r.name, subject: r.name, version: registry.latest(r.name)!.version };
  });
  registry.register(subject, { schemaType: s.schemaType, schema: s.schema, ...(references.length ? { references } : {}) }, s.id);
}
