/**
 * The aggregation benchmarks of the tables issue and the join benchmarks of the joins issue, each
 * scenario in a child process so its peak RSS is its own. Live runs on the embedded log are slow
 * enough to get a smaller N by default; `BENCH_FULL=1` runs them on the full counts.
 * `BENCH_ONLY=streamTable,tumbling` runs only the scenarios whose names contain one of the terms.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { AGG_SCENARIOS, JOIN_SCENARIOS, RESULT_PREFIX, type AggScenario, type JoinScenario } from './agg-scenario.ts';
import type { Measurement } from './timing.ts';

export const AGG_EVENTS = 1_000_000;
export const AGG_KEYS = 10_000;
/** Stream events against a table of JOIN_TABLE_ROWS rows; for the stream-stream join, both sides together. */
export const JOIN_EVENTS = 1_000_000;
export const JOIN_TABLE_ROWS = 100_000;
/** The stream-stream join's key space: a key recurs every 50 s of event time, outside the window. */
export const JOIN_KEYS = 50_000;
const FULL = process.env.BENCH_FULL === '1';
const LIVE_EVENTS = FULL ? AGG_EVENTS : 200_000;
const JOIN_LIVE_EVENTS = FULL ? JOIN_EVENTS : 200_000;
const SCENARIO = fileURLToPath(new URL('./agg-scenario.ts', import.meta.url));
/** The terms of `BENCH_ONLY` (comma-separated), or undefined to run everything. */
const ONLY = process.env.BENCH_ONLY?.split(',').map((t) => t.trim()).filter((t) => t !== '');

/** Whether the benchmark (section or scenario) named `name` is selected by `BENCH_ONLY`. */
export function benchSelected(name: string): boolean {
  return ONLY === undefined || ONLY.length === 0 || ONLY.some((t) => name.toLowerCase().includes(t.toLowerCase()));
}

export function runAggScenarios(): Measurement[] {
  return AGG_SCENARIOS.filter(benchSelected).flatMap((s) => runScenario(s, s.endsWith('-live') ? LIVE_EVENTS : AGG_EVENTS, AGG_KEYS));
}

export function runJoinScenarios(): Measurement[] {
  return JOIN_SCENARIOS.filter(benchSelected).flatMap((s) => runScenario(s, s.endsWith('-live') ? JOIN_LIVE_EVENTS : JOIN_EVENTS, s.startsWith('streamTable') ? JOIN_TABLE_ROWS : JOIN_KEYS));
}

function runScenario(scenario: AggScenario | JoinScenario, events: number, keys: number): Measurement[] {
  const child = spawnSync(process.execPath, ['--import', 'tsx', SCENARIO, scenario, String(events), String(keys)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const line = child.stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
  if (child.status !== 0 || line === undefined) throw new Error(`bench scenario ${scenario} failed:\n${child.stdout}\n${child.stderr}`);
  return JSON.parse(line.slice(RESULT_PREFIX.length)) as Measurement[];
}
