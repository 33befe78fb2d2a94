/**
 * `npm run conformance -- [--json FILE] [--verbose] [--filter TEXT] [--write-baseline] [paths...]`
 * Runs ksqlDB's QTT vectors against the engine and prints one line per file, then `N passed, M failed`.
 * With `--rest`, runs the REST vectors (RQTT) against a real server instead (rest-suite.ts).
 * The pass rate is a score, not a gate: the exit code is 0 unless the harness itself cannot start.
 */
import { runCli } from './cli-run.ts';
import { loadSessionFactory } from './session-factory.ts';

runCli(process.argv.slice(2), loadSessionFactory).then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(2);
  },
);
