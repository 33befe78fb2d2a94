/**
 * Join planning rules of ksqlDB's analyzer and planner, each on hand-made data driven record by
 * record through the conformance session (real engine, manual host): which column the key is,
 * when a later join needs no re-key, errors found before any join is planned, windowed inputs,
 * pseudo columns as join keys, and PARTITION BY over a join.
 */
import { describe, expect, it } from 'vitest';
import { streamSelectKey } from '../../runtime/operators/stream-select-key.ts';
import { DefaultProcessingLog } from '../../runtime/log/processing-log.ts';
import type { Rec } from '../../runtime/record.ts';
import { createSession } from '../conformance/session.ts';
import type { InputRecord } from '../conformance/session-api.ts';

const json = (v: unknown) => Buffer.from(JSON.stringify(v));
const rec = (topic: string, key: unknown, value: object, timestamp: number, windowStart?: number): InputRecord => {
  const inner = json(key);
  const windowed = windowStart === undefined ? inner : Buffer.concat([inner, longBytes(windowStart)]);
  return { topic, key: windowed, value: json(value), timestamp, headers: [] };
};

function longBytes(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(BigInt(n));
  return b;
}

interface Result {
  readonly error?: string;
  readonly rows: [unknown, unknown][];
  readonly schema?: string;
}

async function run(statements: string[], inputs: InputRecord[], output = 'OUTPUT', windowed = false): Promise<Result> {
  const session = createSession({ properties: {} });
  try {
    const failed = await session.execute(statements);
    if (failed) return { error: failed.message, rows: [] };
    expect(await session.run(inputs)).toBeUndefined();
    const rows = session.read(output).map((r): [unknown, unknown] => {
      const key = Buffer.from(r.key!);
      const inner = windowed ? key.subarray(0, key.length - 8) : key;
      return [JSON.parse(inner.toString()), r.value === null ? null : JSON.parse(Buffer.from(r.value).toString())];
    });
    const schema = session.sources().find((s) => s.name === output)?.schema;
    return { rows, ...(schema !== undefined ? { schema } : {}) };
  } finally {
    await session.close();
  }
}

const THREE_STREAMS = [
  "CREATE STREAM S1 (ID INT KEY, V0 INT) WITH (kafka_topic='s1', format='JSON');",
  "CREATE STREAM S2 (ID INT KEY, V0 INT) WITH (kafka_topic='s2', format='JSON');",
  "CREATE STREAM S3 (ID INT KEY, V0 INT) WITH (kafka_topic='s3', format='JSON');",
];

describe('the key of a join', () => {
  it('a later join on an expression equal to the key keeps the earlier key column selectable', async () => {
    // ABS(S2.ID) equals S1.ID after the first join, so the second join needs no re-key of its
    // left input and S1.ID still stands for the key, though the second condition never names it.
    const r = await run(
      [...THREE_STREAMS, 'CREATE STREAM OUTPUT AS SELECT S1.ID, S1.V0, S2.V0, S3.V0 FROM S1 JOIN S2 WITHIN 10 SECONDS ON S1.ID = ABS(S2.ID) JOIN S3 WITHIN 10 SECONDS ON ABS(S2.ID) = ABS(S3.ID);'],
      [rec('s3', -7, { V0: 3 }, 1), rec('s2', -7, { V0: 2 }, 2), rec('s1', 7, { V0: 1 }, 3)],
    );
    expect(r.error).toBeUndefined();
    expect(r.rows).toEqual([[7, { S1_V0: 1, S2_V0: 2, S3_V0: 3 }]]);
    expect(r.schema).toBe('`S1_ID` INTEGER KEY, `S1_V0` INTEGER, `S2_V0` INTEGER, `S3_V0` INTEGER');
  });

  it('with two equal key columns selected, the first (in join order) is the key and the other a value', async () => {
    const r = await run(
      [...THREE_STREAMS, 'CREATE STREAM OUTPUT AS SELECT S3.V0, S1.V0, S2.V0 FROM S1 JOIN S2 WITHIN 10 SECONDS ON S1.ID = S2.ID JOIN S3 WITHIN 10 SECONDS ON S1.V0 = S3.V0;'],
      [rec('s1', 0, { V0: 5 }, 1), rec('s2', 0, { V0: 6 }, 2), rec('s3', 9, { V0: 5 }, 3)],
    );
    expect(r.error).toBeUndefined();
    expect(r.rows).toEqual([[5, { S3_V0: 5, S2_V0: 6 }]]);
    expect(r.schema).toBe('`S1_V0` INTEGER KEY, `S3_V0` INTEGER, `S2_V0` INTEGER');
  });

  it('the same key column twice is still refused', async () => {
    const r = await run([...THREE_STREAMS, 'CREATE STREAM OUTPUT AS SELECT S1.ID, S1.ID AS K2, S2.V0 FROM S1 JOIN S2 WITHIN 10 SECONDS ON S1.ID = S2.ID;'], []);
    expect(r.error).toContain('The projection contains a key column (`S1_ID`) more than once, aliased as: K2 and S1_ID.');
  });
});

