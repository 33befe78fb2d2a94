/**
 * The aggregation benchmarks of the tables issue, each scenario in a child process so its peak
 * RSS is its own. Live runs on the embedded log are slow enough to get a smaller N by default;
 * `BENCH_FULL=1` runs them on the full million.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { AGG_SCENARIOS, RESULT_PREFIX, type AggScenario } from './agg-scenario.ts';
import type { Measurement } from './timing.ts';

export const AGG_EVENTS = 1_000_000;
export const AGG_KEYS = 10_000;
const LIVE_EVENTS = process.env.BENCH_FULL === '1' ? AGG_EVENTS : 200_000;
const SCENARIO = fileURLToPath(new URL('./agg-scenario.ts', import.meta.url));

export function runAggScenarios(): Measurement[] {
  return AGG_SCENARIOS.flatMap((s) => runScenario(s, s.endsWith('-live') ? LIVE_EVENTS : AGG_EVENTS));
}

function runScenario(scenario: AggScenario, events: number): Measurement[] {
  const child = spawnSync(process.execPath, ['--import', 'tsx', SCENARIO, scenario, String(events), String(AGG_KEYS)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const line = child.stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
  if (child.status !== 0 || line === undefined) throw new Error(`bench scenario ${scenario} failed:\n${child.stdout}\n${child.stderr}`);
  return JSON.parse(line.slice(RESULT_PREFIX.length)) as Measurement[];
}
