/**
 * `npm run bench`: throughput of the stateless CSAS path (in memory and live on the embedded log)
 * and of the JSON serde alone, then the aggregation benchmarks (tumbling COUNT and GROUP BY, in
 * process and live, with peak memory) and the join benchmarks (stream-table and stream-stream, in
 * process and live, with peak memory). Fixed N, prints tables. No assertions on timing: a run
 * fails only when a pass produced the wrong number of rows.
 *
 * Last, the Nexmark section (nexmark-run.ts): Nexmark-style queries over a real Kafka broker
 * against the Kafka client's own ceiling.
 *
 * `BENCH_ONLY=term[,term...]` runs only the scenarios whose names contain a term (e.g.
 * `streamTable`, `tumbling-live`, `manual`, `nexmark`, `q1`); the stateless section runs when a
 * term matches `stateless`.
 */
import { AGG_EVENTS, AGG_KEYS, benchSelected, JOIN_EVENTS, JOIN_KEYS, JOIN_TABLE_ROWS, runAggScenarios, runJoinScenarios } from './agg-run.ts';
import { AGG_SCENARIOS, JOIN_SCENARIOS } from './agg-scenario.ts';
import { benchEmbedded } from './embedded-bench.ts';
import { benchManual } from './manual-bench.ts';
import { NEXMARK_SCENARIOS, runNexmark } from './nexmark-run.ts';
import { benchSerde } from './serde-bench.ts';
import { renderTable, type Measurement } from './timing.ts';
import { makeWorkload } from './workload.ts';

const IN_MEMORY_N = 200_000;
const EMBEDDED_N = 100_000;

if (benchSelected('stateless')) {
  const inMemory = makeWorkload(IN_MEMORY_N);
  const rows: Measurement[] = [];
  rows.push(await benchManual(inMemory, 50_000));
  rows.push(...(await benchEmbedded(makeWorkload(EMBEDDED_N), makeWorkload(20_000))));
  rows.push(...(await benchSerde(inMemory)));
  console.log(`Node ${process.version}, ${process.arch}; stateless CSAS = WHERE + UCASE + CONCAT + arithmetic, JSON in/out\n`);
  console.log(renderTable(rows));
}
if (AGG_SCENARIOS.some(benchSelected)) {
  console.log(`\nAggregations: JSON events over ${AGG_KEYS.toLocaleString('en-US')} keys, one per ms of event time; each row in its own process`);
  console.log('Targets: tumbling COUNT >= 250,000/s in process, >= 100,000/s live on the embedded log; peak RSS < 512 MB\n');
  console.log(renderTable(runAggScenarios()));
  console.log(`\n(in process: ${AGG_EVENTS.toLocaleString('en-US')} events; live: BENCH_FULL=1 for the full million)`);
}
if (JOIN_SCENARIOS.some(benchSelected)) {
  const n = (v: number): string => v.toLocaleString('en-US');
  console.log(`\nJoins: stream-table = JSON stream events (one per ms) against a ${n(JOIN_TABLE_ROWS)}-row table loaded first, every event matching;`);
  console.log(`stream-stream = L and R interleaved, IDs over ${n(JOIN_KEYS)} keys, 9 in 10 right events 500 ms after their left partner; each row in its own process`);
  console.log('Targets: stream-table JOIN >= 200,000/s in process, >= 80,000/s live on the embedded log\n');
  console.log(renderTable(runJoinScenarios()));
  console.log(`\n(in process: ${n(JOIN_EVENTS)} events, stream-stream ${n(JOIN_EVENTS / 2)} per side; live: BENCH_FULL=1 for the full counts)`);
}
if (NEXMARK_SCENARIOS.some(benchSelected)) await runNexmark();