describe('join conditions are checked before any join is planned', () => {
  const TABLES = [
    "CREATE STREAM S (ID INT KEY, V0 INT) WITH (kafka_topic='s', format='JSON');",
    "CREATE TABLE T2 (ID INT PRIMARY KEY, V0 INT) WITH (kafka_topic='t2', format='JSON');",
    "CREATE TABLE T3 (ID INT PRIMARY KEY, V0 INT) WITH (kafka_topic='t3', format='JSON');",
  ];

  it('both sides naming one source, in the second join, wins over the first join being off the primary key', async () => {
    const r = await run([...TABLES, 'CREATE STREAM OUTPUT AS SELECT * FROM S JOIN T2 ON S.V0 = T2.V0 JOIN T3 ON S.V0 = S.V0;'], []);
    expect(r.error).toContain('Each side of the join must reference exactly one source and not the same source. Left side references `S` and right references `S`');
  });

  it('a condition not naming the joined source, with two different sources, says so', async () => {
    const r = await run([...TABLES, 'CREATE STREAM OUTPUT AS SELECT * FROM S JOIN T2 ON S.ID = T2.ID JOIN T3 ON S.ID = T2.ID;'], []);
    expect(r.error).toContain('A join criteria is expected to reference the source (`T3`) in the FROM clause, instead the right source references `T2` and the left source references `S`');
  });
});

describe('windowed streams', () => {
  const windowed = (name: string, type: string, size: string) =>
    `CREATE STREAM ${name} (ID INT KEY, V INT) WITH (kafka_topic='${name.toLowerCase()}', format='JSON', WINDOW_TYPE='${type}', WINDOW_SIZE='${size}');`;

  it('cannot be repartitioned into another window size without a schema-registry key format', async () => {
    const r = await run([windowed('W1', 'HOPPING', '5 SECONDS'), windowed('W2', 'TUMBLING', '2 SECONDS'), 'CREATE STREAM OUTPUT AS SELECT * FROM W1 JOIN W2 WITHIN 1 MINUTE ON W1.ID = W2.ID;'], []);
    expect(r.error).toContain('Implicit repartitioning of windowed sources is not supported.');
  });

  it('`*` lists each source key, then its window bounds, then its values', async () => {
    const r = await run(
      [windowed('W1', 'TUMBLING', '1 SECOND'), windowed('W2', 'TUMBLING', '1 SECOND'), 'CREATE STREAM OUTPUT AS SELECT * FROM W1 JOIN W2 WITHIN 1 MINUTE ON W1.ID = W2.ID;'],
      [rec('w1', 1, { V: 10 }, 1500, 1000), rec('w2', 1, { V: 20 }, 1700, 1000)],
      'OUTPUT',
      true,
    );
    expect(r.error).toBeUndefined();
    expect(r.schema).toBe('`W1_ID` INTEGER KEY, `W1_WINDOWSTART` BIGINT, `W1_WINDOWEND` BIGINT, `W1_V` INTEGER, `W2_ID` INTEGER, `W2_WINDOWSTART` BIGINT, `W2_WINDOWEND` BIGINT, `W2_V` INTEGER');
    expect(r.rows).toEqual([[1, { W1_WINDOWSTART: 1000, W1_WINDOWEND: 2000, W1_V: 10, W2_ID: 1, W2_WINDOWSTART: 1000, W2_WINDOWEND: 2000, W2_V: 20 }]]);
  });

  it('a re-windowed record keeps its start and takes the new size', () => {
    const out: Rec[] = [];
    const ctx = { queryId: 'Q', processingLog: new DefaultProcessingLog() };
    const rekey = streamSelectKey([(r) => r.key[0]], [true], [], ctx, (r) => out.push(r), { type: 'HOPPING', sizeMs: 5000 });
    rekey({ key: [1], value: [4], timestamp: 0, partition: 0, offset: 0, headers: [], windowStart: 2000, windowEnd: 4000 });
    expect([out[0]!.windowStart, out[0]!.windowEnd]).toEqual([2000, 7000]);
  });
});

