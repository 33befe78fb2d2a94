/** The ceiling: decode every event's key and value, then encode them again, with the same serdes. */
import { aggKeySerde, aggValueSerde, type AggEvents } from './agg-workload.ts';
import { PeakMemory } from './memory.ts';
import { measure, type Measurement } from './timing.ts';

export async function benchAggSerde(events: AggEvents): Promise<Measurement> {
  const keys = aggKeySerde();
  const values = aggValueSerde();
  let bytes = 0;
  const memory = new PeakMemory();
  const result = await measure('JSON serde only: decode + encode (ceiling)', events.count, () => {
    for (let i = 0; i < events.count; i++) {
      const r = events.stored(i);
      bytes += keys.serialize(keys.deserialize(r.key))!.length + values.serialize(values.deserialize(r.value))!.length;
      if (i % 10_000 === 0) memory.sample();
    }
  });
  const peakRssMb = memory.stop();
  if (bytes === 0) throw new Error('the serde produced nothing');
  return { ...result, peakRssMb, note: `RSS ${memory.startMb.toFixed(0)} MB at start` };
}
