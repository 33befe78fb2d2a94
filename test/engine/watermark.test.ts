/**
 * Record by record (the conformance driver's synchronous host): with a 5 s watermark delay a
 * tumbling window's final row appears only when the watermark passes the window's end; without a
 * watermark, EMIT FINAL closes it on stream time alone.
 */
import { describe, expect, it } from 'vitest';
import { createSession } from '../conformance/session.ts';
import type { InputRecord } from '../conformance/session-api.ts';

const json = (o: unknown): Uint8Array => Buffer.from(JSON.stringify(o));
const event = (ts: number): InputRecord => ({ topic: 'readings', key: Buffer.from('s1'), value: json({ TS: ts, V: 1 }), timestamp: ts, headers: [] });

async function finalRowsAfter(withWatermark: boolean, batches: number[][]): Promise<number[]> {
  const session = createSession({ properties: {} });
  const mark = withWatermark ? ', WATERMARK FOR TS AS TS - INTERVAL 5 SECONDS' : '';
  const error = await session.execute([
    `CREATE STREAM READINGS (SENSOR STRING KEY, TS BIGINT, V INT${mark}) WITH (KAFKA_TOPIC='readings', VALUE_FORMAT='JSON', TIMESTAMP='TS');`,
    'CREATE TABLE PER_10S AS SELECT SENSOR, COUNT(*) AS C FROM READINGS WINDOW TUMBLING (SIZE 10 SECONDS) GROUP BY SENSOR EMIT FINAL;',
  ]);
  expect(error).toBeUndefined();
  const counts: number[] = [];
  for (const batch of batches) {
    expect(await session.run(batch.map(event))).toBeUndefined();
    counts.push(session.read('PER_10S').length);
  }
  await session.close();
  return counts;
}

describe('watermark-driven window closing', () => {
  it('holds a window open until the watermark passes its end', async () => {
    // After 12 s: watermark 7 s, nothing final. After 16 s: watermark 11 s, [0, 10 s) is final.
    expect(await finalRowsAfter(true, [[1000, 4000, 9000, 12_000], [16_000]])).toEqual([0, 1]);
  });

  it('without a watermark, EMIT FINAL closes the window on stream time', async () => {
    expect(await finalRowsAfter(false, [[1000, 4000, 9000, 12_000], [16_000]])).toEqual([1, 1]);
  });

  it('drops a record for a window the watermark closed', async () => {
    const session = createSession({ properties: {} });
    await session.execute([
      "CREATE STREAM READINGS (SENSOR STRING KEY, TS BIGINT, V INT, WATERMARK FOR TS AS TS - INTERVAL 5 SECONDS) WITH (KAFKA_TOPIC='readings', VALUE_FORMAT='JSON');",
      'CREATE TABLE PER_10S AS SELECT SENSOR, COUNT(*) AS C FROM READINGS WINDOW TUMBLING (SIZE 10 SECONDS) GROUP BY SENSOR EMIT CHANGES;',
    ]);
    // 3 s arrives after the watermark reached 11 s: its window [0, 10 s) is closed.
    await session.run([1000, 16_000, 3000].map(event));
    expect(session.read('PER_10S')).toHaveLength(2);
    await session.close();
  });

  it('advances on records a filter drops before the window, as a watermark event would', async () => {
    // V = 0 rows are filtered out before the aggregation. Under stream time the window would stay
    // open (the aggregate never sees 16 s); the watermark (16 s − 5 s = 11 s) closes [0, 10 s).
    const session = createSession({ properties: {} });
    const error = await session.execute([
      "CREATE STREAM READINGS (SENSOR STRING KEY, TS BIGINT, V INT, WATERMARK FOR TS AS TS - INTERVAL 5 SECONDS) WITH (KAFKA_TOPIC='readings', VALUE_FORMAT='JSON');",
      'CREATE TABLE PER_10S AS SELECT SENSOR, COUNT(*) AS C FROM READINGS WINDOW TUMBLING (SIZE 10 SECONDS) WHERE V > 0 GROUP BY SENSOR EMIT FINAL;',
    ]);
    expect(error).toBeUndefined();
    const at = (ts: number, v: number): InputRecord => ({ ...event(ts), value: json({ TS: ts, V: v }) });
    await session.run([at(1000, 1), at(4000, 1), at(12_000, 0)]);
    expect(session.read('PER_10S')).toHaveLength(0);
    await session.run([at(16_000, 0)]);
    const rows = session.read('PER_10S');
    expect(rows).toHaveLength(1);
    expect(JSON.parse(Buffer.from(rows[0]!.value as Uint8Array).toString('utf8'))).toMatchObject({ C: 2 });
    // A record for the closed window is late even though the aggregate's own stream time is 4 s.
    await session.run([at(2000, 1), at(30_000, 0)]);
    expect(session.read('PER_10S')).toHaveLength(1);
    await session.close();
  });
});

describe('Watermarks', () => {
  it('is the smallest mark of its sources, each trailing its largest event time by its delay', async () => {
    const { Watermarks } = await import('../../runtime/watermarks.ts');
    const marks = new Watermarks();
    const seen: number[] = [];
    marks.onAdvance((t) => seen.push(t));
    const left = marks.source(1000);
    const right = marks.source(0);
    left(5000);
    expect(marks.current).toBe(Number.NEGATIVE_INFINITY); // right has read nothing yet
    right(3000);
    expect(marks.current).toBe(3000);
    right(9000);
    expect(marks.current).toBe(4000); // left: 5000 − 1000
    left(2000); // out of order: marks never go back
    right(1000);
    expect(marks.current).toBe(4000);
    expect(seen).toEqual([3000, 4000]);
  });
});
