import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runServer } from '../../bin/server-command.ts';
import { FakeEngine } from './fake-engine.ts';
import { waitFor } from './harness.ts';

const created: { config: { dataDir: string; properties?: Record<string, string> }; engine: FakeEngine }[] = [];

async function createEngine(config: { dataDir: string; properties?: Record<string, string> }): Promise<FakeEngine> {
  const engine = new FakeEngine();
  created.push({ config, engine });
  return engine;
}



describe('tributary server', () => {
  afterEach(() => vi.restoreAllMocks());

  it('reads the config, runs the queries file, serves, and shuts down on SIGINT', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tributary-'));
    const config = join(dir, 'server.properties');
    await writeFile(config, 'ksql.service.id=svc_\nlisteners=http://127.0.0.1:0\n');
    const queries = join(dir, 'queries.sql');
    await writeFile(queries, "CREATE STREAM s (id INT) WITH (kafka_topic='s');\n");
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    const done = runServer({ config, queriesFile: queries, dataDir: join(dir, 'data') }, createEngine);
    await waitFor(() => lines.some((l) => l.startsWith('Tributary server listening')));
    const listening = lines.find((l) => l.startsWith('Tributary server listening'))!;
    expect(listening).toMatch(new RegExp(`^Tributary server listening on http://127\\.0\\.0\\.1:\\d+ \\(embedded log in ${dir}/data\\)$`));
    const url = /on (\S+)/.exec(listening)![1]!;
    expect((await fetch(`${url}/info`)).status).toBe(200);
    const { config: engineConfig, engine } = created.at(-1)!;
    expect(engineConfig.properties?.['ksql.service.id']).toBe('svc_');
    expect(engine.executed[0]?.sql).toContain('CREATE STREAM s');
    process.emit('SIGINT', 'SIGINT');
    expect(await done).toBe(0);
    expect(engine.closed).toBe(true);
    await expect(fetch(`${url}/info`)).rejects.toThrow();
  });

  it('reports a failing queries file with its caret and exits 1', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tributary-'));
    const queries = join(dir, 'bad.sql');
    await writeFile(queries, 'SELEC 1;');
    const errors: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));
    expect(await runServer({ queriesFile: queries, port: 0, host: '127.0.0.1', dataDir: dir }, createEngine)).toBe(1);
    expect(errors.join('\n')).toContain("line 1:1: mismatched input 'SELEC'\nSELEC 1;\n^^^^^");
    expect(created.at(-1)!.engine.closed).toBe(true);
  });
});
