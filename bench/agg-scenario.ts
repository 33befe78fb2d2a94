/**
 * One aggregation benchmark in its own process, so its peak memory is its own: run by `run.ts` as
 * `node --import tsx bench/agg-scenario.ts <scenario> <events> <keys>`; prints one RESULT line.
 */
import { benchAggLive } from './agg-live-bench.ts';
import { benchAggManual } from './agg-manual-bench.ts';
import { benchAggSerde } from './agg-serde-bench.ts';
import { AGG_QUERIES, AggEvents } from './agg-workload.ts';
import type { Measurement } from './timing.ts';

export const AGG_SCENARIOS = ['serde', 'tumbling-manual', 'groupBy-manual', 'tumbling-live', 'groupBy-live'] as const;
export type AggScenario = (typeof AGG_SCENARIOS)[number];

export const RESULT_PREFIX = 'RESULT ';

async function runScenario(scenario: AggScenario, events: AggEvents): Promise<Measurement[]> {
  switch (scenario) {
    case 'serde':
      return [await benchAggSerde(events)];
    case 'tumbling-manual':
      return [await benchAggManual(AGG_QUERIES.tumbling, events)];
    case 'groupBy-manual':
      return [await benchAggManual(AGG_QUERIES.groupBy, events)];
    case 'tumbling-live':
      return benchAggLive(AGG_QUERIES.tumbling, events);
    case 'groupBy-live':
      return benchAggLive(AGG_QUERIES.groupBy, events);
  }
}

const [scenario, count, keys] = process.argv.slice(2);
if (scenario !== undefined && import.meta.url.endsWith(process.argv[1] ?? '')) {
  if (!(AGG_SCENARIOS as readonly string[]).includes(scenario)) throw new Error(`unknown scenario ${scenario}`);
  const events = AggEvents.generate(Number(count), Number(keys));
  const results = await runScenario(scenario as AggScenario, events);
  console.log(RESULT_PREFIX + JSON.stringify(results));
}
