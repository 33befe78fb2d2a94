/**
 * An aggregation in process: the CTAS topology driven record by record through the manual host,
 * as the conformance driver does (memory state, no I/O). Outputs are encoded by the sink.
 */
import { KsqlEngine } from '../engine/ksql-engine.ts';
import { ManualQueryHost } from '../engine/manual-host.ts';
import { createDefaultRegistry } from '../functions/index.ts';
import { MemoryLog } from '../runtime/log/memory-log.ts';
import { DefaultProcessingLog } from '../runtime/log/processing-log.ts';
import { AGG_DDL, AGG_TOPIC, type AggEvents, type AggQuery } from './agg-workload.ts';
import { PeakMemory } from './memory.ts';
import { measure, type Measurement } from './timing.ts';

export async function benchAggManual(query: AggQuery, events: AggEvents): Promise<Measurement> {
  const registry = createDefaultRegistry();
  const processingLog = new DefaultProcessingLog();
  let emitted = 0;
  const host = new ManualQueryHost(registry, processingLog, () => void emitted++);
  const engine = new KsqlEngine({ log: new MemoryLog(), registry, processingLog, serviceId: 'bench_', host, autoCreateTopics: true });
  await engine.executeScript(`${AGG_DDL}\n${query.sql}`, engine.newSession());
  const handler = [...host.topologies.values()][0]?.topology.sources.get(AGG_TOPIC);
  if (!handler) throw new Error('the benchmark query did not start');
  const memory = new PeakMemory();
  const result = await measure(`${query.name}, in process (manual host)`, events.count, () => {
    for (let i = 0; i < events.count; i++) {
      handler(events.stored(i));
      if (i % 10_000 === 0) memory.sample();
    }
  });
  const peakRssMb = memory.stop();
  if (emitted !== events.count || processingLog.errorCount() > 0) {
    throw new Error(`${query.name} emitted ${emitted} of ${events.count} rows with ${processingLog.errorCount()} processing errors`);
  }
  return { ...result, peakRssMb, note: `RSS ${memory.startMb.toFixed(0)} MB at start` };
}
