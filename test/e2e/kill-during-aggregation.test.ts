/**
 * Exactly-once under a crash: a real server runs a windowed aggregation while the test produces
 * events over REST; the server is SIGKILLed mid-way (the query has counted some events, the producer
 * has not finished) and restarted on the same data dir. The final table must equal the one computed
 * here from the events: a lost state or offset commit undercounts, a replayed batch overcounts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ksqlOk, pollUntil, queryRows, spawnServer, type ServerProcess } from './helpers.ts';

const N = 3_000;
const KEYS = 20;
const PER_REQUEST = 100;
const BASE = 1_700_000_000_000;
const WINDOW = 10_000;
/** Stop the producer once the query has counted this many events, and kill the server. */
const KILL_AFTER = 600;

interface Event {
  readonly id: number;
  readonly k: string;
  readonly v: number;
  readonly ts: number;
}

/**
 * Deterministic events: N distinct times 100 ms apart (30 windows) in a shuffled order, so every
 * window is open across the kill and its final count needs the state from before it.
 */
const EVENTS: readonly Event[] = Array.from({ length: N }, (_, id) => ({
  id,
  k: `k${(id * 7 + Math.floor(id / KEYS)) % KEYS}`,
  v: ((id * 31) % 97) - 10,
  ts: BASE + ((id * 7919) % N) * 100,
}));

const insert = (e: Event): string => `INSERT INTO EVENTS (ROWTIME, K, ID, V) VALUES (${e.ts}, '${e.k}', ${e.id}, ${e.v});`;

/** `K|windowStart` → [K, WINDOWSTART, WINDOWEND, C, S], as `SELECT * FROM COUNTS` returns rows. */
function expectedTable(events: readonly Event[]): Map<string, unknown[]> {
  const table = new Map<string, unknown[]>();
  for (const e of events) {
    const start = Math.floor(e.ts / WINDOW) * WINDOW;
    const id = `${e.k}|${start}`;
    const row = table.get(id) ?? [e.k, start, start + WINDOW, 0, 0];
    row[3] = (row[3] as number) + 1;
    row[4] = (row[4] as number) + e.v;
    table.set(id, row);
  }
  return table;
}

async function readTable(url: string): Promise<Map<string, unknown[]>> {
  const rows = await queryRows(url, 'SELECT * FROM COUNTS;');
  return new Map(rows.map((r) => [`${String(r[0])}|${String(r[1])}`, r]));
}

const counted = (table: ReadonlyMap<string, unknown[]>): number => [...table.values()].reduce((n, r) => n + Number(r[3]), 0);
const sortedRows = (table: ReadonlyMap<string, unknown[]>): unknown[][] => [...table.keys()].sort().map((id) => table.get(id)!);

/** Sends events in requests of PER_REQUEST statements until `stop()` or a request fails (the kill). */
async function produce(url: string, events: readonly Event[], stop: () => boolean): Promise<number> {
  let sent = 0;
  try {
    while (sent < events.length && !stop()) {
      await ksqlOk(url, events.slice(sent, sent + PER_REQUEST).map(insert).join('\n'));
      sent = Math.min(sent + PER_REQUEST, events.length);
    }
  } catch {
    // The server died under an in-flight request: part of it may have landed; the restart sorts it out.
  }
  return sent;
}

describe('SIGKILL during a windowed aggregation', () => {
  let dataDir: string;
  let server: ServerProcess | undefined;

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'tributary-e2e-kill-'));
  });

  afterAll(async () => {
    await server?.stop('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('counts every event exactly once across the kill and restart', async () => {
    server = await spawnServer(dataDir);
    await ksqlOk(server.url, "CREATE STREAM EVENTS (K STRING KEY, ID INT, V INT) WITH (KAFKA_TOPIC='events', PARTITIONS=4, VALUE_FORMAT='JSON');");
    await ksqlOk(
      server.url,
      'CREATE TABLE COUNTS AS SELECT K, COUNT(*) AS C, SUM(V) AS S FROM EVENTS WINDOW TUMBLING (SIZE 10 SECONDS) GROUP BY K EMIT CHANGES;',
    );

    // Produce in the background; kill as soon as the query has counted some events.
    let killed = false;
    const producer = produce(server.url, EVENTS, () => killed);
    const first = server;
    const seen = await pollUntil(async () => {
      const n = counted(await readTable(first.url));
      return n >= KILL_AFTER ? n : undefined;
    }, 30_000, () => first.output());
    killed = true;
    await first.stop('SIGKILL');
    const sent = await producer;
    expect(sent, 'the kill should land while the producer is mid-way').toBeLessThan(N);
    expect(seen).toBeLessThan(N);

    server = await spawnServer(dataDir);
    const { url } = server;
    // The producer finishes: whatever the log accepted before the kill stays, the rest is sent now.
    const logged = (await queryRows(url, 'SELECT K, ID FROM EVENTS;')).map((r) => Number(r[1]));
    expect(new Set(logged).size, 'no event is in the source twice').toBe(logged.length);
    const present = new Set(logged);
    await produce(url, EVENTS.filter((e) => !present.has(e.id)), () => false);

    const expected = expectedTable(EVENTS);
    let last = new Map<string, unknown[]>();
    let lastChange = Date.now();
    // Done when the table matches, when it has counted N events (more cannot be right), or when it
    // has stopped changing for a while (it undercounts).
    await pollUntil(async () => {
      const table = await readTable(url);
      if (JSON.stringify(sortedRows(table)) !== JSON.stringify(sortedRows(last))) lastChange = Date.now();
      last = table;
      return counted(table) >= N || Date.now() - lastChange > 3_000 ? true : undefined;
    }, 30_000, () => `counted ${counted(last)} of ${N}`);
    expect(counted(last)).toBe(N);
    expect(sortedRows(last)).toEqual(sortedRows(expected));
  });
});
