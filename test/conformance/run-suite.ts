import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { QttCase } from './case-model.ts';
import { type CaseResult, type RunOptions, type SessionFactory, runCase } from './run-case.ts';

const HERE = dirname(fileURLToPath(import.meta.url));

/** The repository root, from this file's location (so any cwd works). */
export const REPO_ROOT = resolve(HERE, '../..');
/** `../shared/ksql-conformance/qtt` relative to the repository root. */
export const DEFAULT_QTT_DIR = resolve(REPO_ROOT, '../shared/ksql-conformance/qtt');
export const BASELINE_FILE = resolve(HERE, 'baseline.txt');

/** Runs cases one after another (engine state is per case, so order does not matter). */
export async function runCases(
  cases: readonly QttCase[],
  createSession: SessionFactory,
  opts: RunOptions = {},
  onResult?: (r: CaseResult) => void,
): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const c of cases) {
    const r = await runCase(c, createSession, opts);
    results.push(r);
    onResult?.(r);
  }
  return results;
}

/** Case names in the baseline, one per line, exactly as written (some names end in a space); empty when absent. */
export function readBaseline(file = BASELINE_FILE): string[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => l !== '');
}

export function writeBaseline(results: readonly CaseResult[], file = BASELINE_FILE): number {
  const names = results.filter((r) => r.status === 'passed').map((r) => r.name).sort();
  writeFileSync(file, names.map((n) => `${n}\n`).join(''));
  return names.length;
}
