/**
 * Key lookups prepared per statement shape (engine/prepared-pull.ts): a pull query looking a
 * table up by its key is answered from a plan compiled when its shape was first seen. Each case
 * checks the rows against the table's contents, and that the prepared path answered (the stream
 * carries `answered`) or, where it must not, that it did not.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type TributaryEngine } from '../../engine/engine.ts';

let engine: TributaryEngine;
let dir = '';

interface Answer {
  readonly prepared: boolean;
  readonly columns: readonly string[];
  readonly types: readonly string[];
  readonly schema: string;
  readonly rows: unknown[][];
}

async function pull(sql: string, properties: Record<string, unknown> = {}): Promise<Answer> {
  const stream = await engine.query(sql, { properties });
  const rows: unknown[][] = [];
  for await (const row of stream.rows) rows.push([...row]);
  await stream.close();
  return { prepared: stream.answered !== undefined, columns: stream.columnNames, types: stream.columnTypes, schema: stream.schemaText, rows };
}

/** Waits until the table query has caught up with every insert (the last key is in the table). */
async function settled(sql: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if ((await pull(sql)).rows.length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`never answered: ${sql}`);
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'tributary-prepared-pull-'));
  engine = await createEngine({ dataDir: dir });
  await engine.execute("CREATE STREAM S (K STRING KEY, V INT) WITH (KAFKA_TOPIC='s', PARTITIONS=1, VALUE_FORMAT='JSON');");
  await engine.execute('CREATE TABLE T AS SELECT K, COUNT(*) AS C, SUM(V) AS TOTAL FROM S GROUP BY K EMIT CHANGES;');
  await engine.execute("CREATE STREAM N (ID INT KEY, V INT) WITH (KAFKA_TOPIC='n', PARTITIONS=1, VALUE_FORMAT='JSON');");
  await engine.execute('CREATE TABLE BY_ID AS SELECT ID, MAX(V) AS TOP FROM N GROUP BY ID EMIT CHANGES;');
  await engine.execute(
    [
      "INSERT INTO S (K, V) VALUES ('a', 1);",
      "INSERT INTO S (K, V) VALUES ('a', 2);",
      "INSERT INTO S (K, V) VALUES ('b', 10);",
      "INSERT INTO S (K, V) VALUES ('it''s', 7);",
      'INSERT INTO N (ID, V) VALUES (1, 5);',
      'INSERT INTO N (ID, V) VALUES (2, 9);',
      "INSERT INTO S (K, V) VALUES ('z', 0);",
    ].join('\n'),
  );
  await settled("SELECT * FROM T WHERE K='z';");
  await settled('SELECT * FROM BY_ID WHERE ID=2;');
});

afterAll(async () => {
  await engine?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('prepared key lookups', () => {
  it('answer each key of one shape with that key’s row', async () => {
    const first = await pull("SELECT * FROM T WHERE K='a';");
    const second = await pull("SELECT * FROM T WHERE K='b';");
    const quoted = await pull("SELECT * FROM T WHERE K='it''s';");
    const missing = await pull("SELECT * FROM T WHERE K='nope';");
    expect(first.rows).toEqual([['a', 2n, 3]]);
    expect(second.rows).toEqual([['b', 1n, 10]]);
    expect(quoted.rows).toEqual([["it's", 1n, 7]]);
    expect(missing.rows).toEqual([]);
    expect([first, second, quoted, missing].map((a) => a.prepared)).toEqual([true, true, true, true]);
  });

  it('give the header the general path gives', async () => {
    // The extra condition makes the second query a shape that is not prepared.
    const prepared = await pull("SELECT TOTAL, K FROM T WHERE K='a';");
    const general = await pull("SELECT TOTAL, K FROM T WHERE K='a' AND C > 0;");
    expect(prepared.prepared).toBe(true);
    expect(general.prepared).toBe(false);
    expect({ ...prepared, prepared: undefined }).toEqual({ ...general, prepared: undefined });
    expect(prepared.rows).toEqual([[3, 'a']]);
  });

  it('read IN lists once per key, in the order named, and stop at LIMIT', async () => {
    expect((await pull("SELECT K, TOTAL FROM T WHERE K IN ('b', 'a', 'b', 'nope');")).rows).toEqual([
      ['b', 10],
      ['a', 3],
    ]);
    const limited = await pull("SELECT K FROM T WHERE K IN ('a', 'b') LIMIT 1;");
    expect(limited).toMatchObject({ prepared: true, rows: [['a']] });
    expect((await pull("SELECT K FROM T WHERE K IN ('b', 'a') LIMIT 1;")).rows).toEqual([['b']]);
  });

  it('work with the literal on either side and with integer keys', async () => {
    expect(await pull("SELECT * FROM T WHERE 'b' = K;")).toMatchObject({ prepared: true, rows: [['b', 1n, 10]] });
    expect(await pull('SELECT * FROM BY_ID WHERE ID = 1;')).toMatchObject({ prepared: true, rows: [[1, 5]] });
    expect(await pull('SELECT * FROM BY_ID WHERE ID = 2;')).toMatchObject({ prepared: true, rows: [[2, 9]] });
  });

  it('are not used where other literals could change the answer', async () => {
    const x = await pull("SELECT K, 'x' AS TAG FROM T WHERE K='a';");
    const y = await pull("SELECT K, 'y' AS TAG FROM T WHERE K='b';");
    expect([x.prepared, y.prepared]).toEqual([false, false]);
    expect([x.rows, y.rows]).toEqual([[['a', 'x']], [['b', 'y']]]);
  });

  it('leave errors to the general path', async () => {
    await expect(pull("SELECT * FROM T WHERE K='a' AND NOPE = 1;")).rejects.toThrow(/NOPE/);
    await expect(pull("SELECT * FROM BY_ID WHERE ID = 'x';")).rejects.toThrow("Cannot compare ID (INTEGER) to 'x' (STRING)");
    await expect(pull("SELECT * FROM MISSING WHERE K='a';")).rejects.toThrow(/MISSING/);
  });

  it('are prepared again after a statement changes the catalogue', async () => {
    expect((await pull("SELECT * FROM T WHERE K='a';")).columns).toEqual(['K', 'C', 'TOTAL']);
    await engine.execute('TERMINATE CTAS_T_0;');
    await engine.execute('DROP TABLE T;');
    await expect(pull("SELECT * FROM T WHERE K='a';")).rejects.toThrow(/T/);
    await engine.execute('CREATE TABLE T AS SELECT K, MIN(V) AS LOW FROM S GROUP BY K EMIT CHANGES;');
    await settled("SELECT * FROM T WHERE K='z';");
    const again = await pull("SELECT * FROM T WHERE K='a';");
    expect(again).toMatchObject({ prepared: true, columns: ['K', 'LOW'], rows: [['a', 1]] });
  });
});
