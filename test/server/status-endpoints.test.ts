import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, startHarness, type Harness } from './harness.ts';

describe('GET /status and /clusterStatus', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.server.close());

  it('lists the commands this server ran, and answers each by its id', async () => {
    expect(await (await fetch(`${h.url}/status`)).json()).toEqual({ commandStatuses: {} });
    const created = await post(`${h.url}/ksql`, { ksql: 'CREATE STREAM s (id INT) WITH (kafka_topic=\'s\');' });
    expect(created.status).toBe(200);
    expect(await (await fetch(`${h.url}/status`)).json()).toEqual({ commandStatuses: { 'stream/`S`/create': 'SUCCESS' } });
    // Type and action in any case; the entity exactly, back-quotes URL-encoded.
    const one = await fetch(`${h.url}/status/STREAM/%60S%60/Create`);
    expect(one.status).toBe(200);
    expect(one.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await one.json()).toEqual({ status: 'SUCCESS', message: 'Stream created', queryId: null });
  });

  it('records the statements that ran before a failing one', async () => {
    const other = await startHarness();
    try {
      const failed = await post(`${other.url}/ksql`, { ksql: 'CREATE STREAM s (id INT); DROP STREAM nope;' });
      expect(failed.status).toBe(500);
      expect(await (await fetch(`${other.url}/status`)).json()).toEqual({ commandStatuses: { 'stream/`S`/create': 'SUCCESS' } });
    } finally {
      await other.server.close();
    }
  });

  it('answers 404 40400 for an unknown command id', async () => {
    for (const id of ['stream/S/create', 'table/%60S%60/create', 'stream/%60S%60/drop']) {
      const res = await fetch(`${h.url}/status/${id}`);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ '@type': 'generic_error', error_code: 40400, message: 'Command not found' });
    }
  });

  it('reports this server alone as the cluster', async () => {
    const res = await fetch(`${h.url}/clusterStatus`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { clusterStatus: Record<string, { hostAlive: boolean; lastStatusUpdateMs: number; hostStoreLags: unknown }> };
    const hosts = Object.keys(body.clusterStatus);
    expect(hosts).toEqual([new URL(h.url).host]);
    const self = body.clusterStatus[hosts[0]!]!;
    expect(self.hostAlive).toBe(true);
    expect(self).toMatchObject({ activeStandbyPerQuery: {}, hostStoreLags: { stateStoreLags: {}, updateTimeMs: self.lastStatusUpdateMs } });
  });
});
