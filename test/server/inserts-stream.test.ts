import http2 from 'node:http2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LosslessNumber } from '../../common/json-values.ts';
import { post, startHarness, waitFor, type Harness } from './harness.ts';

const DELIMITED = 'application/vnd.ksqlapi.delimited.v1';

describe('POST /inserts-stream', () => {
  let h: Harness;
  let session: http2.ClientHttp2Session;
  beforeAll(async () => {
    h = await startHarness();
    session = http2.connect(h.url);
  });
  afterAll(async () => {
    session.close();
    await h.server.close();
  });

  /** An open inserts request: write lines, read what came back so far, wait for the end. */
  function open(accept?: string) {
    const req = session.request({ ':method': 'POST', ':path': '/inserts-stream', 'content-type': 'application/json', ...(accept ? { accept } : {}) });
    req.setEncoding('utf8');
    const state = { status: 0, contentType: '', text: '' };
    req.on('response', (headers) => {
      state.status = Number(headers[':status']);
      state.contentType = String(headers['content-type']);
    });
    req.on('data', (chunk: string) => (state.text += chunk));
    const ended = new Promise<void>((resolve) => req.on('close', resolve));
    return { req, state, ended };
  }

  it('acknowledges each row as it is written, newline-delimited by default', async () => {
    const call = open();
    call.req.write('{"target":"s1"}\n{"ID":1,"V":"a"}\n');
    await waitFor(() => call.state.text.split('\n').length === 2);
    expect(call.state.status).toBe(200);
    expect(call.state.contentType).toBe(DELIMITED);
    expect(call.state.text).toBe('{"seq":0,"status":"ok"}\n');
    // A row may arrive in pieces; the last one needs no newline.
    call.req.write('{"ID":2,');
    call.req.end('"V":12345678901234567890}');
    await call.ended;
    expect(call.state.text).toBe('{"seq":0,"status":"ok"}\n{"seq":1,"status":"ok"}\n');
    const rows = h.engine.inserted.get('s1')!;
    expect(rows).toHaveLength(2);
    expect((rows[1] as Record<string, unknown>)['V']).toEqual(new LosslessNumber('12345678901234567890'));
  });

  it('answers application/json with one array of acks, as ksqldb-client reads it', async () => {
    const call = open('application/json');
    call.req.end('{"target":"s2"}\n{"ID":1}\n\n{"ID":2}\n');
    await call.ended;
    expect(call.state.contentType).toBe('application/json');
    expect(JSON.parse(call.state.text)).toEqual([
      { seq: 0, status: 'ok' },
      { seq: 1, status: 'ok' },
    ]);
    const empty = open('application/json');
    empty.req.end('{"target":"s3"}');
    await empty.ended;
    expect(empty.state.text).toBe('[]');
  });

  it('ends the response at the first row it refuses, after the acks before it', async () => {
    const bad = open();
    bad.req.end('{"target":"s4"}\n{"ID":1}\n{"ID":\n{"ID":3}\n');
    await bad.ended;
    expect(bad.state.status).toBe(200);
    expect(bad.state.text.trim().split('\n').map((l) => JSON.parse(l))).toEqual([
      { seq: 0, status: 'ok' },
      { '@type': 'InsertError', error_code: 40000, message: 'Invalid JSON in inserts stream', status: 'error', seq: 1 },
    ]);
    expect(h.engine.inserted.get('s4')).toHaveLength(1);

    const refused = open('application/json');
    refused.req.end('{"target":"s5"}\n{"FAIL":true}\n');
    await refused.ended;
    expect(JSON.parse(refused.state.text)).toEqual([
      { '@type': 'InsertError', error_code: 40000, message: 'Key field must be specified: ID', status: 'error', seq: 0 },
    ]);

    const crash = open();
    crash.req.end('{"target":"s6"}\n{"ID":1}\n{"CRASH":true}\n');
    await crash.ended;
    expect(JSON.parse(crash.state.text.trim().split('\n')[1]!)).toMatchObject({ error_code: 50000, message: 'Error in processing inserts. Check server logs for details.', seq: 1 });
    expect(h.logs.some((l) => l.includes('boom'))).toBe(true);
  });

  it('refuses a bad first line or an unknown target before any row, with a status', async () => {
    const unknown = open();
    unknown.req.end('{"target":"MISSING"}\n{"ID":1}\n');
    await unknown.ended;
    expect(unknown.state.status).toBe(400);
    expect(JSON.parse(unknown.state.text)).toMatchObject({ '@type': 'generic_error', error_code: 40001, message: 'Cannot insert values into an unknown stream/table: MISSING' });
    const noTarget = open();
    noTarget.req.end('{"nope":1}\n');
    await noTarget.ended;
    expect(noTarget.state.status).toBe(400);
    expect(JSON.parse(noTarget.state.text)).toMatchObject({ error_code: 40000 });
  });

  it('is HTTP/2 only: HTTP/1.1 gets 400 with code 40004', async () => {
    const res = await post(`${h.url}/inserts-stream`, '{"target":"s"}\n{"ID":1}\n');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ '@type': 'generic_error', error_code: 40004, message: 'This endpoint is only available when using HTTP2' });
  });
});
