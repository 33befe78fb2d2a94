import type { ConformanceSession, SourceInfo, TopicInfo } from './session-api.ts';
import type { RegisteredSchema } from '../../runtime/serde/schema-registry.ts';
import { type JsonNode, type JsonObject, field, isJsonArray, isJsonNumber, isJsonObject, parseLossless, toJsonText } from './json-text.ts';
import { normalizeSchema } from './schema-text.ts';
import { topicFormatMismatch } from './compare-topic-format.ts';

type PostSession = Pick<ConformanceSession, 'sources' | 'topics' | 'layoutOf'> & Partial<Pick<ConformanceSession, 'schemaRegistry'>>;

/** §3.4: `post.sources`, `post.topics.blacklist` and `post.topics.topics`. Undefined when all hold. */
export function postMismatch(post: JsonObject, session: PostSession): string | undefined {
  const sources = field(post, 'sources');
  const topics = field(post, 'topics');
  const sourceList = isJsonArray(sources) ? sources.filter(isJsonObject) : [];
  for (const expected of sourceList) {
    const m = sourceMismatch(expected, session.sources());
    if (m) return `post: ${m}`;
  }
  if (!isJsonObject(topics)) return undefined;
  const known = session.topics();
  const blacklist = field(topics, 'blacklist');
  if (typeof blacklist === 'string') {
    const re = new RegExp(blacklist);
    const hit = known.find((t) => re.test(t.name));
    if (hit) return `post: topic ${hit.name} matches blacklist /${blacklist}/`;
  }
  const expectedTopics = field(topics, 'topics');
  for (const expected of isJsonArray(expectedTopics) ? expectedTopics.filter(isJsonObject) : []) {
    const m = topicMismatch(expected, known, session);
    if (m) return `post: ${m}`;
  }
  return undefined;
}

/** Each expected source must match some final source; the reason names the closest one. */
function sourceMismatch(expected: JsonObject, actual: readonly SourceInfo[]): string | undefined {
  const name = String(field(expected, 'name'));
  const sameName = actual.filter((s) => s.name === name);
  if (sameName.length === 0) {
    return `source ${name} not found (sources: ${actual.map((s) => s.name).join(', ') || 'none'})`;
  }
  const reasons = sameName.map((s) => sourceFieldMismatch(expected, s));
  if (reasons.some((r) => r === undefined)) return undefined;
  return `source ${name}: ${reasons[0]}`;
}

function sourceFieldMismatch(e: JsonObject, a: SourceInfo): string | undefined {
  const type = field(e, 'type');
  if (typeof type === 'string' && type.toUpperCase() !== a.type) return `type expected ${type} got ${a.type}`;
  const schema = field(e, 'schema');
  if (typeof schema === 'string') {
    const m = schemaMismatch(schema, a.schema);
    if (m) return m;
  }
  const keyFormat = field(e, 'keyFormat');
  if (isJsonObject(keyFormat)) {
    const m = sourceKeyFormatMismatch(keyFormat, a);
    if (m) return m;
  }
  const valueFormat = field(e, 'valueFormat');
  if (valueFormat !== undefined && valueFormat !== a.layout.valueFormat.format) {
    return `valueFormat expected ${toJsonText(valueFormat)} got ${a.layout.valueFormat.format}`;
  }
  const features = featuresMismatch('keyFeatures', field(e, 'keyFeatures'), a.layout.keyFormat.features);
  if (features) return features;
  const valueFeatures = featuresMismatch('valueFeatures', field(e, 'valueFeatures'), a.layout.valueFormat.features);
  if (valueFeatures) return valueFeatures;
  const isSource = field(e, 'isSource');
  if (typeof isSource === 'boolean' && isSource !== a.isSource) return `isSource expected ${isSource} got ${a.isSource}`;
  return undefined;
}

function schemaMismatch(expected: string, actual: string): string | undefined {
  try {
    const e = normalizeSchema(expected);
    const a = normalizeSchema(actual);
    if (e.length === a.length && e.every((c, i) => c === a[i])) return undefined;
    return `schema expected "${e.join(', ')}" got "${a.join(', ')}"`;
  } catch (err) {
    return `schema: ${err instanceof Error ? err.message : String(err)}`;
  }
}

