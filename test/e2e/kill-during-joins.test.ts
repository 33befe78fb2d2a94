/**
 * Exactly-once joins under a crash: a real server runs a stream-table LEFT join and a stream-stream
 * INNER join on the embedded log while the test produces events over REST; it is SIGKILLed
 * mid-way and restarted on the same data dir. Each join's whole output must equal the answer
 * computed here from the events: lost join state (the table's rows, a window store's records)
 * loses or nulls rows, a lost or early offset commit loses or repeats them.
 *
 * Both answers are independent of processing order: the table is loaded (and seen loaded) before
 * any click, and an INNER stream-stream join emits each pair within the window once, whichever
 * side arrives second.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ksqlOk, pollUntil, queryRows, spawnServer, type ServerProcess } from './helpers.ts';

const BASE = 1_700_000_000_000;
const MINUTE = 60_000;
const EARLIEST = { 'auto.offset.reset': 'earliest' };
const PER_REQUEST = 100;
/** Stop the producer once the joins have written this many rows between them, and kill the server. */
const KILL_AFTER = 500;

/** Users 0..9 have a row; clicks also name users 10 and 11, which LEFT-join to a NULL tier. */
const USERS = Array.from({ length: 10 }, (_, id) => ({ id, tier: ['gold', 'silver', 'bronze'][id % 3]! }));
const tierOf = new Map(USERS.map((u) => [u.id, u.tier]));

type Event =
  | { readonly kind: 'click'; readonly id: number; readonly user: number; readonly page: string; readonly ts: number }
  | { readonly kind: 'order'; readonly id: number; readonly qty: number; readonly ts: number }
  | { readonly kind: 'shipment'; readonly id: number; readonly order: number; readonly carrier: string; readonly ts: number };

const CLICKS: Event[] = Array.from({ length: 1200 }, (_, id) => ({ kind: 'click', id, user: (id * 7) % 12, page: `/p${id % 13}`, ts: BASE + id * 100 }));
const ORDERS: Event[] = Array.from({ length: 500 }, (_, id) => ({ kind: 'order', id, qty: 1 + (id % 4), ts: BASE + id * 1000 }));
/**
 * Shipments: orders with id % 5 ≠ 0 get one at +(id % 9) × 10 min, which joins when ≤ 60 min
 * (WITHIN is inclusive, so id % 9 = 6 joins exactly at the bound); orders with id % 3 = 0 get one
 * 30 min before the order; ten shipments name orders that never exist.
 */
const SHIPMENTS: Event[] = [
  ...ORDERS.flatMap((o) => [
    ...(o.id % 5 !== 0 ? [{ kind: 'shipment' as const, id: o.id * 10, order: o.id, carrier: `c${o.id % 3}`, ts: o.ts + (o.id % 9) * 10 * MINUTE }] : []),
    ...(o.id % 3 === 0 ? [{ kind: 'shipment' as const, id: o.id * 10 + 1, order: o.id, carrier: 'early', ts: o.ts - 30 * MINUTE }] : []),
  ]),
  ...Array.from({ length: 10 }, (_, i) => ({ kind: 'shipment' as const, id: 100_000 + i, order: 10_000 + i, carrier: 'lost', ts: BASE + i })),
];

/** All events in one deterministic shuffled order, so both joins are mid-stream at the kill. */
const EVENTS: readonly Event[] = [...CLICKS, ...ORDERS, ...SHIPMENTS]
  .map((e, i) => ({ e, rank: (i * 7919 + 13) % 104_729 }))
  .sort((a, b) => a.rank - b.rank)
  .map(({ e }) => e);

const uid = (e: Event): string => `${e.kind}:${e.id}`;

