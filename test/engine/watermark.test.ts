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
});
