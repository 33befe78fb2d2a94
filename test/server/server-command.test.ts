import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runServer } from '../../bin/server-command.ts';
import { FakeEngine } from './fake-engine.ts';
import { waitFor } from './harness.ts';
import { hasOpenssl, httpsGet, makeCertificates } from './test-certs.ts';

type EngineConfig = { dataDir: string; properties?: Record<string, string>; queries?: string };
const created: { config: EngineConfig; engine: FakeEngine }[] = [];

async function createEngine(config: EngineConfig): Promise<FakeEngine> {
  const engine = new FakeEngine();
  created.push({ config, engine });
  return engine;
}

const DEPLOY = "CREATE STREAM s (id INT) WITH (kafka_topic='s', value_format='JSON');\nCREATE STREAM t AS SELECT * FROM s;\n";

/** Starts `runServer` and resolves once it listens, with its URL and everything it logged. */
async function start(args: Parameters<typeof runServer>[0]): Promise<{ done: Promise<number>; url: string; lines: string[] }> {
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
  const done = runServer(args, createEngine);
  await waitFor(() => lines.some((l) => l.startsWith('Tributary server listening')));
  const url = /on (\S+)/.exec(lines.find((l) => l.startsWith('Tributary server listening'))!)![1]!;
  return { done, url, lines };
}

