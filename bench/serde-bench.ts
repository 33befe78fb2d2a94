/** (c) JSON value serde alone: decode every record, then encode every decoded row. */
import { measure, type Measurement } from './timing.ts';
import { valueSerde, type Workload } from './workload.ts';

export async function benchSerde(workload: Workload): Promise<Measurement[]> {
  const serde = valueSerde();
  const bytes = workload.records.map((r) => r.value);
  const rows: (unknown[] | null)[] = new Array<unknown[] | null>(bytes.length);
  const decode = (): void => {
    for (let i = 0; i < bytes.length; i++) rows[i] = serde.deserialize(bytes[i]!);
  };
  const encode = (): void => {
    for (let i = 0; i < rows.length; i++) serde.serialize(rows[i]!);
  };
  decode();
  encode();
  return [await measure('(c) JSON decode', bytes.length, decode), await measure('(c) JSON encode', rows.length, encode)];
}