/** The source's key format by name; windowType and windowSize are always compared. */
function sourceKeyFormatMismatch(e: JsonObject, a: SourceInfo): string | undefined {
  const format = field(e, 'format');
  const w = a.layout.window;
  if (format !== undefined && format !== a.layout.keyFormat.format) {
    return `keyFormat.format expected ${toJsonText(format)} got ${a.layout.keyFormat.format}`;
  }
  const windowType = field(e, 'windowType') ?? null;
  if ((windowType === null ? undefined : String(windowType)) !== w?.type) {
    return `keyFormat.windowType expected ${toJsonText(windowType)} got ${w?.type ?? 'null'}`;
  }
  const size = field(e, 'windowSize') ?? null;
  if ((size === null ? undefined : Number(size.toString())) !== w?.sizeMs) {
    return `keyFormat.windowSize expected ${toJsonText(size)} got ${w?.sizeMs ?? 'null'}`;
  }
  return undefined;
}

function featuresMismatch(what: string, expected: JsonNode | undefined, actual: readonly string[]): string | undefined {
  if (!isJsonArray(expected)) return undefined;
  const e = new Set(expected.map(String));
  const a = new Set(actual);
  if (e.size === a.size && [...e].every((f) => a.has(f))) return undefined;
  return `${what} expected [${[...e].join(', ')}] got [${[...a].join(', ')}]`;
}

function topicMismatch(e: JsonObject, known: readonly TopicInfo[], session: PostSession): string | undefined {
  const name = String(field(e, 'name'));
  const candidates = known.filter((t) => t.name === name);
  if (candidates.length === 0) return `topic ${name} not found (topics: ${known.map((t) => t.name).join(', ') || 'none'})`;
  const reasons = candidates.map((t) => topicFieldMismatch(e, t, session));
  if (reasons.some((r) => r === undefined)) return undefined;
  return `topic ${name}: ${reasons[0]}`;
}

function topicFieldMismatch(e: JsonObject, t: TopicInfo, session: PostSession): string | undefined {
  const partitions = field(e, 'partitions');
  if (partitions !== undefined && partitions !== null && Number(partitions.toString()) !== t.partitions) {
    return `partitions expected ${partitions.toString()} got ${t.partitions}`;
  }
  for (const k of ['keySchemaId', 'valueSchemaId', 'keySchema', 'valueSchema']) {
    const v = field(e, k);
    if (v === undefined || v === null) continue;
    if (!session.schemaRegistry) return `${k} cannot be checked: no schema registry in the harness`;
    const m = registryMismatch(k, v, session.schemaRegistry().latest(`${t.name}-${k.startsWith('key') ? 'key' : 'value'}`));
    if (m) return m;
  }
  return topicFormatMismatch(e, t, session.layoutOf(t.name));
}

/** §3.4: a schema id equals the latest id; a schema is JSON-tree equal (Protobuf: exact text) to the latest. */
function registryMismatch(k: string, expected: JsonNode, latest: RegisteredSchema | undefined): string | undefined {
  if (!latest) return `${k} expected ${toJsonText(expected)} but no schema is registered`;
  if (k.endsWith('Id')) return String(expected) === String(latest.id) ? undefined : `${k} expected ${toJsonText(expected)} got ${latest.id}`;
  if (latest.schemaType === 'PROTOBUF') return expected === latest.schema ? undefined : `${k} expected ${JSON.stringify(expected)} got ${JSON.stringify(latest.schema)}`;
  const actual = parseLossless(latest.schema);
  const wanted = typeof expected === 'string' ? safeParse(expected) : expected;
  return jsonTreeEquals(wanted, actual) ? undefined : `${k} expected ${toJsonText(wanted)} got ${latest.schema}`;
}

function safeParse(text: string): JsonNode {
  try {
    return parseLossless(text);
  } catch {
    return text;
  }
}

function jsonTreeEquals(a: JsonNode, b: JsonNode): boolean {
  if (isJsonNumber(a) || isJsonNumber(b)) return isJsonNumber(a) && isJsonNumber(b) && Number(a.toString()) === Number(b.toString());
  if (isJsonArray(a) || isJsonArray(b)) return isJsonArray(a) && isJsonArray(b) && a.length === b.length && a.every((x, i) => jsonTreeEquals(x, b[i] ?? null));
  if (isJsonObject(a) || isJsonObject(b)) {
    if (!isJsonObject(a) || !isJsonObject(b)) return false;
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && jsonTreeEquals(a[key] ?? null, b[key] ?? null));
  }
  return a === b;
}
