import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, startHarness, type Harness } from './harness.ts';

describe('POST /ksql', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.server.close());

  it('returns one entity per statement, with bigints exact', async () => {
    const res = await post(`${h.url}/ksql`, { ksql: 'CREATE STREAM s (id INT) WITH (kafka_topic=\'s\'); SHOW STREAMS;' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const text = await res.text();
    expect(text).toContain('"commandSequenceNumber":2');
    const body = JSON.parse(text) as { '@type': string }[];
    expect(body.map((e) => e['@type'])).toEqual(['currentStatus', 'streams']);
  });

  it('passes streamsProperties and sessionVariables to the engine', async () => {
    const res = await post(`${h.url}/ksql`, {
      ksql: 'SHOW STREAMS;',
      streamsProperties: { 'auto.offset.reset': 'earliest' },
      sessionVariables: { name: 'x', n: 3 },
    });
    expect(res.status).toBe(200);
    const last = h.engine.executed.at(-1)!;
    expect(last.options).toEqual({ properties: { 'auto.offset.reset': 'earliest' }, variables: { name: 'x', n: '3' } });
  });

  it('answers a syntax error with a statement_error that shows line:col and a caret', async () => {
    const res = await post(`${h.url}/ksql`, { ksql: 'SELEC * FROM s;' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body['@type']).toBe('statement_error');
    expect(body['error_code']).toBe(40001);
    expect(body['statementText']).toBe('SELEC * FROM s;');
    expect(body['entities']).toEqual([]);
    expect(body['message']).toBe("line 1:1: mismatched input 'SELEC'\nSELEC * FROM s;\n^^^^^");
  });

  it('carries the entities of the statements that ran before the failing one', async () => {
    const res = await post(`${h.url}/ksql`, { ksql: 'SHOW STREAMS; DROP STREAM NOPE;' });
    expect(res.status).toBe(500);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body['@type']).toBe('statement_error');
    expect(body['error_code']).toBe(50000);
    expect((body['entities'] as unknown[]).length).toBe(1);
  });

  it('hides internal errors behind 500 50000 and logs them', async () => {
    const res = await post(`${h.url}/ksql`, { ksql: 'CRASH;' });
    expect(res.status).toBe(500);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ '@type': 'generic_error', error_code: 50000 });
    expect(h.logs.some((l) => l.includes('boom'))).toBe(true);
  });

  it('rejects bad JSON with 400 40000 and keeps serving', async () => {
    const res = await post(`${h.url}/ksql`, '{"ksql": "SHOW');
    expect(res.status).toBe(400);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body['@type']).toBe('generic_error');
    expect(body['error_code']).toBe(40000);
    expect(String(body['message'])).toMatch(/^Invalid JSON in request/);
    const again = await post(`${h.url}/ksql`, { ksql: 'SHOW STREAMS;' });
    expect(again.status).toBe(200);
  });

  it('rejects a body of the wrong shape', async () => {
    const res = await post(`${h.url}/ksql`, { ksql: 42 });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toContain('"ksql" must be a string');
  });

  it('accepts the ksqlDB media type and an empty request', async () => {
    const res = await post(`${h.url}/ksql`, { ksql: '' }, { 'content-type': 'application/vnd.ksql.v1+json' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([]);
  });
});
