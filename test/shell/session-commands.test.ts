import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Completion } from '../../shell/completion.ts';
import { KsqlClient } from '../../shell/http-client.ts';
import { ShellSession } from '../../shell/session.ts';
import { runShell } from '../../shell/shell.ts';
import { startHarness, type Harness } from '../server/harness.ts';

function capture(): PassThrough & { text: () => string; columns: number } {
  const out = Object.assign(new PassThrough(), { columns: 80 });
  let text = '';
  out.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return Object.assign(out, { text: () => text });
}

describe('shell commands: OUTPUT, RUN SCRIPT, SPOOL, variables', () => {
  let h: Harness;
  const dir = mkdtempSync(path.join(tmpdir(), 'tributary-shell-cmd-'));
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.server.close());

  const run = async (execute: string) => {
    const output = capture();
    const code = await runShell({ url: h.url, execute, output });
    return { code, text: output.text() };
  };

  it('OUTPUT JSON prints entities with their @type and rows as JSON lines, digits kept', async () => {
    const { code, text } = await run('OUTPUT JSON\nSHOW STREAMS;\nSELECT * FROM s;');
    expect(code).toBe(0);
    expect(text).toContain('Output format set to JSON\n');
    expect(text).toContain('"@type": "streams"');
    expect(text).toMatch(/^\{"header":\{"queryId":"[^"]+","columnNames":\["ID","V","TS","D"\]/m);
    expect(text).toContain('{"row":{"columns":[9223372036854775807,');
    expect(text).not.toContain(' Stream Name ');
  });

  it('RUN SCRIPT runs a file statement by statement and stops at the first failure', async () => {
    const script = path.join(dir, 'setup.sql');
    writeFileSync(script, "DEFINE topic = 'clicks';\nCREATE STREAM x (id INT) WITH (kafka_topic='${topic}');\nDROP STREAM nope;\nSHOW STREAMS;\n");
    const { code, text } = await run(`DEFINE dir = '${dir}';\nRUN SCRIPT '\${dir}/setup.sql';\nSHOW VARIABLES;`);
    expect(code).toBe(1);
    expect(text).toContain(' Stream created ');
    expect(text).toContain('Source NOPE does not exist.');
    expect(text).not.toContain(' Stream Name ');
    const create = h.engine.executed.find((e) => e.sql.startsWith('CREATE STREAM x'));
    expect(create?.options?.variables).toEqual({ dir, topic: 'clicks' });
  });

  it('SET CLI COLUMN-WIDTH and WRAP OFF lay query rows out narrower and cut long values', async () => {
    const { code, text } = await run('SET CLI COLUMN-WIDTH 12\nSET CLI WRAP OFF\nSELECT * FROM s;');
    expect(code).toBe(0);
    expect(text).toContain('Query columns are 12 characters wide.\nLong values in query rows are now cut short, ending in ...\n');
    expect(text).toContain('|ID          |V           |TS          |D           |\n');
    expect(text).toContain('|922337203...|a           |1970-01-0...|12.34       |\n');
  });

  it('RUN SCRIPT says which file it cannot read', async () => {
    const { code, text } = await run("RUN SCRIPT '/no/such/file.sql'");
    expect(code).toBe(1);
    expect(text).toMatch(/^Cannot run script '\/no\/such\/file.sql': ENOENT/);
  });

  it('SHOW VARIABLES lists what DEFINE set', async () => {
    const { text } = await run("DEFINE who = 'me';\nDEFINE gone = 'x';\nUNDEFINE GONE;\nSHOW VARIABLES;\nUNDEFINE gone;");
    expect(text).toMatch(/ Variable Name \| Value \n-+\n who +\| me +\n-+\n/);
    expect(text).toContain("WARNING: Cannot undefine variable 'gone' which was never defined");
  });

  it('SPOOL writes each command and its output to the file until SPOOL OFF', async () => {
    const file = path.join(dir, 'spool.log');
    const { code } = await run(`SPOOL '${file}';\nSHOW STREAMS;\nSELEC 1;\nSPOOL OFF;\nSHOW STREAMS;`);
    expect(code).toBe(1);
    const spooled = readFileSync(file, 'utf8');
    expect(spooled).toMatch(/^Spooling commands and their output to '.*spool\.log'; SPOOL OFF stops\.\ntributary> SHOW STREAMS;\n\n Stream Name /);
    expect(spooled).toContain("tributary> SELEC 1;\nline 1:1: mismatched input 'SELEC'\nSELEC 1;\n^^^^^\n");
    const { code: again } = await run(`SPOOL '${file}';\nSHOW STREAMS;\nSPOOL OFF;\nSHOW STREAMS;`);
    expect(again).toBe(0);
    const twice = readFileSync(file, 'utf8');
    expect(twice.startsWith(spooled)).toBe(true);
    expect(twice.slice(spooled.length)).toMatch(/^Spooling [^\n]+\ntributary> SHOW STREAMS;\n[^]+\ntributary> SPOOL OFF;\n$/);
  });

  it('takes --define and --output on the command line', async () => {
    const cwd = new URL('../..', import.meta.url).pathname;
    const args = ['bin/tributary.js', 'shell', h.url, '-d', 'who=me=you', '--output', 'json', '-e', 'SHOW VARIABLES;'];
    const { stdout } = await promisify(execFile)('node', args, { cwd });
    expect(JSON.parse(stdout)).toEqual([{ '@type': 'variables', variables: [{ name: 'who', value: 'me=you' }] }]);
    const bad = await promisify(execFile)('node', ['bin/tributary.js', 'shell', '--output', 'xml'], { cwd }).catch((e: unknown) => e);
    expect(bad).toMatchObject({ code: 2, stderr: "--output must be TABULAR or JSON, not 'xml'.\n" });
  });

  it('takes session properties from --config-file', async () => {
    const cwd = new URL('../..', import.meta.url).pathname;
    const config = path.join(dir, 'cli.properties');
    writeFileSync(config, '# session\nauto.offset.reset = earliest\nksql.streams.cache.max.bytes.buffering=0\n');
    await promisify(execFile)('node', ['bin/tributary.js', 'shell', h.url, '--config-file', config, '-e', 'LIST STREAMS;'], { cwd });
    const listed = h.engine.executed.find((e) => e.sql === 'LIST STREAMS;');
    expect(listed?.options?.properties).toEqual({ 'auto.offset.reset': 'earliest', 'ksql.streams.cache.max.bytes.buffering': '0' });
    const missing = await promisify(execFile)('node', ['bin/tributary.js', 'shell', '--config-file', '/no/such.properties'], { cwd }).catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringMatching(/^Cannot read --config-file \/no\/such.properties: ENOENT/) as unknown });
  });

  it('completes keywords in the case typed and names fetched from the server', async () => {
    const completion = new Completion(new KsqlClient(h.url));
    expect(completion.complete('DESCRIBE PAGE')).toEqual([[], 'PAGE']);
    await completion.refresh();
    expect(completion.complete('DESCRIBE PAGE')).toEqual([['PAGEVIEWS'], 'PAGE']);
    expect(completion.complete('describe cli')).toEqual([['clicks'], 'cli']);
    expect(completion.complete('sel')).toEqual([['select'], 'sel']);
    expect(completion.complete('SELECT * FROM s EMIT CHAN')).toEqual([['CHANGES'], 'CHAN']);
    expect(completion.complete('SELECT ')).toEqual([[], '']);
  });
});