describe('tributary server', () => {
  afterEach(() => vi.restoreAllMocks());

  it('reads the config, serves, and shuts down on SIGINT', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tributary-'));
    const config = join(dir, 'server.properties');
    await writeFile(config, 'ksql.service.id=svc_\nlisteners=http://127.0.0.1:0\n');
    const { done, url, lines } = await start({ config, dataDir: join(dir, 'data') });
    expect(lines[0]).toMatch(new RegExp(`^Tributary server listening on http://127\\.0\\.0\\.1:\\d+ \\(embedded log in ${dir}/data\\)$`));
    expect((await fetch(`${url}/info`)).status).toBe(200);
    const { config: engineConfig, engine } = created.at(-1)!;
    expect(engineConfig.properties?.['ksql.service.id']).toBe('svc_');
    expect(engineConfig.queries).toBeUndefined();
    process.emit('SIGINT', 'SIGINT');
    expect(await done).toBe(0);
    expect(engine.closed).toBe(true);
    await expect(fetch(`${url}/info`)).rejects.toThrow();
  });

  it('with a queries file runs headless: the engine gets the file, /ksql refuses statements', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tributary-'));
    const queriesFile = join(dir, 'deploy.sql');
    await writeFile(queriesFile, DEPLOY);
    const { done, url, lines } = await start({ queriesFile, port: 0, host: '127.0.0.1', dataDir: dir });
    expect(lines).toContain(`Headless mode: running the queries of ${queriesFile}. Interactive mode is disabled.`);
    const { config, engine } = created.at(-1)!;
    expect(config.queries).toBe(DEPLOY);
    const refused = await fetch(`${url}/ksql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ksql: 'SHOW STREAMS;' }) });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({
      '@type': 'generic_error',
      error_code: 40000,
      message: `This server runs in headless mode from the queries file ${queriesFile}: interactive mode is disabled and the REST API accepts no statements. To change what the server runs, edit the queries file and restart the server.`,
    });
    expect(engine.executed).toEqual([]);
    expect((await fetch(`${url}/info`)).status).toBe(200);
    expect((await fetch(`${url}/healthcheck`)).status).toBe(200);
    process.emit('SIGTERM', 'SIGTERM');
    expect(await done).toBe(0);
  });

  it('takes the queries file from ksql.queries.file in the config too', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tributary-'));
    await writeFile(join(dir, 'deploy.sql'), DEPLOY);
    const config = join(dir, 'server.properties');
    await writeFile(config, `ksql.queries.file=${join(dir, 'deploy.sql')}\nlisteners=http://127.0.0.1:0\n`);
    const { done } = await start({ config, dataDir: dir });
    expect(created.at(-1)!.config.queries).toBe(DEPLOY);
    process.emit('SIGINT', 'SIGINT');
    expect(await done).toBe(0);
  });

  it.each([
    ['SELEC 1;', "deploy.sql, statement at line 1:\nline 1:1: Syntax Error\nUnknown statement 'SELEC'", 'SELEC 1\n^^^^^'],
    [`${DEPLOY}\nDROP STREAM t;`, 'deploy.sql, statement at line 4:\nline 1:1: Unsupported statement. Only these statements can run in headless mode: SET, UNSET, CREATE STREAM, CREATE TABLE', 'DROP STREAM t\n^^^^^^^^^^^^^'],
    ["CREATE STREAM s (id INT) WITH (kafka_topic='s', value_format='JSON');", "deploy.sql does not contain any persistent queries, i.e. no 'INSERT INTO'", ''],
  ])('refuses a queries file it cannot run headless before starting an engine: %s', async (sql, message, caret) => {
    const dir = await mkdtemp(join(tmpdir(), 'tributary-'));
    const queriesFile = join(dir, 'deploy.sql');
    await writeFile(queriesFile, sql);
    const errors: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));
    const before = created.length;
    expect(await runServer({ queriesFile, port: 0, host: '127.0.0.1', dataDir: dir }, createEngine)).toBe(1);
    expect(errors.join('\n')).toContain(`${dir}/${message}`);
    expect(errors.join('\n')).toContain(caret);
    expect(created.length).toBe(before);
  });

  it('reports a statement of the file that fails in the engine with its caret and exits 1', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tributary-'));
    const queriesFile = join(dir, 'deploy.sql');
    await writeFile(queriesFile, DEPLOY);
    const errors: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));
    const failing = async (): Promise<FakeEngine> => {
      const { AnalysisError } = await import('../../common/errors.ts');
      const e = new AnalysisError("Can't find any source by name 'S'", { line: 1, col: 35, offset: 34, length: 1 } as never);
      e.statementText = 'CREATE STREAM t AS SELECT * FROM s;';
      throw e;
    };
    expect(await runServer({ queriesFile, port: 0, host: '127.0.0.1', dataDir: dir }, failing)).toBe(1);
    expect(errors.join('\n')).toContain(`Could not run ${queriesFile}:\nline 1:35: Can't find any source by name 'S'`);
  });

  it.skipIf(!hasOpenssl)('serves HTTPS with basic authentication from the properties file', async () => {
    const cert = makeCertificates();
    const dir = await mkdtemp(join(tmpdir(), 'tributary-'));
    await writeFile(join(dir, 'users'), 'harry: changeme,developer\n');
    const config = join(dir, 'server.properties');
    const settings = [
      'listeners=https://127.0.0.1:0',
      `ssl.key.location=${cert('server.key')}`,
      `ssl.certificate.location=${cert('server.pem')}`,
      'authentication.method=BASIC',
      'authentication.realm=KsqlServer-Props',
      'authentication.roles=developer',
      `tributary.authentication.users.file=${join(dir, 'users')}`,
    ];
    await writeFile(config, settings.join('\n'));
    const { done, url } = await start({ config, dataDir: dir });
    expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const stranger = await httpsGet(`${url}/info`, cert('ca.pem'));
    expect(stranger.status).toBe(401);
    const harry = await httpsGet(`${url}/info`, cert('ca.pem'), { authorization: `Basic ${Buffer.from('harry:changeme').toString('base64')}` });
    expect(harry.status).toBe(200);
    expect((await httpsGet(`${url}/chc/ready`, cert('ca.pem'))).status).toBe(200);
    process.emit('SIGINT', 'SIGINT');
    expect(await done).toBe(0);
  });

  it('says that it listens on the first of several listeners only', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tributary-'));
    const config = join(dir, 'server.properties');
    await writeFile(config, 'listeners=http://127.0.0.1:0,https://127.0.0.1:8443\n');
    const errors: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));
    const { done, url } = await start({ config, dataDir: dir });
    expect(url).toMatch(/^http:\/\//);
    expect(errors).toContain('Warning: Tributary listens on the first of the listeners only, http://127.0.0.1:0; not on https://127.0.0.1:8443.');
    process.emit('SIGINT', 'SIGINT');
    expect(await done).toBe(0);
  });

  it('refuses unusable security settings before starting an engine', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tributary-'));
    const config = join(dir, 'server.properties');
    await writeFile(config, 'listeners=https://127.0.0.1:0\nauthentication.method=BASIC\ntributary.authentication.users.file=/nonexistent/users\n');
    const errors: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));
    const before = created.length;
    expect(await runServer({ config, dataDir: dir }, createEngine)).toBe(1);
    expect(errors.join('\n')).toMatch(/Could not read the users file \/nonexistent\/users/);
    expect(created.length).toBe(before);
  });
});
