/**
 * One aggregation or join benchmark in its own process, so its peak memory is its own: run by
 * `run.ts` as `node --import tsx bench/agg-scenario.ts <scenario> <events> <keys>`; prints one
 * RESULT line. For the stream-table join `keys` is the table's row count, for the stream-stream
 * join the key space of the left stream.
 */
import { benchAggLive, benchQueryLive } from './agg-live-bench.ts';
import { benchAggManual, benchQueryManual } from './agg-manual-bench.ts';
import { benchAggSerde } from './agg-serde-bench.ts';
import { AGG_QUERIES, AggEvents } from './agg-workload.ts';
import { JOIN_QUERIES, JoinEvents } from './join-workload.ts';
import type { Measurement } from './timing.ts';

export const AGG_SCENARIOS = ['serde', 'tumbling-manual', 'groupBy-manual', 'tumbling-live', 'groupBy-live'] as const;
export const JOIN_SCENARIOS = ['streamTable-manual', 'streamTable-live', 'streamStream-manual', 'streamStream-live'] as const;
export type AggScenario = (typeof AGG_SCENARIOS)[number];
export type JoinScenario = (typeof JOIN_SCENARIOS)[number];

export const RESULT_PREFIX = 'RESULT ';

async function runScenario(scenario: AggScenario | JoinScenario, count: number, keys: number): Promise<Measurement[]> {
  const events = (): AggEvents => AggEvents.generate(count, keys);
  switch (scenario) {
    case 'serde':
      return [await benchAggSerde(events())];
    case 'tumbling-manual':
      return [await benchAggManual(AGG_QUERIES.tumbling, events())];
    case 'groupBy-manual':
      return [await benchAggManual(AGG_QUERIES.groupBy, events())];
    case 'tumbling-live':
      return benchAggLive(AGG_QUERIES.tumbling, events());
    case 'groupBy-live':
      return benchAggLive(AGG_QUERIES.groupBy, events());
    case 'streamTable-manual':
      return [await benchQueryManual(JOIN_QUERIES.streamTable, JoinEvents.stream(count, keys), JoinEvents.table(keys))];
    case 'streamTable-live':
      return benchQueryLive(JOIN_QUERIES.streamTable, JoinEvents.stream(count, keys), JoinEvents.table(keys));
    case 'streamStream-manual':
      return [await benchQueryManual(JOIN_QUERIES.streamStream, JoinEvents.twoStreams(count, keys))];
    case 'streamStream-live':
      return benchQueryLive(JOIN_QUERIES.streamStream, JoinEvents.twoStreams(count, keys));
  }
}

const [scenario, count, keys] = process.argv.slice(2);
if (scenario !== undefined && import.meta.url.endsWith(process.argv[1] ?? '')) {
  if (![...AGG_SCENARIOS, ...JOIN_SCENARIOS].includes(scenario as AggScenario)) throw new Error(`unknown scenario ${scenario}`);
  const results = await runScenario(scenario as AggScenario | JoinScenario, Number(count), Number(keys));
  console.log(RESULT_PREFIX + JSON.stringify(results));
}
