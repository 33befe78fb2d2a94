/**
 * Beyond ksqlDB: a windowed table joins a windowed table on the same window (Nexmark-style "bids
 * and best price per auction per window"). Rows match on key AND window; the result is a windowed
 * table with the inputs' window, so WINDOWSTART/WINDOWEND come back from pull queries.
 *
 * Driven through the manual host, but records cascade as they would live: each record a query
 * writes is appended to the MemoryLog and handed at once to every query reading that topic, in
 * start order. So one bid reaches A, whose change reaches J, before it reaches M. Every expected
 * row below is worked out by hand from that order and the table-table join rules: an update joins
 * the other side's current row for the same key and window; its timestamp is max(update ts, other
 * row's ts), or the update's ts when the other side is missing.
 */
import { describe, expect, it } from 'vitest';
import { ManualQueryHost } from '../../engine/manual-host.ts';
import { KsqlEngine } from '../../engine/ksql-engine.ts';
import { startTransientQuery } from '../../engine/transient-query.ts';
import { createDefaultRegistry } from '../../functions/index.ts';
import { parseStatement } from '../../parser/index.ts';
import type { LogRecord } from '../../runtime/log/log.ts';
import { MemoryLog } from '../../runtime/log/memory-log.ts';
import { DefaultProcessingLog } from '../../runtime/log/processing-log.ts';

const registry = createDefaultRegistry();

/** One engine whose query outputs are appended to the log and fed straight on to their readers. */
class CascadingEngine {
  readonly log = new MemoryLog();
  private readonly host: ManualQueryHost;
  readonly engine: KsqlEngine;

  constructor() {
    const processingLog = new DefaultProcessingLog();
    this.host = new ManualQueryHost(registry, processingLog, (topic, record) => this.deliver(topic, record));
    this.engine = new KsqlEngine({ log: this.log, registry, processingLog, serviceId: 'windowed_join_test', host: this.host });
  }

  async execute(sql: string): Promise<void> {
    await this.engine.executeScript(sql, this.engine.newSession());
  }

  deliver(topic: string, record: LogRecord): void {
    const [at] = this.log.appendSync(topic, 0, [record]);
    for (const { topology } of [...this.host.topologies.values()]) {
      topology.sources.get(topic)?.({ ...record, topic, partition: 0, offset: at!.offset });
    }
  }

  /** A JSON-keyed record; `windowStart` appends a time window's start to the key, as Kafka Streams does. */
  send(topic: string, key: number, value: object | null, timestamp: number, windowStart?: number): void {
    const inner = Buffer.from(JSON.stringify(key));
    const keyBytes = windowStart === undefined ? inner : Buffer.concat([inner, longBytes(windowStart)]);
    this.deliver(topic, { key: keyBytes, value: value === null ? null : Buffer.from(JSON.stringify(value)), timestamp, headers: [] });
  }

  /** Everything written to a time-windowed JSON-keyed topic: [key, window start, value, timestamp]. */
  windowedRows(topic: string): [number, number, unknown, number][] {
    return this.log.fetchSync(topic, 0, 0, 1000).map((r) => {
      const key = Buffer.from(r.key!);
      const inner = JSON.parse(key.subarray(0, key.length - 8).toString()) as number;
      const start = Number(key.readBigInt64BE(key.length - 8));
      return [inner, start, r.value === null ? null : JSON.parse(Buffer.from(r.value).toString()), r.timestamp];
    });
  }

  async pull(sql: string): Promise<{ columns: readonly string[]; rows: unknown[][] }> {
    const stmt = parseStatement(sql);
    if (stmt.kind !== 'Query') throw new Error(`not a query: ${sql}`);
    const stream = await startTransientQuery(stmt, this.engine, { fromEarliest: false, queryId: 'pull' });
    const rows: unknown[][] = [];
    for await (const row of stream.rows) rows.push([...row]);
    return { columns: stream.columnNames, rows };
  }

  close(): Promise<void> {
    return this.host.close();
  }
}

function longBytes(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(BigInt(n));
  return b;
}

const BIDS = "CREATE STREAM BID (AUCTION INT KEY, PRICE INT) WITH (KAFKA_TOPIC='bid', PARTITIONS=1, FORMAT='JSON');";
/** A: bids per auction per 10 s window. M: the best price per window, counting only bids that meet the reserve of 10. */
const TUMBLING_AGGREGATES = [
  BIDS,
  'CREATE TABLE A AS SELECT AUCTION, COUNT(*) AS BIDS FROM BID WINDOW TUMBLING (SIZE 10 SECONDS) GROUP BY AUCTION;',
  'CREATE TABLE M AS SELECT AUCTION, MAX(PRICE) AS TOP FROM BID WINDOW TUMBLING (SIZE 10 SECONDS) WHERE PRICE >= 10 GROUP BY AUCTION;',
].join('\n');

