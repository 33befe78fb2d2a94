import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RQTT_DIR, loadRestCases, readRestBaseline, runRestCases } from './rest-suite.ts';

/**
 * The REST conformance gate: every case listed in rest-baseline.txt (written by
 * `npm run conformance -- --rest --write-baseline`) must still pass against a real server.
 */
const vectorsPresent = existsSync(DEFAULT_RQTT_DIR);

describe('RQTT conformance baseline', () => {
  if (!vectorsPresent) {
    it.skip(`skipped: ${DEFAULT_RQTT_DIR} is absent (ksqlDB conformance vectors not checked out)`, () => {});
    return;
  }

  it('still passes every case in rest-baseline.txt', { timeout: 290_000 }, async () => {
    const baseline = readRestBaseline();
    if (baseline.length === 0) return;
    const wanted = new Set(baseline);
    const cases = loadRestCases([DEFAULT_RQTT_DIR]).filter((c) => wanted.has(c.name));
    const found = new Set(cases.map((c) => c.name));
    const missing = baseline.filter((n) => !found.has(n));
    const results = await runRestCases(cases, { timeoutMs: 60_000 });
    const regressions = [
      ...missing.map((n) => `${n}\n    no longer exists in the vectors`),
      ...results.filter((r) => r.status === 'failed').map((r) => `${r.name}\n    ${r.reason ?? ''}`),
    ];
    expect(regressions, `${regressions.length} baseline case(s) regressed:\n${regressions.join('\n')}`).toEqual([]);
  });
});
