import type {
  ExpectedException,
  QttCase,
  RecordHeader,
  RecordWindow,
  TestRecord,
  TopicSchema,
  TopicSpec,
} from './case-model.ts';
import {
  type JsonNode,
  type JsonObject,
  field,
  isJsonArray,
  isJsonNumber,
  isJsonObject,
  parseLossless,
  toJsonText,
} from './json-text.ts';

/** A malformed test in a vectors file. */
export class InvalidTest extends Error {
  override readonly name = 'InvalidTest';
}

export interface CaseBodyInput {
  readonly file: string;
  readonly name: string;
  readonly test: JsonObject;
  readonly properties: Record<string, unknown>;
  readonly format: string | undefined;
}

/** Turns one expanded test into a case; a malformed test becomes a case carrying `invalid`. */
export function parseCaseBody(input: CaseBodyInput): QttCase {
  const { file, name, test, properties, format } = input;
  const base = { file, name, properties, statements: [], topics: [], inputs: [], outputs: [], hasInputs: false };
  try {
    const statements = statementsOf(field(test, 'statements'), format);
    const inputsNode = field(test, 'inputs');
    const outputsNode = field(test, 'outputs');
    const expectedException = exceptionOf(field(test, 'expectedException'));
    if (inputsNode === undefined && outputsNode === undefined && expectedException === undefined) {
      throw new InvalidTest('test needs "inputs", "outputs" or "expectedException"');
    }
    const inputs = recordsOf(inputsNode, 'inputs');
    const post = field(test, 'post');
    return {
      ...base,
      statements,
      topics: topicsOf(field(test, 'topics')),
      inputs,
      outputs: recordsOf(outputsNode, 'outputs'),
      hasInputs: inputs.length > 0,
      ...(expectedException ? { expectedException } : {}),
      ...(isJsonObject(post) ? { post } : {}),
    };
  } catch (e) {
    if (!(e instanceof InvalidTest)) throw e;
    return { ...base, invalid: `invalid test: ${e.message}` };
  }
}

/** `{FORMAT}` is replaced only in statements, and only when the test has a format list. */
function statementsOf(node: JsonNode | undefined, format: string | undefined): string[] {
  if (!isJsonArray(node) || node.length === 0) throw new InvalidTest('"statements" must be a non-empty list');
  return node.map((s) => {
    const text = String(s);
    return format === undefined ? text : text.split('{FORMAT}').join(format);
  });
}

function exceptionOf(node: JsonNode | undefined): ExpectedException | undefined {
  if (!isJsonObject(node)) return undefined;
  const text = (k: string): Record<string, string> => {
    const v = field(node, k);
    return typeof v === 'string' ? { [k]: v } : {};
  };
  return { ...text('type'), ...text('message'), ...text('cause'), ...text('causeMessage') };
}

function topicsOf(node: JsonNode | undefined): TopicSpec[] {
  if (!isJsonArray(node)) return [];
  return node.filter(isJsonObject).map((t) => {
    const partitions = field(t, 'partitions');
    const keySchema = topicSchemaOf(t, 'key');
    const valueSchema = topicSchemaOf(t, 'value');
    return {
      name: String(field(t, 'name')),
      ...(isJsonNumber(partitions) ? { partitions: Number(partitions.toString()) } : {}),
      ...(keySchema ? { keySchema } : {}),
      ...(valueSchema ? { valueSchema } : {}),
    };
  });
}

/**
 * A `topics` entry's key or value schema, typed by `key/valueFormat` (AVRO by default): Avro and
 * JSON Schema as JSON text, Protobuf as `.proto` text.
 */
function topicSchemaOf(t: JsonObject, part: 'key' | 'value'): TopicSchema | undefined {
  const node = field(t, `${part}Schema`);
  if (node === undefined || node === null) return undefined;
  const format = field(t, `${part}Format`);
  const id = field(t, `${part}SchemaId`);
  const refs = field(t, `${part}SchemaReferences`);
  const references = isJsonArray(refs)
    ? refs.filter(isJsonObject).map((r) => {
        const text = field(r, 'schema') ?? null;
        const type = schemaTypeOf(field(r, 'format'), text);
        return { name: String(field(r, 'name')), schemaType: type, schema: schemaText(type, text) };
      })
    : [];
  const schemaType = schemaTypeOf(format, node);
  return {
    schemaType,
    schema: schemaText(schemaType, node),
    ...(isJsonNumber(id) ? { id: Number(id.toString()) } : {}),
    references,
  };
}

function schemaTypeOf(format: JsonNode | undefined, node: JsonNode): TopicSchema['schemaType'] {
  const f = typeof format === 'string' ? format.toUpperCase() : undefined;
  if (f?.startsWith('PROTOBUF') || (f === undefined && typeof node === 'string' && /^\s*syntax\s*=/.test(node))) return 'PROTOBUF';
  if (f === 'JSON' || f === 'JSON_SR') return 'JSON';
  return 'AVRO';
}

/** Avro and JSON Schema given as a JSON tree or as JSON text are stored as compact JSON text. */
function schemaText(type: TopicSchema['schemaType'], node: JsonNode): string {
  if (type === 'PROTOBUF') return String(node);
  if (typeof node === 'string') {
    try {
      return toJsonText(parseLossless(node));
    } catch {
      return JSON.stringify(node);
    }
  }
  return toJsonText(node);
}

function recordsOf(node: JsonNode | undefined, what: string): TestRecord[] {
  if (node === undefined) return [];
  if (!isJsonArray(node)) throw new InvalidTest(`"${what}" must be a list`);
  return node.map((r, i) => {
    if (!isJsonObject(r)) throw new InvalidTest(`${what}[${i}] is not an object`);
    return recordOf(r, `${what}[${i}]`);
  });
}

/** One `inputs`/`outputs` entry; throws InvalidTest on a record without topic or value. */
export const parseRecord = (r: JsonObject, where = 'record'): TestRecord => recordOf(r, where);

function recordOf(r: JsonObject, where: string): TestRecord {
  const topic = field(r, 'topic');
  const value = field(r, 'value');
  if (typeof topic !== 'string') throw new InvalidTest(`${where} has no "topic"`);
  if (value === undefined) throw new InvalidTest(`${where} has no "value"`);
  const ts = field(r, 'timestamp');
  const window = windowOf(field(r, 'window'));
  const headers = headersOf(field(r, 'headers'));
  return {
    topic,
    key: field(r, 'key') ?? null,
    value,
    ...(ts !== undefined && ts !== null ? { timestamp: Number(ts.toString()) } : {}),
    ...(window ? { window } : {}),
    ...(headers ? { headers } : {}),
    raw: r,
  };
}

function windowOf(node: JsonNode | undefined): RecordWindow | undefined {
  if (!isJsonObject(node)) return undefined;
  const num = (k: string): number => Number(String(field(node, k) ?? 0));
  return { start: num('start'), end: num('end'), type: String(field(node, 'type') ?? '') };
}

function headersOf(node: JsonNode | undefined): RecordHeader[] | undefined {
  if (!isJsonArray(node)) return undefined;
  return node.filter(isJsonObject).map((h) => {
    const value = field(h, 'VALUE') ?? field(h, 'value') ?? null;
    return {
      key: String(field(h, 'KEY') ?? field(h, 'key') ?? ''),
      value: typeof value === 'string' ? value : null,
    };
  });
}
