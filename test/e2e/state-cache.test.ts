/**
 * A live query whose key-value state is larger than its cache: entries are evicted after each
 * commit and read back from LevelDB on demand, across batches and across a restart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type TributaryEngine } from '../../engine/engine.ts';
import type { EngineApi } from '../../engine/api.ts';
import { EmbeddedLog } from '../../runtime/log/embedded-log.ts';
import { pollUntil } from './helpers.ts';

const KEYS = 300;
const ROUNDS = 4;
const CACHE = { 'tributary.state.cache.entries': '16' };

async function counts(engine: EngineApi): Promise<Map<string, number>> {
  const stream = await engine.query('SELECT * FROM C;');
  const out = new Map<string, number>();
  for await (const row of stream.rows) out.set(String(row[0]), Number(row[1]));
  return out;
}

async function produce(dataDir: string, from: number, to: number): Promise<void> {
  const log = await EmbeddedLog.open(path.join(dataDir, 'log'));
  const records = [];
  for (let i = from; i < to; i++) records.push({ key: null, value: Buffer.from(JSON.stringify({ K: `k${i % KEYS}`, V: i })), timestamp: i, headers: [] });
  await log.append('e', 0, records);
  await log.close();
}

describe('key-value state larger than the cache', () => {
  let dataDir: string;
  let engine: TributaryEngine | undefined;

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'tributary-cache-'));
  });

  afterEach(async () => {
    await engine?.close();
    engine = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('counts every key exactly, before and after a restart', async () => {
    engine = await createEngine({ dataDir, properties: CACHE });
    await engine.execute(
      "CREATE STREAM E (K STRING, V INT) WITH (KAFKA_TOPIC='e', PARTITIONS=1, VALUE_FORMAT='JSON');" +
        'CREATE TABLE C AS SELECT K, COUNT(*) AS N, SUM(V) AS S FROM E GROUP BY K;',
    );
    await engine.close();
    engine = undefined;
    // Half the rounds before the first start (one query sees them in several 500-record batches).
    await produce(dataDir, 0, (KEYS * ROUNDS) / 2);
    engine = await createEngine({ dataDir, properties: CACHE });
    await pollUntil(async () => ((await counts(engine!)).get('k0') === ROUNDS / 2 ? true : undefined), 20_000);
    await engine.close();
    engine = undefined;

    await produce(dataDir, (KEYS * ROUNDS) / 2, KEYS * ROUNDS);
    engine = await createEngine({ dataDir, properties: CACHE });
    const expected = new Map<string, number>();
    for (let k = 0; k < KEYS; k++) expected.set(`k${k}`, ROUNDS);
    const final = await pollUntil(async () => {
      const c = await counts(engine!);
      return [...expected].every(([k, n]) => c.get(k) === n) ? c : undefined;
    }, 20_000);
    expect(final.size).toBe(KEYS);
  });
});
