import { describe, expect, it } from 'vitest';
import { DefaultProcessingLog, errorMessage, type ProcessingLogEntry } from '../../../runtime/log/processing-log.ts';

describe('DefaultProcessingLog', () => {
  it('stamps entries, counts per query and forwards to the sink', () => {
    const seen: ProcessingLogEntry[] = [];
    const log = new DefaultProcessingLog({ clock: () => 1000, sink: (e) => seen.push(e) });
    const entry = log.error({
      queryId: 'CSAS_1',
      errorType: 'DESERIALIZATION_ERROR',
      message: 'bad json',
      record: { topic: 't', partition: 0, offset: 3 },
    });
    log.error({ queryId: 'CSAS_2', errorType: 'RECORD_PROCESSING_ERROR', message: 'divide by zero', time: 5 });
    log.error({ errorType: 'PRODUCTION_ERROR', message: 'no query' });
    expect(entry).toEqual({
      time: 1000,
      level: 'ERROR',
      queryId: 'CSAS_1',
      errorType: 'DESERIALIZATION_ERROR',
      message: 'bad json',
      record: { topic: 't', partition: 0, offset: 3 },
    });
    expect([log.errorCount('CSAS_1'), log.errorCount('CSAS_2'), log.errorCount('nope'), log.errorCount()]).toEqual([1, 1, 0, 3]);
    expect(seen.map((e) => e.message)).toEqual(['bad json', 'divide by zero', 'no query']);
    expect(log.recent('CSAS_2').map((e) => e.time)).toEqual([5]);
  });

  it('keeps only the last entries but counts them all', () => {
    const log = new DefaultProcessingLog({ capacity: 2 });
    for (let i = 0; i < 5; i++) log.error({ queryId: 'q', errorType: 'SERIALIZATION_ERROR', message: `m${i}` });
    expect(log.recent().map((e) => e.message)).toEqual(['m3', 'm4']);
    expect(log.errorCount('q')).toBe(5);
  });

  it('survives a throwing sink', () => {
    const log = new DefaultProcessingLog({ sink: () => { throw new Error('down'); } });
    expect(() => log.error({ errorType: 'PRODUCTION_ERROR', message: 'x' })).not.toThrow();
    expect(log.sinkFailures).toBe(1);
    expect(errorMessage(new Error('boom'))).toBe('boom');
    expect(errorMessage('plain')).toBe('plain');
  });
});
