/**
 * Command-log replay edge cases, in process (two engines in turn on one data dir): a query's
 * position is fixed when it starts, and a query terminated before the restart never runs again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type TributaryEngine } from '../../engine/engine.ts';
import { EmbeddedLog } from '../../runtime/log/embedded-log.ts';
import type { EngineApi } from '../../engine/api.ts';
import { pollUntil } from './helpers.ts';

const S = "CREATE STREAM S (ID INT KEY, NAME STRING) WITH (KAFKA_TOPIC='s', PARTITIONS=1, VALUE_FORMAT='JSON');";

async function scan(engine: EngineApi, sql: string): Promise<unknown[][]> {
  const stream = await engine.query(sql);
  const rows: unknown[][] = [];
  for await (const row of stream.rows) rows.push([...row]);
  return rows;
}

async function scanUntil(engine: EngineApi, sql: string, count: number): Promise<unknown[][]> {
  let last: unknown[][] = [];
  return pollUntil(async () => ((last = await scan(engine, sql)).length >= count ? last : undefined), 20_000, () => JSON.stringify(last));
}

describe('command log replay', () => {
  let dataDir: string;
  let engine: TributaryEngine | undefined;

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'tributary-e2e-'));
  });

  afterEach(async () => {
    await engine?.close();
    engine = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('resumes a query that had processed nothing from where it started, not from the end', async () => {
    engine = await createEngine({ dataDir });
    await engine.execute(`${S} CREATE STREAM T AS SELECT ID, UCASE(NAME) AS UP FROM S;`, { properties: { 'auto.offset.reset': 'latest' } });
    await engine.close();
    engine = undefined;

    // Records land while no server runs (as after a crash before the query's first batch).
    const log = await EmbeddedLog.open(path.join(dataDir, 'log'));
    await log.append('s', 0, [{ key: null, value: Buffer.from('{"NAME":"offline"}'), timestamp: 1, headers: [] }]);
    await log.close();

    engine = await createEngine({ dataDir });
    expect(await scanUntil(engine, 'SELECT * FROM T;', 1)).toEqual([[null, 'OFFLINE']]);
  });

  it('does not run a terminated query again while replaying', async () => {
    engine = await createEngine({ dataDir });
    await engine.execute(`${S} CREATE STREAM T AS SELECT ID, UCASE(NAME) AS UP FROM S; INSERT INTO S (ID, NAME) VALUES (1, 'one');`);
    await scanUntil(engine, 'SELECT * FROM T;', 1);
    const [queries] = await engine.execute('SHOW QUERIES;');
    const id = (queries?.['queries'] as { id: string }[])[0]!.id;
    await engine.execute(`TERMINATE ${id}; INSERT INTO S (ID, NAME) VALUES (2, 'two');`);
    await engine.close();

    engine = await createEngine({ dataDir });
    const [after] = await engine.execute('SHOW QUERIES;');
    expect(after?.['queries']).toEqual([]);
    // A new query over S proves the engine has caught up on S; T must still hold only the first row.
    await engine.execute("CREATE STREAM U AS SELECT * FROM S;", { properties: { 'auto.offset.reset': 'earliest' } });
    await scanUntil(engine, 'SELECT * FROM U;', 2);
    expect(await scan(engine, 'SELECT * FROM T;')).toEqual([[1, 'ONE']]);
  });
});
