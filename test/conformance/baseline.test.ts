import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCases } from './load-cases.ts';
import { DEFAULT_QTT_DIR, readBaseline, runCases } from './run-suite.ts';
import { loadSessionFactory } from './session-factory.ts';

/**
 * The conformance gate: every case listed in baseline.txt (written by
 * `npm run conformance -- --write-baseline`) must still pass. Cases not listed are a score, not a gate.
 */
const vectorsPresent = existsSync(DEFAULT_QTT_DIR);

describe('QTT conformance baseline', () => {
  if (!vectorsPresent) {
    it.skip(`skipped: ${DEFAULT_QTT_DIR} is absent (ksqlDB conformance vectors not checked out)`, () => {});
    return;
  }

  it('still passes every case in baseline.txt', { timeout: 290_000 }, async () => {
    const baseline = readBaseline();
    if (baseline.length === 0) return;
    const wanted = new Set(baseline);
    const cases = loadCases([DEFAULT_QTT_DIR]).filter((c) => wanted.has(c.name));
    const found = new Set(cases.map((c) => c.name));
    const missing = baseline.filter((n) => !found.has(n));
    const results = await runCases(cases, await loadSessionFactory(), { timeoutMs: 10_000 });
    const regressions = [
      ...missing.map((n) => `${n}\n    no longer exists in the vectors`),
      ...results.filter((r) => r.status === 'failed').map((r) => `${r.name}\n    ${r.reason ?? ''}`),
    ];
    expect(regressions, `${regressions.length} baseline case(s) regressed:\n${regressions.join('\n')}`).toEqual([]);
  });
});