describe('pseudo columns as join keys', () => {
  it('joins on each source’s own ROWOFFSET, which the projection may select aliased as the key', async () => {
    const r = await run(
      [
        "CREATE STREAM A (ID INT KEY, FOO STRING) WITH (kafka_topic='a', format='JSON');",
        "CREATE STREAM B (ID INT KEY, BAR STRING) WITH (kafka_topic='b', format='JSON');",
        'CREATE STREAM OUTPUT AS SELECT FOO, BAR, A.ROWOFFSET AS AO, B.ROWOFFSET AS BO FROM A JOIN B WITHIN 5 SECONDS ON A.ROWOFFSET = B.ROWOFFSET;',
      ],
      [rec('a', 7, { FOO: 'x' }, 1), rec('a', 8, { FOO: 'y' }, 2), rec('b', 9, { BAR: 'z' }, 3)],
    );
    expect(r.error).toBeUndefined();
    expect(r.schema).toBe('`AO` BIGINT KEY, `FOO` STRING, `BAR` STRING, `BO` BIGINT');
    expect(r.rows).toEqual([[0, { FOO: 'x', BAR: 'z', BO: 0 }]]);
  });
});

describe('PARTITION BY over a join', () => {
  const LR = [
    "CREATE STREAM L (A INT KEY, B INT, C INT) WITH (kafka_topic='l', format='JSON');",
    "CREATE STREAM R (X INT KEY, Y INT, Z INT) WITH (kafka_topic='r', format='JSON');",
  ];
  const inputs = [rec('l', 0, { B: 1, C: 2 }, 11), rec('r', 0, { Y: 1, Z: -2 }, 12)];

  it('`*` lists per source its values, ROWTIME, ROWPARTITION, ROWOFFSET and key, less the new key', async () => {
    const r = await run([...LR, 'CREATE STREAM OUTPUT AS SELECT * FROM L JOIN R WITHIN 10 SECONDS ON L.A = R.X PARTITION BY L.B;'], inputs);
    expect(r.error).toBeUndefined();
    expect(r.schema).toBe(
      '`L_B` INTEGER KEY, `L_C` INTEGER, `L_ROWTIME` BIGINT, `L_ROWPARTITION` INTEGER, `L_ROWOFFSET` BIGINT, `L_A` INTEGER, `R_Y` INTEGER, `R_Z` INTEGER, `R_ROWTIME` BIGINT, `R_ROWPARTITION` INTEGER, `R_ROWOFFSET` BIGINT, `R_X` INTEGER',
    );
    expect(r.rows).toEqual([[1, { L_C: 2, L_ROWTIME: 11, L_ROWPARTITION: 0, L_ROWOFFSET: 0, L_A: 0, R_Y: 1, R_Z: -2, R_ROWTIME: 12, R_ROWPARTITION: 0, R_ROWOFFSET: 0, R_X: 0 }]]);
  });

  it('re-keys a join on value columns by an unqualified column, named after its source', async () => {
    const r = await run([...LR, 'CREATE STREAM OUTPUT AS SELECT * FROM L JOIN R WITHIN 10 SECONDS ON L.B = R.Y PARTITION BY A;'], inputs);
    expect(r.error).toBeUndefined();
    expect(r.schema?.startsWith('`L_A` INTEGER KEY, `L_B` INTEGER, `L_C` INTEGER, `L_ROWTIME` BIGINT')).toBe(true);
    expect(r.rows.map(([k]) => k)).toEqual([0]);
  });

  it('an explicit projection selects the partitioning column as the key, and other key columns as values', async () => {
    const r = await run([...LR, 'CREATE STREAM OUTPUT AS SELECT L.C, L.A, R.X FROM L JOIN R WITHIN 10 SECONDS ON L.A = R.X PARTITION BY L.C;'], inputs);
    expect(r.error).toBeUndefined();
    expect(r.schema).toBe('`C` INTEGER KEY, `A` INTEGER, `X` INTEGER');
    expect(r.rows).toEqual([[2, { A: 0, X: 0 }]]);
  });

  it('the partitioning expression must be in the projection', async () => {
    const r = await run([...LR, 'CREATE STREAM OUTPUT AS SELECT L.A, R.Z FROM L JOIN R WITHIN 10 SECONDS ON L.A = R.X PARTITION BY C;'], []);
    expect(r.error).toContain('must include the partitioning expression L.C in its projection');
  });
});
