/**
 * `npm run conformance -- --rest [--json FILE] [--verbose] [--filter TEXT] [--write-baseline] [paths...]`:
 * ksqlDB's RQTT vectors against a real Tributary server, one line per file, then `N passed, M failed`.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCli } from './cli-run.ts';
import { toJsonText } from './json-text.ts';
import { listCaseFiles } from './load-cases.ts';
import { type RestCase, loadRestCaseFile } from './rest-case.ts';
import { type RestCaseResult, type RestRunOptions, runRestCase } from './rest-run-case.ts';
import { DEFAULT_QTT_DIR, REPO_ROOT } from './run-suite.ts';

const HERE = dirname(fileURLToPath(import.meta.url));

/** `../shared/ksql-conformance/rqtt` relative to the repository root. */
export const DEFAULT_RQTT_DIR = resolve(REPO_ROOT, '../shared/ksql-conformance/rqtt');
export const REST_BASELINE_FILE = resolve(HERE, 'rest-baseline.txt');

type Log = (line: string) => void;

export async function runRestCases(cases: readonly RestCase[], opts: RestRunOptions = {}): Promise<RestCaseResult[]> {
  const results: RestCaseResult[] = [];
  for (const c of cases) results.push(await runRestCase(c, opts));
  return results;
}

export function loadRestCases(paths: readonly string[]): RestCase[] {
  return listCaseFiles(paths).flatMap(loadRestCaseFile);
}

/** Runs the REST vectors; `argv` as for the query runner, without `--rest`. */
export async function runRestCli(argv: readonly string[], log: Log = console.log): Promise<RestCaseResult[]> {
  const opts = parseCli(argv);
  // parseCli defaults to the QTT vectors; without paths the REST runner reads the RQTT ones.
  const paths = opts.paths.length === 1 && opts.paths[0] === DEFAULT_QTT_DIR ? [DEFAULT_RQTT_DIR] : opts.paths;
  const timeoutMs = argv.includes('--timeout') ? opts.timeoutMs : 60_000;
  const results: RestCaseResult[] = [];
  for (const file of listCaseFiles(paths)) {
    let cases: RestCase[];
    try {
      cases = loadRestCaseFile(file);
    } catch (e) {
      log(`${basename(file)}  load error: ${e instanceof Error ? e.message : String(e)}`);
      continue;
    }
    const filter = opts.filter;
    const selected = filter === undefined ? cases : cases.filter((c) => c.name.includes(filter));
    if (selected.length === 0) continue;
    const fileResults = await runRestCases(selected, { timeoutMs });
    const passed = fileResults.filter((r) => r.status === 'passed').length;
    log(`${basename(file)}  ${passed}/${fileResults.length} passed`);
    if (opts.verbose) {
      for (const r of fileResults) if (r.status === 'failed') log(`  FAIL ${r.name}\n       ${r.reason ?? ''}`);
    }
    results.push(...fileResults);
  }
  const passed = results.filter((r) => r.status === 'passed').length;
  if (opts.json !== undefined) writeFileSync(opts.json, `${toJsonText(results, 2)}\n`);
  if (opts.writeBaseline) {
    const names = results.filter((r) => r.status === 'passed').map((r) => r.name).sort();
    writeFileSync(REST_BASELINE_FILE, names.map((n) => `${n}\n`).join(''));
    log(`wrote ${names.length} passing case names to ${REST_BASELINE_FILE}`);
  }
  log(`${passed} passed, ${results.length - passed} failed`);
  return results;
}

export function readRestBaseline(file = REST_BASELINE_FILE): string[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => l !== '');
}
