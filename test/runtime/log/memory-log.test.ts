import { describe, expect, it } from 'vitest';
import { MemoryLog } from '../../../runtime/log/memory-log.ts';
import { describeLogContract, record } from './log-contract.ts';

describeLogContract('MemoryLog', async () => {
  const log = new MemoryLog();
  return { log, dispose: () => log.close() };
});

describe('MemoryLog sync API', () => {
  it('appends and fetches without awaiting', () => {
    const log = new MemoryLog();
    log.createTopicSync('t', { partitions: 1 });
    expect(log.appendSync('t', undefined, [record('a', '1'), record('b', '2')]).map((r) => r.offset)).toEqual([0, 1]);
    expect(log.endOffsetSync('t', 0)).toBe(2);
    expect(log.fetchSync('t', 0, 1, 5).map((r) => r.offset)).toEqual([1]);
    log.commitOffsetsSync('g', [{ topic: 't', partition: 0, offset: 2 }]);
    expect(log.committedOffsetSync('g', 't', 0)).toBe(2);
  });

  it('rejects writes after close', async () => {
    const log = new MemoryLog();
    log.createTopicSync('t', { partitions: 1 });
    await log.close();
    expect(() => log.appendSync('t', 0, [record('a', '1')])).toThrow(/closed/);
  });
});