function insert(e: Event): string {
  switch (e.kind) {
    case 'click':
      return `INSERT INTO CLICKS (ROWTIME, USER_ID, ID, PAGE) VALUES (${e.ts}, ${e.user}, ${e.id}, '${e.page}');`;
    case 'order':
      return `INSERT INTO ORDERS (ROWTIME, ORDER_ID, QTY) VALUES (${e.ts}, ${e.id}, ${e.qty});`;
    case 'shipment':
      return `INSERT INTO SHIPMENTS (ROWTIME, ORDER_ID, SID, CARRIER) VALUES (${e.ts}, ${e.order}, ${e.id}, '${e.carrier}');`;
  }
}

/** ENRICHED rows as `SELECT *` returns them: [C_USER_ID, ID, PAGE, TIER]. */
function expectedEnriched(): unknown[][] {
  return CLICKS.flatMap((c) => (c.kind === 'click' ? [[c.user, c.id, c.page, tierOf.get(c.user) ?? null]] : []));
}

/** SHIPPED rows: [O_ORDER_ID, QTY, SID, CARRIER] for each shipment within an hour of its order. */
function expectedShipped(): unknown[][] {
  const orders = new Map(ORDERS.map((o) => [o.id, o]));
  const rows: unknown[][] = [];
  for (const s of SHIPMENTS) {
    if (s.kind !== 'shipment') continue;
    const o = orders.get(s.order);
    if (o?.kind === 'order' && Math.abs(s.ts - o.ts) <= 60 * MINUTE) rows.push([o.id, o.qty, s.id, s.carrier]);
  }
  return rows;
}

const byJson = (rows: readonly unknown[][]): unknown[][] => [...rows].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

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

/**
 * Waits until the stream-table join has read the whole USERS table: one probe click per user
 * (negative ids, left out of the comparison) must come back with its tier. A probe the join took
 * before the table's first batch comes back NULL, so the round is repeated with fresh probes.
 */
async function awaitTableLoaded(url: string): Promise<void> {
  for (let round = 1; round <= 20; round++) {
    const ids = USERS.map((u) => -(round * 100 + u.id));
    await ksqlOk(url, USERS.map((u, i) => `INSERT INTO CLICKS (ROWTIME, USER_ID, ID, PAGE) VALUES (${BASE - 1}, ${u.id}, ${ids[i]}, 'probe');`).join('\n'));
    const probes = await pollUntil(async () => {
      const rows = (await queryRows(url, 'SELECT * FROM ENRICHED;')).filter((r) => ids.includes(Number(r[1])));
      return rows.length === ids.length ? rows : undefined;
    }, 20_000);
    if (probes.every((r) => r[3] === tierOf.get(Number(r[0])))) return;
  }
  throw new Error('the stream-table join never saw the USERS table');
}

