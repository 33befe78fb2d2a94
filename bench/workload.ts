/**
 * The benchmark workload: one JSON source stream and a stateless CSAS (filter plus a projection
 * calling a few functions), with N pre-encoded input records so encoding is not measured.
 */
import type { LogRecord } from '../runtime/log/log.ts';
import { createSerde, type RowSerde } from '../runtime/serde/index.ts';

export const SOURCE_DDL = "CREATE STREAM S (ID INT KEY, NAME STRING, CITY STRING, AMOUNT DOUBLE) WITH (KAFKA_TOPIC='s', PARTITIONS=1, VALUE_FORMAT='JSON');";
export const QUERY = "CREATE STREAM OUT AS SELECT ID, UCASE(NAME) AS UP, CONCAT(NAME, '@', CITY) AS TAG, AMOUNT * 2 AS DOUBLED FROM S WHERE AMOUNT >= 10;";
export const SOURCE_TOPIC = 's';
export const SINK_TOPIC = 'OUT';

export const keySerde = (): RowSerde => createSerde({ name: 'KAFKA' }, [{ name: 'ID', type: { kind: 'INTEGER' } }], { isKey: true });
export const valueSerde = (): RowSerde =>
  createSerde({ name: 'JSON' }, [
    { name: 'NAME', type: { kind: 'STRING' } },
    { name: 'CITY', type: { kind: 'STRING' } },
    { name: 'AMOUNT', type: { kind: 'DOUBLE' } },
  ], { isKey: false });

export interface Workload {
  readonly records: readonly LogRecord[];
  /** How many records pass `WHERE AMOUNT >= 10` (90%). */
  readonly passing: number;
}

export function makeWorkload(n: number): Workload {
  const keys = keySerde();
  const values = valueSerde();
  const records: LogRecord[] = [];
  let passing = 0;
  for (let i = 0; i < n; i++) {
    const amount = (i % 100) + 0.5;
    if (amount >= 10) passing++;
    records.push({
      key: keys.serialize([i]),
      value: values.serialize([`name-${i}`, `city-${i % 37}`, amount]),
      timestamp: 1_700_000_000_000 + i,
      headers: [],
    });
  }
  return { records, passing };
}