describe('Ctrl-C while a statement waits for the server', () => {
  it('stops waiting, says the server may still run it, and reports failure', async () => {
    const server = createServer(() => undefined); // never answers
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const output = capture();
    const session = new ShellSession(new KsqlClient(url), output);
    const controller = new AbortController();
    server.once('request', () => controller.abort());
    try {
      expect(await session.run('CREATE STREAM slow (id INT) WITH (kafka_topic=\'slow\');', controller.signal)).toBe(false);
    } finally {
      server.closeAllConnections();
      server.close();
    }
    expect(output.text()).toBe('Interrupted while waiting for the server, which may still run the statement.\n');
  });
});

describe('KsqlClient credentials', () => {
  it('sends them as HTTP basic auth', async () => {
    const seen: IncomingHttpHeaders[] = [];
    const server = createServer((req, res) => {
      seen.push(req.headers);
      res.setHeader('content-type', 'application/json');
      res.end('[]');
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      await new KsqlClient(url, { credentials: { user: 'alice', password: 's3cret:x' } }).ksql('SHOW STREAMS;', { properties: {}, variables: {} });
      await new KsqlClient(url).ksql('SHOW STREAMS;', { properties: {}, variables: {} });
    } finally {
      server.close();
    }
    expect(seen[0]?.authorization).toBe(`Basic ${Buffer.from('alice:s3cret:x').toString('base64')}`);
    expect(seen[1]?.authorization).toBeUndefined();
  });
});
