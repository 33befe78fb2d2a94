import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.ts';

describe('small endpoints', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.server.close());

  it('GET /info wraps the server info', async () => {
    const res = await fetch(`${h.url}/info`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      KsqlServerInfo: { version: '0.1.0', kafkaClusterId: 'embedded', ksqlServiceId: 'default_', serverStatus: 'RUNNING' },
    });
  });

  it('GET / redirects to /info', async () => {
    const res = await fetch(`${h.url}/`, { redirect: 'manual' });
    expect(res.status).toBe(307);
    expect(res.headers.get('location')).toBe('/info');
  });

  it('GET /healthcheck reports each part', async () => {
    const res = await fetch(`${h.url}/healthcheck`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      isHealthy: true,
      details: { metastore: { isHealthy: true }, kafka: { isHealthy: true }, commandRunner: { isHealthy: true } },
      serverState: 'READY',
    });
    expect(h.engine.executed.at(-1)?.sql).toBe('LIST STREAMS; LIST TABLES; LIST QUERIES;');
  });

  it('GET /is_valid_property accepts known properties and rejects prohibited ones', async () => {
    const ok = await fetch(`${h.url}/is_valid_property/auto.offset.reset`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toBe(true);
    const prohibited = await fetch(`${h.url}/is_valid_property/ksql.service.id`);
    expect(prohibited.status).toBe(400);
    expect(await prohibited.json()).toMatchObject({ '@type': 'generic_error', error_code: 40000 });
    const unknown = await fetch(`${h.url}/is_valid_property/no.such.thing`);
    expect(unknown.status).toBe(400);
  });

  it('unknown paths give 404 Not Found', async () => {
    const res = await fetch(`${h.url}/nope`);
    expect(res.status).toBe(404);
    expect(await res.text()).toBe('Not Found');
  });
});
