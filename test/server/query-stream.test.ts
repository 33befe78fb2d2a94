import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../common/decimal.ts';
import { BIG } from './fake-engine.ts';
import { BodyReader, post, startHarness, waitFor, type Harness } from './harness.ts';

const DELIMITED = 'application/vnd.ksqlapi.delimited.v1';
const PUSH = 'SELECT * FROM s EMIT CHANGES;';

describe('POST /query-stream', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.server.close());

  it('streams push rows as they arrive, newline-delimited, by default', async () => {
    const res = await post(`${h.url}/query-stream`, { sql: PUSH, properties: { 'auto.offset.reset': 'earliest' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(DELIMITED);
    expect(res.headers.get('transfer-encoding')).toBe('chunked');
    const body = new BodyReader(res);
    const header = await body.until((t) => t.includes('\n'));
    expect(JSON.parse(header)).toEqual({
      queryId: 'transient_S_1',
      columnNames: ['ID', 'V', 'TS', 'D'],
      columnTypes: ['BIGINT', 'STRING', 'TIMESTAMP', 'DECIMAL(4, 2)'],
    });
    const query = h.engine.queries.at(-1)!;
    expect(query.options?.properties).toEqual({ 'auto.offset.reset': 'earliest' });
    query.channel.push([BIG, 'first', 1_000, new Decimal(150n, 2)]);
    await body.until((t) => t.split('\n').length === 3);
    expect(body.text.split('\n')[1]).toBe('[9223372036854775807,"first","1970-01-01T00:00:01.000",1.50]');
    query.channel.push([1n, 'second', 0, null]);
    query.channel.end();
    const text = await body.rest();
    expect(text.split('\n')[2]).toBe('[1,"second","1970-01-01T00:00:00.000",null]');
    expect(text.endsWith('\n')).toBe(true);
    await waitFor(() => query.closed);
  });

  it('closes the engine query when the client disconnects', async () => {
    const abort = new AbortController();
    const res = await fetch(`${h.url}/query-stream`, {
      method: 'POST',
      body: JSON.stringify({ sql: PUSH }),
      headers: { 'content-type': 'application/json', accept: DELIMITED },
      signal: abort.signal,
    });
    const body = new BodyReader(res);
    await body.until((t) => t.includes('\n'));
    const query = h.engine.queries.at(-1)!;
    query.channel.push([2n, 'x', 0, null]);
    await body.until((t) => t.split('\n').length === 3);
    expect(query.closed).toBe(false);
    abort.abort();
    await waitFor(() => query.closed);
  });

  it('writes one JSON array for application/json', async () => {
    const res = await post(`${h.url}/query-stream`, { sql: 'SELECT * FROM s;' }, { accept: 'application/json' });
    expect(res.headers.get('content-type')).toBe('application/json');
    const text = await res.text();
    expect(text).not.toContain('\n');
    expect(text).toBe(
      '[{"queryId":"query_1","columnNames":["ID","V","TS","D"],"columnTypes":["BIGINT","STRING","TIMESTAMP","DECIMAL(4, 2)"]},' +
        '[9223372036854775807,"a","1970-01-01T00:00:00.000",12.34],[-9223372036854775808,null,"1970-01-02T00:00:00.000",-0.05]]',
    );
  });

  it('closes a query through /close-query and ends the response', async () => {
    const res = await post(`${h.url}/query-stream`, { sql: PUSH });
    const body = new BodyReader(res);
    const header = JSON.parse(await body.until((t) => t.includes('\n'))) as { queryId: string };
    const closed = await post(`${h.url}/close-query`, { queryId: header.queryId });
    expect(closed.status).toBe(200);
    expect(await closed.text()).toBe('');
    await body.rest();
    expect(h.engine.queries.at(-1)!.closed).toBe(true);
    const again = await post(`${h.url}/close-query`, { queryId: header.queryId });
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({ '@type': 'generic_error', error_code: 40000, message: `No query with id ${header.queryId}` });
  });

  it('writes an error line when the query fails mid-stream', async () => {
    const res = await post(`${h.url}/query-stream`, { sql: PUSH });
    const body = new BodyReader(res);
    await body.until((t) => t.includes('\n'));
    h.engine.queries.at(-1)!.channel.fail(new TypeError('disk on fire'));
    const lines = (await body.rest()).trim().split('\n');
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ '@type': 'generic_error', error_code: 50000 });
  });

  it('answers analysis errors before streaming with 400 and a caret', async () => {
    const res = await post(`${h.url}/query-stream`, { sql: 'SELECT * FROM MISSING;' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ '@type': 'statement_error', error_code: 40001, statementText: 'SELECT * FROM MISSING;' });
    expect(body['message']).toBe('line 1:15: MISSING does not exist.\nSELECT * FROM MISSING;\n              ^^^^^^^');
  });

  it('rejects a missing sql field, bad JSON and unsupported Accept types', async () => {
    const missing = await post(`${h.url}/query-stream`, {});
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ error_code: 40000, message: '"sql" field must be populated' });
    const bad = await post(`${h.url}/query-stream`, 'not json');
    expect(bad.status).toBe(400);
    const unacceptable = await post(`${h.url}/query-stream`, { sql: PUSH }, { accept: 'text/html' });
    expect(unacceptable.status).toBe(406);
    const crash = await post(`${h.url}/query-stream`, { sql: 'SELECT CRASH FROM s;' });
    expect(crash.status).toBe(500);
  });

  it('ends open streams and closes their queries when the server closes', async () => {
    const own = await startHarness();
    const res = await post(`${own.url}/query-stream`, { sql: PUSH });
    const body = new BodyReader(res);
    await body.until((t) => t.includes('\n'));
    await own.server.close();
    expect(own.engine.queries[0]!.closed).toBe(true);
    await body.rest();
  });
});
