import { describe, expect, it } from 'vitest';
import type { SourceInfo, TopicLayout } from './session-api.ts';
import { postMismatch } from './compare-post.ts';
import { FakeSession, layout } from './fake-session.ts';
import { type JsonObject, parseLossless } from './json-text.ts';
import { normalizeSchema } from './schema-text.ts';

const windowed: TopicLayout = {
  ...layout('KAFKA', { kind: 'STRING' }, { window: { type: 'HOPPING', sizeMs: 30000 } }),
  keyFormat: { format: 'KAFKA', properties: {}, features: [] },
};
const source: SourceInfo = {
  name: 'OUTPUT',
  type: 'TABLE',
  schema: '`K` STRING KEY, `COUNT` BIGINT, `S` STRUCT<`F1` INTEGER>',
  topic: 'OUTPUT',
  isSource: false,
  layout: windowed,
};

function session(extra: { topics?: { name: string; partitions: number }[] } = {}): FakeSession {
  const s = new FakeSession({ properties: {} }, { sources: [source], layouts: { OUTPUT: windowed }, extraTopics: extra.topics ?? [] });
  s.createTopic('OUTPUT', 4);
  return s;
}

const check = (post: string, s = session()): string | undefined => postMismatch(parseLossless(post) as JsonObject, s);

describe('normalizeSchema', () => {
  it('normalizes aliases, quoting, case and namespaces', () => {
    expect(normalizeSchema("k int primary key, `v` VARCHAR, h BYTES HEADER('x'), M MAP<STRING, DECIMAL(4,2)>, S STRUCT< >")).toEqual([
      '`K` INTEGER KEY',
      '`v` STRING',
      "`H` BYTES HEADER('x')",
      '`M` MAP<STRING, DECIMAL(4, 2)>',
      '`S` STRUCT<>',
    ]);
  });
});

describe('postMismatch: sources', () => {
  it('passes a matching source, comparing the schema as a logical schema', () => {
    const post = `{"sources": [{"name": "OUTPUT", "type": "table", "schema": "K STRING KEY, COUNT BIGINT, S STRUCT<F1 INT>",
      "keyFormat": {"format": "KAFKA", "windowType": "HOPPING", "windowSize": 30000}, "valueFormat": "JSON", "isSource": false}]}`;
    expect(check(post)).toBeUndefined();
  });

  it('reports the first differing field', () => {
    expect(check('{"sources": [{"name": "NOPE", "type": "stream"}]}')).toBe('post: source NOPE not found (sources: OUTPUT)');
    expect(check('{"sources": [{"name": "OUTPUT", "type": "stream"}]}')).toBe('post: source OUTPUT: type expected stream got TABLE');
    expect(check('{"sources": [{"name": "OUTPUT", "type": "table", "schema": "K STRING KEY, COUNT INT"}]}')).toMatch(/schema expected/);
    expect(check('{"sources": [{"name": "OUTPUT", "type": "table", "keyFormat": {"format": "KAFKA"}}]}')).toMatch(
      /keyFormat.windowType expected null got HOPPING/,
    );
    expect(check('{"sources": [{"name": "OUTPUT", "type": "table", "valueFeatures": ["UNWRAP_SINGLES"]}]}')).toMatch(/valueFeatures/);
  });
});

describe('postMismatch: topics', () => {
  it('fails when a known topic matches the blacklist (find semantics)', () => {
    const s = session({ topics: [{ name: '_confluent-ksql-x-Agg-repartition', partitions: 4 }] });
    expect(check('{"topics": {"blacklist": ".*-repartition"}}', s)).toMatch(/matches blacklist/);
    expect(check('{"topics": {"blacklist": "-changelog"}}', s)).toBeUndefined();
  });

  it('checks name, partitions and full key/value formats', () => {
    const ok = `{"topics": {"topics": [{"name": "OUTPUT", "partitions": 4,
      "keyFormat": {"format": "KAFKA", "windowInfo": {"type": "HOPPING", "size": 30}}, "valueFormat": {"format": "JSON"}}]}}`;
    expect(check(ok)).toBeUndefined();
    expect(check('{"topics": {"topics": [{"name": "OUTPUT", "partitions": 1}]}}')).toMatch(/partitions expected 1 got 4/);
    expect(check('{"topics": {"topics": [{"name": "OUTPUT", "keyFormat": {"format": "KAFKA"}}]}}')).toMatch(/keyFormat expected/);
    expect(check('{"topics": {"topics": [{"name": "X"}]}}')).toMatch(/topic X not found/);
  });

  it('checks schema ids and schemas against the latest registered schema', () => {
    const s = session();
    expect(check('{"topics": {"topics": [{"name": "OUTPUT", "valueSchemaId": 1}]}}', s)).toMatch(/no schema is registered/);
    s.schemaRegistry().register('OUTPUT-value', { schemaType: 'AVRO', schema: '{"type":"record","name":"A","fields":[]}' });
    expect(check('{"topics": {"topics": [{"name": "OUTPUT", "valueSchemaId": 1, "valueSchema": {"fields": [], "name": "A", "type": "record"}}]}}', s)).toBeUndefined();
    expect(check('{"topics": {"topics": [{"name": "OUTPUT", "valueSchemaId": 2}]}}', s)).toMatch(/valueSchemaId expected 2 got 1/);
    expect(check('{"topics": {"topics": [{"name": "OUTPUT", "valueSchema": "int"}]}}', s)).toMatch(/valueSchema expected/);
  });
});
