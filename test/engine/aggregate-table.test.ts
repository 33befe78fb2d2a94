/**
 * Pull queries on aggregated tables read the aggregation's own store (runtime/operators/
 * aggregate-table.ts): the rows must be what the table's topic says, after the steps above the
 * aggregation (projection, HAVING), per key and per window, through lookups and scans, and across
 * a restart. EMIT FINAL tables keep a result store of closed windows only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createEngine, type TributaryEngine } from '../../engine/engine.ts';

let engine: TributaryEngine | undefined;
let dir = '';
afterEach(async () => {
  await engine?.close();
  engine = undefined;
  rmSync(dir, { recursive: true, force: true });
});

async function rows(sql: string): Promise<unknown[][]> {
  const stream = await engine!.query(sql, { properties: {} });
  const out: unknown[][] = [];
  for await (const row of stream.rows) out.push([...row]);
  await stream.close();
  return out;
}

async function until(sql: string, expected: unknown[][]): Promise<void> {
  let last: unknown[][] = [];
  for (let i = 0; i < 200; i++) {
    last = await rows(sql);
    if (JSON.stringify(last, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v)) === JSON.stringify(expected, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(last).toEqual(expected);
}

const SETUP = [
  "CREATE STREAM S (K STRING KEY, V INT) WITH (KAFKA_TOPIC='s', PARTITIONS=1, VALUE_FORMAT='JSON');",
  'CREATE TABLE T AS SELECT K, COUNT(*) * 10 AS C10, SUM(V) AS TOTAL FROM S GROUP BY K HAVING SUM(V) > 2 EMIT CHANGES;',
  'CREATE TABLE W AS SELECT K, COUNT(*) AS C FROM S WINDOW TUMBLING (SIZE 10 SECONDS) GROUP BY K EMIT CHANGES;',
  'CREATE TABLE F AS SELECT K, COUNT(*) AS C FROM S WINDOW TUMBLING (SIZE 10 SECONDS, GRACE PERIOD 0 SECONDS) GROUP BY K EMIT FINAL;',
].join('\n');

const INSERTS = [
  "INSERT INTO S (K, V, ROWTIME) VALUES ('a', 1, 1000);",
  "INSERT INTO S (K, V, ROWTIME) VALUES ('a', 2, 2000);",
  "INSERT INTO S (K, V, ROWTIME) VALUES ('b', 1, 3000);",
  "INSERT INTO S (K, V, ROWTIME) VALUES ('a', 5, 12000);",
  "INSERT INTO S (K, V, ROWTIME) VALUES ('c', 9, 25000);",
].join('\n');

/** A fresh engine with the tables of SETUP and the events of INSERTS. */
async function start(): Promise<void> {
  dir = mkdtempSync(path.join(tmpdir(), 'tributary-aggregate-table-'));
  engine = await createEngine({ dataDir: dir });
  await engine.execute(SETUP);
  await engine.execute(INSERTS);
}

it('answers lookups and scans of aggregated tables from the aggregation, with HAVING and windows', async () => {
  await start();
  // b's total (1) fails HAVING: the table has no row for it.
  await until("SELECT * FROM T WHERE K='a';", [['a', 30n, 8]]);
  expect(await rows("SELECT * FROM T WHERE K='b';")).toEqual([]);
  expect((await rows('SELECT * FROM T;')).sort()).toEqual([
    ['a', 30n, 8],
    ['c', 10n, 9],
  ]);
  expect(await rows("SELECT K, WINDOWSTART, WINDOWEND, C FROM W WHERE K='a';")).toEqual([
    ['a', 0n, 10000n, 2n],
    ['a', 10000n, 20000n, 1n],
  ]);
  expect((await rows('SELECT K, WINDOWSTART, C FROM W WHERE WINDOWSTART >= 10000;')).sort()).toEqual([
    ['a', 10000n, 1n],
    ['c', 20000n, 1n],
  ]);
  // EMIT FINAL: only the windows that have closed (stream time 25000, no grace).
  expect((await rows('SELECT K, WINDOWSTART, C FROM F;')).sort()).toEqual([
    ['a', 0n, 2n],
    ['a', 10000n, 1n],
    ['b', 0n, 1n],
  ]);
});

it('answers them the same after a restart, from the restored aggregation', async () => {
  await start();
  await until("SELECT * FROM T WHERE K='c';", [['c', 10n, 9]]);
  await engine!.close();
  engine = await createEngine({ dataDir: dir });
  await until("SELECT * FROM T WHERE K='a';", [['a', 30n, 8]]);
  await until("SELECT K, WINDOWSTART, C FROM W WHERE K='a';", [
    ['a', 0n, 2n],
    ['a', 10000n, 1n],
  ]);
});
