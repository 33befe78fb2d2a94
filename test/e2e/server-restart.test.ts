/**
 * The product end to end: a real `tributary server` process on a temp data dir, driven over HTTP,
 * killed with SIGKILL and restarted on the same dir. The catalogue and the persistent query must
 * come back, and the query must resume exactly where it committed: no lost and no repeated rows.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ksqlOk, listed, pollUntil, queryRows, sorted, spawnServer, type ServerProcess } from './helpers.ts';

const EARLIEST = { 'auto.offset.reset': 'earliest' };
const BEFORE = [[1, 'alice'], [2, 'bob'], [3, 'carol']] as const;
const AFTER = [[4, 'dave'], [5, 'erin']] as const;

const inserts = (rows: readonly (readonly [number, string])[]): string =>
  rows.map(([id, name]) => `INSERT INTO S (ID, NAME) VALUES (${id}, '${name}');`).join('\n');
const upper = (rows: readonly (readonly [number, string])[]): unknown[][] => rows.map(([id, name]) => [id, name.toUpperCase()]);

/** Pull-scans T until every expected row is there, then returns the whole scan. */
async function readT(url: string, expected: readonly unknown[][]): Promise<unknown[][]> {
  const want = new Set(expected.map((r) => JSON.stringify(r)));
  let last: unknown[][] = [];
  return pollUntil(async () => {
    last = await queryRows(url, 'SELECT * FROM T;');
    const seen = new Set(last.map((r) => JSON.stringify(r)));
    return [...want].every((r) => seen.has(r)) ? last : undefined;
  }, 20_000, () => `T so far: ${JSON.stringify(last)}`);
}

describe('server restart on the same data dir', () => {
  let dataDir: string;
  let server: ServerProcess | undefined;

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'tributary-e2e-'));
  });

  afterAll(async () => {
    await server?.stop('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves DDL, inserts and queries over HTTP', async () => {
    server = await spawnServer(dataDir);
    const { url } = server;
    await ksqlOk(url, "CREATE STREAM S (ID INT KEY, NAME STRING) WITH (KAFKA_TOPIC='s', PARTITIONS=2, VALUE_FORMAT='JSON');");
    const [created] = await ksqlOk(url, 'CREATE STREAM T AS SELECT ID, UCASE(NAME) AS UP FROM S;');
    expect(JSON.stringify(created)).toContain('CSAS_T_');
    await ksqlOk(url, inserts(BEFORE));

    const fromS = await queryRows(url, 'SELECT * FROM S EMIT CHANGES LIMIT 3;', EARLIEST);
    expect(sorted(fromS)).toEqual(BEFORE.map((r) => [...r]));
    const fromT = await queryRows(url, 'SELECT * FROM T EMIT CHANGES LIMIT 3;', EARLIEST);
    expect(sorted(fromT)).toEqual(upper(BEFORE));
  });

  it('comes back after SIGKILL with its streams and query, and T gets new rows exactly once', async () => {
    await server!.stop('SIGKILL');
    server = await spawnServer(dataDir);
    const { url } = server;

    expect(listed(await ksqlOk(url, 'SHOW STREAMS;'), 'streams', 'name')).toEqual(expect.arrayContaining(['S', 'T']));
    const queries = await ksqlOk(url, 'SHOW QUERIES;');
    expect(listed(queries, 'queries', 'id')).toEqual([expect.stringMatching(/^CSAS_T_/)]);

    await ksqlOk(url, inserts(AFTER));
    // Each partition is processed in order, so once every new row is in T any replayed old row
    // would be there too: an exact comparison catches duplicates without a fixed sleep.
    const all = await readT(url, upper([...BEFORE, ...AFTER]));
    expect(sorted(all)).toEqual(upper([...BEFORE, ...AFTER]));
  });

  it('tails new rows in a push query, then shuts down cleanly on SIGTERM and restarts again', async () => {
    const { url } = server!;
    const push = await fetch(`${url}/query-stream`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sql: 'SELECT * FROM T EMIT CHANGES LIMIT 1;', properties: {} }),
      signal: AbortSignal.timeout(20_000),
    });
    // The header is sent once the query has fixed its start offsets, so this insert is after them.
    await ksqlOk(url, inserts([[6, 'frank']]));
    const lines = (await push.text()).split('\n').filter((l) => l !== '');
    expect(lines.slice(1).map((l) => JSON.parse(l) as unknown)).toEqual([[6, 'FRANK']]);

    await server!.stop('SIGTERM');
    expect(server!.child.exitCode).toBe(0);
    server = await spawnServer(dataDir);
    const all = await readT(server.url, upper([...BEFORE, ...AFTER, [6, 'frank']]));
    expect(all).toHaveLength(6);
  });
});
