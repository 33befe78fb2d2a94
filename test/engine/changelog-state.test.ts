/**
 * State on a log other than the embedded one: a live query keeps its stores in a local directory
 * and appends every change to the store's changelog topic; a restart with the directory deleted
 * rebuilds the state from the changelogs (a MemoryLog stands in for Kafka here; the Kafka tests
 * run the same path against a broker).
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KsqlEngine } from '../../engine/ksql-engine.ts';
import { LiveQueryHost } from '../../engine/live-host.ts';
import { createDefaultRegistry } from '../../functions/index.ts';
import { MemoryLog } from '../../runtime/log/memory-log.ts';
import { DefaultProcessingLog } from '../../runtime/log/processing-log.ts';

const SERVICE = 'svc_';
const KEYS = 50;

function events(from: number, to: number) {
  const out = [];
  for (let i = from; i < to; i++) out.push({ key: null, value: Buffer.from(JSON.stringify({ K: `k${i % KEYS}`, V: i })), timestamp: i, headers: [] });
  return out;
}

/** The latest value per key of the sink topic, as the table's consumers see it. */
async function table(log: MemoryLog): Promise<Map<string, { N: number; S: number }>> {
  const out = new Map<string, { N: number; S: number }>();
  for (const r of await log.fetch('C', 0, 0, 1_000_000)) out.set(Buffer.from(r.key!).toString('utf8'), JSON.parse(Buffer.from(r.value!).toString('utf8')));
  return out;
}

async function settle(log: MemoryLog, group: string, topic: string, end: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if ((await log.committedOffset(group, topic, 0)) === end) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('the query did not catch up');
}

describe('changelog-backed local state', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'tributary-changelog-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('survives a restart with the state directory deleted, and writes compacted changelogs', async () => {
    const log = new MemoryLog();
    const registry = createDefaultRegistry();
    const processingLog = new DefaultProcessingLog();
    const stateDir = path.join(dir, 'state');
    const script =
      "CREATE STREAM E (K STRING, V INT) WITH (KAFKA_TOPIC='e', PARTITIONS=1, VALUE_FORMAT='JSON');" +
      "CREATE TABLE C WITH (KAFKA_TOPIC='C') AS SELECT K, COUNT(*) AS N, SUM(V) AS S FROM E GROUP BY K;";
    /** One server's life: the catalogue rebuilt from the script (as command-log replay does), one batch of events. */
    const run = async (from: number, to: number): Promise<string> => {
      const host = new LiveQueryHost(log, registry, processingLog, 'g_', undefined, { dir: stateDir, serviceId: SERVICE });
      const started: string[] = [];
      const engine = new KsqlEngine({
        log,
        registry,
        processingLog,
        serviceId: SERVICE,
        autoCreateTopics: true,
        host: { start: (plan, o) => (started.push(plan.queryId), host.start(plan, o)), stop: (id) => host.stop(id), close: () => host.close() },
      });
      await engine.executeScript(script, engine.newSession({ properties: { 'auto.offset.reset': 'earliest' } }));
      await log.append('e', 0, events(from, to));
      await settle(log, `g_${started[0]!}`, 'e', to);
      await host.close();
      return started[0]!;
    };

    const queryId = await run(0, 1000);
    const changelogs = (await log.listTopics()).filter((t) => t.name.endsWith('-changelog'));
    // The aggregate's store only: pull queries read the table from it, as ksqlDB's do.
    expect(changelogs).toHaveLength(1);
    for (const c of changelogs) {
      expect(c.name).toMatch(new RegExp(`^_confluent-ksql-${SERVICE}query_${queryId}-.*-changelog$`));
      expect(c.config['cleanup.policy']).toBe('compact');
    }

    // The local copy is lost; the restarted query must rebuild it from the changelog.
    rmSync(stateDir, { recursive: true, force: true });
    expect(await run(1000, 2000)).toBe(queryId);

    const result = await table(log);
    expect(result.size).toBe(KEYS);
    for (let k = 0; k < KEYS; k++) {
      // Key k saw V = k, k+50, ..., k+1950: 40 events summing 40k + 50·(0+…+39).
      expect(result.get(`k${k}`)).toEqual({ N: 40, S: 40 * k + 50 * 780 });
    }

    // A terminated query takes its changelog topics and local directory with it.
    expect(readdirSync(stateDir)).toHaveLength(1);
    await new LiveQueryHost(log, registry, processingLog, 'g_', undefined, { dir: stateDir, serviceId: SERVICE }).cleanup(queryId);
    expect((await log.listTopics()).filter((t) => t.name.endsWith('-changelog'))).toEqual([]);
    expect(readdirSync(stateDir)).toEqual([]);
  });
});
