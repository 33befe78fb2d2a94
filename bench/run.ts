/**
 * `npm run bench`: throughput of the stateless CSAS path (in memory and live on the embedded log)
 * and of the JSON serde alone. Fixed N, one warm-up pass each; prints a table. No assertions on
 * timing: a run fails only when a pass produced the wrong number of rows.
 */
import { benchEmbedded } from './embedded-bench.ts';
import { benchManual } from './manual-bench.ts';
import { benchSerde } from './serde-bench.ts';
import { renderTable, type Measurement } from './timing.ts';
import { makeWorkload } from './workload.ts';

const IN_MEMORY_N = 200_000;
const EMBEDDED_N = 100_000;

const inMemory = makeWorkload(IN_MEMORY_N);
const rows: Measurement[] = [];
rows.push(await benchManual(inMemory, 50_000));
rows.push(...(await benchEmbedded(makeWorkload(EMBEDDED_N), makeWorkload(20_000))));
rows.push(...(await benchSerde(inMemory)));
console.log(`Node ${process.version}, ${process.arch}; stateless CSAS = WHERE + UCASE + CONCAT + arithmetic, JSON in/out\n`);
console.log(renderTable(rows));
