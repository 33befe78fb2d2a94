import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli-run.ts';
import { fakeFactory, layout } from './fake-session.ts';
import { DEFAULT_QTT_DIR } from './run-suite.ts';

const dir = mkdtempSync(join(tmpdir(), 'qtt-cli-'));
writeFileSync(
  join(dir, 'copy.json'),
  `{"tests": [
    {"name": "ok", "statements": ["CREATE STREAM S (K STRING KEY, V STRING) WITH (kafka_topic='input', value_format='JSON');"],
     "inputs": [{"topic": "input", "key": "a", "value": {"V": 1.10}}],
     "outputs": [{"topic": "OUTPUT", "key": "a", "value": {"V": 1.10}}]},
    {"name": "bad", "statements": ["x"], "inputs": [{"topic": "input", "key": "a", "value": {"V": 1}}],
     "outputs": [{"topic": "OUTPUT", "key": "a", "value": {"V": 2}}]}
  ]}`,
);
const l = layout('KAFKA', { kind: 'STRING' });
const fake = fakeFactory({
  layouts: { input: l, OUTPUT: l },
  process: (i) => [{ topic: 'OUTPUT', record: i }],
});

describe('runCli', () => {
  it('prints one line per file, failing cases when verbose, and the totals', async () => {
    const lines: string[] = [];
    const json = join(dir, 'out.json');
    await runCli(['--verbose', '--json', json, dir], async () => fake.create, (s) => lines.push(s));
    expect(lines).toEqual([
      'copy.json  1/2 passed',
      '  FAIL copy - bad\n       topic OUTPUT record 0: value.V expected 2 got 1 (int)',
      '1 passed, 1 failed',
    ]);
    const written = readFileSync(json, 'utf8');
    expect(written).toContain('"V": 1.10');
    expect(JSON.parse(written)).toHaveLength(2);
  });

  it('runs only cases whose name contains --filter', async () => {
    const lines: string[] = [];
    await runCli(['--filter', 'bad', dir], async () => fake.create, (s) => lines.push(s));
    expect(lines.at(-1)).toBe('0 passed, 1 failed');
  });

  it.runIf(existsSync(DEFAULT_QTT_DIR))('loads and runs every QTT vector against a failing session', async () => {
    const failing = fakeFactory({ executeError: { ksqlType: 'KsqlException', message: 'not implemented' } });
    const lines: string[] = [];
    const results = await runCli([], async () => failing.create, (s) => lines.push(s));
    expect(results).toHaveLength(1909);
    expect(lines.at(-1)).toMatch(/^\d+ passed, \d+ failed$/);
  });
});
