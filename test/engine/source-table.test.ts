import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine, type TributaryEngine } from '../../engine/engine.ts';
import { EmbeddedLog } from '../../runtime/log/embedded-log.ts';

const json = (v: unknown): Uint8Array => Buffer.from(JSON.stringify(v));

async function rows(engine: TributaryEngine, sql: string): Promise<unknown[][]> {
  const stream = await engine.query(sql);
  const out: unknown[][] = [];
  for await (const row of stream.rows) out.push([...row]);
  return out;
}

/** Polls a pull query until it gives `want` rows (the CST query materializes asynchronously). */
async function settle(engine: TributaryEngine, sql: string, want: number): Promise<unknown[][]> {
  for (let i = 0; i < 400; i++) {
    const r = await rows(engine, sql);
    if (r.length >= want) return r;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return rows(engine, sql);
}

describe('source tables', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('are materialized by a CST_ query that pull queries read, that DROP TABLE takes with it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cst-'));
    dirs.push(dir);
    const log = await EmbeddedLog.open(path.join(dir, 'log'));
    await log.createTopic('users', { partitions: 2 });
    const engine = await createEngine({ dataDir: dir, log });
    try {
      await engine.execute("CREATE SOURCE TABLE USERS (ID INT PRIMARY KEY, NAME STRING) WITH (KAFKA_TOPIC='users', VALUE_FORMAT='JSON', KEY_FORMAT='JSON');");
      await log.append('users', undefined, [
        { key: json(1), value: json({ NAME: 'a' }), timestamp: 1, headers: [] },
        { key: json(2), value: json({ NAME: 'b' }), timestamp: 2, headers: [] },
        { key: json(1), value: json({ NAME: 'c' }), timestamp: 3, headers: [] },
      ]);
      const [listed] = await engine.execute('LIST QUERIES;');
      expect((listed as unknown as { queries: { id: string }[] }).queries.map((q) => q.id)).toEqual(['CST_USERS_0']);
      expect((await settle(engine, 'SELECT * FROM USERS;', 2)).sort()).toEqual([[1, 'c'], [2, 'b']]);
      expect(await rows(engine, 'SELECT NAME FROM USERS WHERE ID = 1;')).toEqual([['c']]);
      await engine.execute('DROP TABLE USERS;');
      const [after] = await engine.execute('LIST QUERIES;');
      expect((after as unknown as { queries: unknown[] }).queries).toEqual([]);
    } finally {
      await engine.close();
    }
  });
});
