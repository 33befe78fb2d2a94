/**
 * (a) The per-record CPU path: the CSAS topology driven synchronously through the manual host over
 * a MemoryLog, as the conformance session does. No I/O, no awaits per record.
 */
import { KsqlEngine } from '../engine/ksql-engine.ts';
import { ManualQueryHost } from '../engine/manual-host.ts';
import { createDefaultRegistry } from '../functions/index.ts';
import type { StoredRecord } from '../runtime/log/log.ts';
import { MemoryLog } from '../runtime/log/memory-log.ts';
import { DefaultProcessingLog } from '../runtime/log/processing-log.ts';
import { measure, type Measurement } from './timing.ts';
import { QUERY, SOURCE_DDL, SOURCE_TOPIC, type Workload } from './workload.ts';

export async function benchManual(workload: Workload, warmup: number): Promise<Measurement> {
  const registry = createDefaultRegistry();
  const processingLog = new DefaultProcessingLog();
  let emitted = 0;
  const host = new ManualQueryHost(registry, processingLog, () => void emitted++);
  const engine = new KsqlEngine({ log: new MemoryLog(), registry, processingLog, serviceId: 'bench_', host, autoCreateTopics: true });
  await engine.executeScript(`${SOURCE_DDL}\n${QUERY}`, engine.newSession());
  const [running] = [...host.topologies.values()];
  const handler = running?.topology.sources.get(SOURCE_TOPIC);
  if (!handler) throw new Error('the benchmark query did not start');
  const stored: StoredRecord[] = workload.records.map((r, offset) => ({ ...r, topic: SOURCE_TOPIC, partition: 0, offset }));
  const feed = (records: readonly StoredRecord[]): void => {
    for (const r of records) handler(r);
  };
  feed(stored.slice(0, warmup));
  emitted = 0;
  const result = await measure('(a) CSAS, manual host, MemoryLog', stored.length, () => feed(stored));
  if (emitted !== workload.passing || processingLog.errorCount() > 0) {
    throw new Error(`manual run emitted ${emitted} of ${workload.passing} rows with ${processingLog.errorCount()} processing errors`);
  }
  return result;
}