describe('SIGKILL during live joins', () => {
  let dataDir: string;
  let server: ServerProcess | undefined;

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'tributary-e2e-kill-join-'));
  });

  afterAll(async () => {
    await server?.stop('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('joins every event exactly once across the kill and restart', async () => {
    server = await spawnServer(dataDir);
    const first = server;
    const ddl = (name: string, columns: string): string => `CREATE ${name} (${columns}) WITH (KAFKA_TOPIC='${name.split(' ')[1]!.toLowerCase()}', PARTITIONS=2, VALUE_FORMAT='JSON');`;
    await ksqlOk(
      first.url,
      [
        ddl('TABLE USERS', 'USER_ID INT PRIMARY KEY, TIER STRING'),
        ddl('STREAM CLICKS', 'USER_ID INT KEY, ID INT, PAGE STRING'),
        ddl('STREAM ORDERS', 'ORDER_ID INT KEY, QTY INT'),
        ddl('STREAM SHIPMENTS', 'ORDER_ID INT KEY, SID INT, CARRIER STRING'),
      ].join('\n'),
    );
    await ksqlOk(first.url, USERS.map((u) => `INSERT INTO USERS (ROWTIME, USER_ID, TIER) VALUES (${BASE - 1000}, ${u.id}, '${u.tier}');`).join('\n'));
    await ksqlOk(first.url, 'CREATE STREAM ENRICHED AS SELECT C.USER_ID, C.ID, C.PAGE, U.TIER FROM CLICKS C LEFT JOIN USERS U ON C.USER_ID = U.USER_ID;', EARLIEST);
    await ksqlOk(first.url, 'CREATE STREAM SHIPPED AS SELECT O.ORDER_ID, O.QTY, S.SID, S.CARRIER FROM ORDERS O JOIN SHIPMENTS S WITHIN 1 HOUR ON O.ORDER_ID = S.ORDER_ID;', EARLIEST);
    await awaitTableLoaded(first.url);

    const outputs = async (url: string): Promise<{ enriched: unknown[][]; shipped: unknown[][] }> => ({
      enriched: (await queryRows(url, 'SELECT * FROM ENRICHED;')).filter((r) => Number(r[1]) >= 0),
      shipped: await queryRows(url, 'SELECT * FROM SHIPPED;'),
    });

    // Produce in the background; kill as soon as the joins have written some rows.
    let killed = false;
    const producer = produce(first.url, EVENTS, () => killed);
    const seen = await pollUntil(async () => {
      const { enriched, shipped } = await outputs(first.url);
      return enriched.length + shipped.length >= KILL_AFTER ? { enriched: enriched.length, shipped: shipped.length } : undefined;
    }, 60_000, () => first.output());
    killed = true;
    await first.stop('SIGKILL');
    const sent = await producer;
    expect(sent, 'the kill should land while the producer is mid-way').toBeLessThan(EVENTS.length);
    expect(seen.enriched, 'the stream-table join was mid-stream at the kill').toBeGreaterThan(0);
    expect(seen.shipped, 'the stream-stream join was mid-stream at the kill').toBeGreaterThan(0);

    server = await spawnServer(dataDir);
    const { url } = server;
    // The producer finishes: whatever the log accepted before the kill stays, the rest is sent now.
    const logged = [
      ...(await queryRows(url, 'SELECT ID FROM CLICKS;')).map((r) => `click:${String(r[0])}`),
      ...(await queryRows(url, 'SELECT ORDER_ID FROM ORDERS;')).map((r) => `order:${String(r[0])}`),
      ...(await queryRows(url, 'SELECT SID FROM SHIPMENTS;')).map((r) => `shipment:${String(r[0])}`),
    ].filter((id) => !id.startsWith('click:-'));
    expect(new Set(logged).size, 'no event is in the source twice').toBe(logged.length);
    const present = new Set(logged);
    await produce(url, EVENTS.filter((e) => !present.has(uid(e))), () => false);

    const enrichedWanted = byJson(expectedEnriched());
    const shippedWanted = byJson(expectedShipped());
    let last = { enriched: [] as unknown[][], shipped: [] as unknown[][] };
    let lastChange = Date.now();
    // Done when both outputs have as many rows as expected (more cannot be right), or when they
    // have stopped changing for a while (rows were lost).
    await pollUntil(async () => {
      const now = await outputs(url);
      if (now.enriched.length !== last.enriched.length || now.shipped.length !== last.shipped.length) lastChange = Date.now();
      last = now;
      const complete = now.enriched.length >= enrichedWanted.length && now.shipped.length >= shippedWanted.length;
      return complete || Date.now() - lastChange > 3_000 ? true : undefined;
    }, 60_000, () => `ENRICHED ${last.enriched.length}/${enrichedWanted.length}, SHIPPED ${last.shipped.length}/${shippedWanted.length}`);
    expect(byJson(last.enriched)).toEqual(enrichedWanted);
    expect(byJson(last.shipped)).toEqual(shippedWanted);
    // The probes are in ENRICHED exactly once each, too.
    const probes = (await queryRows(url, 'SELECT ID FROM ENRICHED;')).map((r) => Number(r[0])).filter((id) => id < 0);
    expect(new Set(probes).size).toBe(probes.length);
  }, 180_000);
});
