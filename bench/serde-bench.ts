/** (c) JSON value serde alone: decode every record, then encode every decoded row. */
import { measure, type Measurement } from './timing.ts';
import { valueSerde, type Workload } from './workload.ts';

export async function benchSerde(workload: Workload): Promise<Measurement[]> {
  const serde = valueSerde();
  const bytes = workload.records.map((r) => r.value);
  // Decoded up front so the decode pass below keeps nothing alive (no old-generation GC in it).
  const rows = bytes.map((b) => serde.deserialize(b));
  let sink = 0;
  const decode = (): void => {
    for (let i = 0; i < bytes.length; i++) sink += serde.deserialize(bytes[i]!)?.length ?? 0;
  };
  const encode = (): void => {
    for (let i = 0; i < rows.length; i++) sink += serde.serialize(rows[i]!)?.length ?? 0;
  };
  decode();
  encode();
  const results = [await measure('(c) JSON decode', bytes.length, decode), await measure('(c) JSON encode', rows.length, encode)];
  if (sink === 0) throw new Error('the serde produced nothing');
  return results;
}
