import { writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { listCaseFiles, loadCaseFile } from './load-cases.ts';
import { toJsonText } from './json-text.ts';
import type { CaseResult, SessionFactory } from './run-case.ts';
import { BASELINE_FILE, DEFAULT_QTT_DIR, runCases, writeBaseline } from './run-suite.ts';

export interface CliOptions {
  readonly paths: string[];
  readonly json?: string;
  readonly verbose: boolean;
  readonly filter?: string;
  readonly writeBaseline: boolean;
  readonly timeoutMs: number;
}

export function parseCli(argv: readonly string[]): CliOptions {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      json: { type: 'string' },
      verbose: { type: 'boolean', short: 'v', default: false },
      filter: { type: 'string' },
      'write-baseline': { type: 'boolean', default: false },
      timeout: { type: 'string' },
    },
  });
  return {
    paths: positionals.length > 0 ? positionals.map((p) => resolve(p)) : [DEFAULT_QTT_DIR],
    ...(values.json !== undefined ? { json: resolve(values.json) } : {}),
    verbose: values.verbose ?? false,
    ...(values.filter !== undefined ? { filter: values.filter } : {}),
    writeBaseline: values['write-baseline'] ?? false,
    timeoutMs: values.timeout !== undefined ? Number(values.timeout) : 10_000,
  };
}

type Log = (line: string) => void;

async function runFile(file: string, opts: CliOptions, createSession: SessionFactory, log: Log): Promise<CaseResult[]> {
  let cases;
  try {
    cases = loadCaseFile(file);
  } catch (e) {
    log(`${basename(file)}  load error: ${e instanceof Error ? e.message : String(e)}`);
    return [];
  }
  const filter = opts.filter;
  const selected = filter === undefined ? cases : cases.filter((c) => c.name.includes(filter));
  if (selected.length === 0) return [];
  const results = await runCases(selected, createSession, { timeoutMs: opts.timeoutMs });
  const passed = results.filter((r) => r.status === 'passed').length;
  log(`${basename(file)}  ${passed}/${results.length} passed`);
  if (opts.verbose) {
    for (const r of results) if (r.status === 'failed') log(`  FAIL ${r.name}\n       ${r.reason ?? ''}`);
  }
  return results;
}

/** Runs the CLI with a session factory; returns the results it counted. */
export async function runCli(
  argv: readonly string[],
  loadFactory: () => Promise<SessionFactory>,
  log: Log = console.log,
): Promise<readonly Pick<CaseResult, 'name' | 'status'>[]> {
  // `--rest`: ksqlDB's REST vectors against a real server (rest-suite.ts), loaded only when asked for.
  if (argv.includes('--rest')) return (await import('./rest-suite.ts')).runRestCli(argv.filter((a) => a !== '--rest'), log);
  const opts = parseCli(argv);
  const createSession = await loadFactory();
  const results: CaseResult[] = [];
  for (const file of listCaseFiles(opts.paths)) results.push(...(await runFile(file, opts, createSession, log)));
  const passed = results.filter((r) => r.status === 'passed').length;
  if (opts.json !== undefined) writeFileSync(opts.json, `${toJsonText(results, 2)}\n`);
  if (opts.writeBaseline) {
    const n = writeBaseline(results);
    log(`wrote ${n} passing case names to ${BASELINE_FILE}`);
  }
  log(`${passed} passed, ${results.length - passed} failed`);
  return results;
}