/** [auction, price, ts]; windows w0 = [0, 10 s), w1 = [10 s, 20 s). */
const TUMBLING_BIDS: [number, number, number][] = [
  [1, 12, 1000], // w0: A(1,w0)=1, M(1,w0)=12
  [1, 15, 2000], // w0: A(1,w0)=2, M(1,w0)=15
  [2, 8, 3000], // w0: A(2,w0)=1; below the reserve, so no M row for auction 2
  [1, 9, 12_000], // w1: A(1,w1)=1; below the reserve: M has auction 1 only in w0
  [1, 20, 14_000], // w1: A(1,w1)=2, M(1,w1)=20
];

async function tumblingJoin(join: 'JOIN' | 'LEFT JOIN'): Promise<CascadingEngine> {
  const e = new CascadingEngine();
  await e.execute(`${TUMBLING_AGGREGATES}\nCREATE TABLE J AS SELECT A.AUCTION, A.BIDS, M.TOP FROM A ${join} M ON A.AUCTION = M.AUCTION;`);
  for (const [auction, price, ts] of TUMBLING_BIDS) e.send('bid', auction, { PRICE: price }, ts);
  return e;
}

describe('windowed table-table joins', () => {
  it('INNER: joins rows of the same key and window, re-emitting on each side update', async () => {
    const e = await tumblingJoin('JOIN');
    expect(e.windowedRows('J')).toEqual([
      // bid 1@1000: A(1,w0)=1 finds no M(1,w0) yet: nothing. M(1,w0)=12 finds A=1@1000 → ts max(1000,1000).
      [1, 0, { BIDS: 1, TOP: 12 }, 1000],
      // bid 1@2000: A(1,w0)=2 joins M=12@1000 → ts max(2000,1000)=2000; then M(1,w0)=15 joins A=2@2000.
      [1, 0, { BIDS: 2, TOP: 12 }, 2000],
      [1, 0, { BIDS: 2, TOP: 15 }, 2000],
      // bid 2@3000: A(2,w0)=1, no M(2,w0) at all: nothing.
      // bid 1@12000: A(1,w1)=1; M(1,w0) exists but is another window: nothing.
      // bid 1@14000: A(1,w1)=2 still alone; M(1,w1)=20 joins A=2@14000.
      [1, 10_000, { BIDS: 2, TOP: 20 }, 14_000],
    ]);
    // J is a windowed table with the inputs' window, so pull queries see WINDOWSTART/WINDOWEND = start + 10 s.
    expect(e.engine.metastore.source('J')?.window).toEqual({ type: 'TUMBLING', sizeMs: 10_000 });
    expect(await e.pull('SELECT * FROM J;')).toEqual({
      columns: ['A_AUCTION', 'WINDOWSTART', 'WINDOWEND', 'BIDS', 'TOP'],
      rows: [
        [1, 0n, 10_000n, 2n, 15],
        [1, 10_000n, 20_000n, 2n, 20],
      ],
    });
    expect((await e.pull('SELECT * FROM J WHERE A_AUCTION = 1 AND WINDOWSTART >= 10000;')).rows).toEqual([[1, 10_000n, 20_000n, 2n, 20]]);
    await e.close();
  });

  it('LEFT: every left row comes out, padded until its own window has a right row', async () => {
    const e = await tumblingJoin('LEFT JOIN');
    expect(e.windowedRows('J')).toEqual([
      // bid 1@1000: A(1,w0)=1 with no M(1,w0): padded at its own ts; then M(1,w0)=12 joins A=1.
      [1, 0, { BIDS: 1, TOP: null }, 1000],
      [1, 0, { BIDS: 1, TOP: 12 }, 1000],
      // bid 1@2000: A=2 joins M=12@1000 → max(2000,1000); M=15 joins A=2@2000.
      [1, 0, { BIDS: 2, TOP: 12 }, 2000],
      [1, 0, { BIDS: 2, TOP: 15 }, 2000],
      // bid 2@3000: A(2,w0)=1, never a right row.
      [2, 0, { BIDS: 1, TOP: null }, 3000],
      // bid 1@12000: A(1,w1)=1 does not see M(1,w0)=15: padded.
      [1, 10_000, { BIDS: 1, TOP: null }, 12_000],
      // bid 1@14000: A(1,w1)=2 still padded; then M(1,w1)=20 joins A=2@14000.
      [1, 10_000, { BIDS: 2, TOP: null }, 14_000],
      [1, 10_000, { BIDS: 2, TOP: 20 }, 14_000],
    ]);
    expect((await e.pull('SELECT * FROM J;')).rows).toEqual([
      [1, 0n, 10_000n, 2n, 15],
      [2, 0n, 10_000n, 1n, null],
      [1, 10_000n, 20_000n, 2n, 20],
    ]);
    await e.close();
  });

  it('tombstones retract or pad only their own window, as a table-table LEFT join does', async () => {
    const e = new CascadingEngine();
    const windowed = "FORMAT='JSON', PARTITIONS=1, WINDOW_TYPE='TUMBLING', WINDOW_SIZE='10 SECONDS'";
    await e.execute(
      [
        `CREATE TABLE L (K INT PRIMARY KEY, X INT) WITH (KAFKA_TOPIC='l', ${windowed});`,
        `CREATE TABLE R (K INT PRIMARY KEY, Y INT) WITH (KAFKA_TOPIC='r', ${windowed});`,
        'CREATE TABLE J AS SELECT L.K, L.X, R.Y FROM L LEFT JOIN R ON L.K = R.K;',
      ].join('\n'),
    );
    e.send('l', 1, { X: 1 }, 1000, 0); // no R(1,w0): [L, null] at 1000
    e.send('r', 1, { Y: 10 }, 2000, 0); // L(1,w0) exists: [1, 10] at max(2000, 1000)
    e.send('r', 1, { Y: 11 }, 12_000, 10_000); // R(1,w1): no L(1,w1), a right-only change: nothing
    e.send('r', 1, null, 3000, 0); // R(1,w0) deleted, L remains: [1, null] at max(3000, 1000)
    e.send('l', 1, null, 4000, 0); // L(1,w0) deleted, no R: a tombstone for (1, w0) at 4000
    e.send('l', 2, null, 5000, 0); // deleting a row that never was: nothing
    e.send('l', 1, { X: 2 }, 13_000, 10_000); // L(1,w1) joins R(1,w1)=11@12000: [2, 11] at 13000
    expect(e.windowedRows('J')).toEqual([
      [1, 0, { X: 1, Y: null }, 1000],
      [1, 0, { X: 1, Y: 10 }, 2000],
      [1, 0, { X: 1, Y: null }, 3000],
      [1, 0, null, 4000],
      [1, 10_000, { X: 2, Y: 11 }, 13_000],
    ]);
    expect((await e.pull('SELECT * FROM J;')).rows).toEqual([[1, 10_000n, 20_000n, 2, 11]]);
    await e.close();
  });

  it('HOPPING: each of the overlapping windows joins separately', async () => {
    const e = new CascadingEngine();
    const hopping = 'WINDOW HOPPING (SIZE 10 SECONDS, ADVANCE BY 5 SECONDS)';
    await e.execute(
      [
        BIDS,
        `CREATE TABLE A AS SELECT AUCTION, COUNT(*) AS BIDS FROM BID ${hopping} GROUP BY AUCTION;`,
        `CREATE TABLE M AS SELECT AUCTION, MAX(PRICE) AS TOP FROM BID ${hopping} GROUP BY AUCTION;`,
        'CREATE TABLE J AS SELECT A.AUCTION, A.BIDS, M.TOP FROM A JOIN M ON A.AUCTION = M.AUCTION;',
      ].join('\n'),
    );
    // ts 7000 falls in the windows starting at the multiples of 5000 in (7000 − 10000, 7000]: 0 and 5000.
    e.send('bid', 1, { PRICE: 12 }, 7000);
    // ts 12000 falls in the windows starting in (2000, 12000]: 5000 and 10000.
    e.send('bid', 1, { PRICE: 15 }, 12_000);
    expect(e.windowedRows('J')).toEqual([
      // 7000: A emits (1,w0)=1 and (1,w5)=1, both alone; then M(1,w0)=12 and M(1,w5)=12 join them.
      [1, 0, { BIDS: 1, TOP: 12 }, 7000],
      [1, 5000, { BIDS: 1, TOP: 12 }, 7000],
      // 12000: A(1,w5)=2 joins M(1,w5)=12@7000 → max(12000,7000); A(1,w10)=1 has no M yet.
      [1, 5000, { BIDS: 2, TOP: 12 }, 12_000],
      // Then M(1,w5)=15 joins A=2; M(1,w10)=15 joins A(1,w10)=1.
      [1, 5000, { BIDS: 2, TOP: 15 }, 12_000],
      [1, 10_000, { BIDS: 1, TOP: 15 }, 12_000],
    ]);
    // WINDOWEND is start + size (10 s), not start + advance.
    expect((await e.pull('SELECT * FROM J;')).rows).toEqual([
      [1, 0n, 10_000n, 1n, 12],
      [1, 5000n, 15_000n, 2n, 15],
      [1, 10_000n, 20_000n, 1n, 15],
    ]);
    expect(e.engine.metastore.source('J')?.window).toEqual({ type: 'HOPPING', sizeMs: 10_000, advanceMs: 5000 });
    await e.close();
  });

  describe('refuses windows that differ', () => {
    const joinOf = async (left: string, right: string): Promise<unknown> => {
      const e = new CascadingEngine();
      const error = await e
        .execute(
          [
            BIDS,
            `CREATE TABLE A AS SELECT AUCTION, COUNT(*) AS BIDS FROM BID WINDOW ${left} GROUP BY AUCTION;`,
            `CREATE TABLE M AS SELECT AUCTION, MAX(PRICE) AS TOP FROM BID WINDOW ${right} GROUP BY AUCTION;`,
            'CREATE TABLE J AS SELECT A.AUCTION, A.BIDS, M.TOP FROM A JOIN M ON A.AUCTION = M.AUCTION;',
          ].join('\n'),
        )
        .then(() => undefined, (err: unknown) => err);
      expect(e.engine.metastore.source('J')).toBeUndefined();
      await e.close();
      return error;
    };

    it('names both windows when the sizes differ', async () => {
      const error = await joinOf('TUMBLING (SIZE 10 SECONDS)', 'TUMBLING (SIZE 1 MINUTE)');
      expect(error).toMatchObject({
        kind: 'analysis',
        message:
          'Can not join windowed tables with different windows.\n`A` is TUMBLING (SIZE 10 SECONDS)\n`M` is TUMBLING (SIZE 1 MINUTE)\n' +
          'A windowed table-table join matches rows with the same key and window, so both tables must have the same window type and size (and, for HOPPING windows, the same advance).',
      });
    });

    it('tumbling against hopping of the same size, and hopping with another advance', async () => {
      expect(await joinOf('TUMBLING (SIZE 10 SECONDS)', 'HOPPING (SIZE 10 SECONDS, ADVANCE BY 5 SECONDS)')).toMatchObject({
        message: expect.stringContaining('`A` is TUMBLING (SIZE 10 SECONDS)\n`M` is HOPPING (SIZE 10 SECONDS, ADVANCE BY 5 SECONDS)\n'),
      });
      expect(await joinOf('HOPPING (SIZE 10 SECONDS, ADVANCE BY 2 SECONDS)', 'HOPPING (SIZE 10 SECONDS, ADVANCE BY 5 SECONDS)')).toMatchObject({
        message: expect.stringContaining('`A` is HOPPING (SIZE 10 SECONDS, ADVANCE BY 2 SECONDS)\n`M` is HOPPING (SIZE 10 SECONDS, ADVANCE BY 5 SECONDS)\n'),
      });
    });

    it('keeps ksqlDB’s error for session against time windows', async () => {
      expect(await joinOf('SESSION (30 SECONDS)', 'TUMBLING (SIZE 10 SECONDS)')).toMatchObject({
        message: expect.stringMatching(/^Incompatible windowed sources\.\nLeft source: SESSION\nRight source: TUMBLING\n/),
      });
    });

    it('refuses a foreign-key join of windowed tables', async () => {
      const e = new CascadingEngine();
      const error = await e
        .execute(
          [
            BIDS,
            'CREATE TABLE A AS SELECT AUCTION, MAX(PRICE) AS TOP FROM BID WINDOW TUMBLING (SIZE 10 SECONDS) GROUP BY AUCTION;',
            'CREATE TABLE P AS SELECT PRICE, COUNT(*) AS N FROM BID WINDOW TUMBLING (SIZE 10 SECONDS) GROUP BY PRICE;',
            'CREATE TABLE J AS SELECT A.AUCTION, P.N FROM A JOIN P ON A.TOP = P.PRICE;',
          ].join('\n'),
        )
        .then(() => undefined, (err: unknown) => err);
      expect(error).toMatchObject({ kind: 'unsupported', message: expect.stringContaining('A foreign-key join of windowed tables is not supported') });
      await e.close();
    });
  });
});
