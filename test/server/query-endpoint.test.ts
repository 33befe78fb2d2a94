import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BodyReader, post, startHarness, type Harness } from './harness.ts';

const V1_JSON = 'application/vnd.ksql.v1+json';

describe('POST /query (StreamedRow framing)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.server.close());

  it('streams header, rows and a finalMessage, one element per line', async () => {
    const res = await post(`${h.url}/query`, { ksql: 'SELECT * FROM s EMIT CHANGES LIMIT 1;' }, { accept: V1_JSON });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(V1_JSON);
    const body = new BodyReader(res);
    await body.until((t) => t.includes('header'));
    const query = h.engine.queries.at(-1)!;
    query.channel.push([7n, 'x', 0, null]);
    query.limit = true;
    query.channel.end();
    const text = await body.rest();
    expect(text.split('\n')).toEqual([
      '[{"header":{"queryId":"transient_S_1","schema":"`ID` BIGINT, `V` STRING, `TS` TIMESTAMP, `D` DECIMAL(4, 2)"}},',
      '{"row":{"columns":[7,"x","1970-01-01T00:00:00.000",null]}},',
      '{"finalMessage":"Limit Reached"}]',
    ]);
    expect(JSON.parse(text)).toHaveLength(3);
  });

  it('ends a pull query without a finalMessage and keeps bigints exact', async () => {
    const res = await post(`${h.url}/query`, { ksql: 'SELECT * FROM s;' }, { accept: 'application/json' });
    const text = await res.text();
    const lines = text.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toBe('{"row":{"columns":[9223372036854775807,"a","1970-01-01T00:00:00.000",12.34]}},');
    expect(lines[2]).toBe('{"row":{"columns":[-9223372036854775808,null,"1970-01-02T00:00:00.000",-0.05]}}]');
  });

  it('says Query Completed when a push query ends without LIMIT', async () => {
    const res = await post(`${h.url}/query`, { ksql: 'SELECT * FROM s EMIT CHANGES;' }, { accept: V1_JSON });
    const body = new BodyReader(res);
    await body.until((t) => t.includes('header'));
    h.engine.queries.at(-1)!.channel.end();
    expect((await body.rest()).endsWith('{"finalMessage":"Query Completed"}]')).toBe(true);
  });

  it('uses the delimited format for Accept */* and rejects an empty ksql', async () => {
    const res = await post(`${h.url}/query`, { ksql: 'SELECT * FROM s;' }, { accept: '*/*' });
    expect(res.headers.get('content-type')).toBe('application/vnd.ksqlapi.delimited.v1');
    expect((await res.text()).trim().split('\n')).toHaveLength(3);
    const empty = await post(`${h.url}/query`, { ksql: '  ' });
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ message: '"ksql" field must be populated' });
  });
});
