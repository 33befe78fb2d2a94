import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runShell } from '../../shell/shell.ts';
import { startHarness, waitFor, type Harness } from '../server/harness.ts';

/** A stream standing in for stdout that keeps what was written. */
function capture(columns = 80): PassThrough & { text: () => string; columns: number } {
  const out = Object.assign(new PassThrough(), { columns });
  let text = '';
  out.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return Object.assign(out, { text: () => text });
}

describe('tributary shell --execute', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.server.close());

  const run = async (execute: string, columns?: number) => {
    const output = capture(columns);
    const code = await runShell({ url: h.url, execute, output });
    return { code, text: output.text() };
  };

  it('prints SHOW STREAMS as a table sorted by name', async () => {
    const { code, text } = await run('SHOW STREAMS;');
    expect(code).toBe(0);
    expect(text).toContain(' Stream Name | Kafka Topic | Key Format | Value Format | Windowed ');
    expect(text).toMatch(/ CLICKS +\| clicks +\| KAFKA +\| JSON +\| false +\n PAGEVIEWS /);
    expect(text).toMatch(/^-{20,}$/m);
  });

  it('prints currentStatus messages and DESCRIBE tables', async () => {
    const { text } = await run("CREATE STREAM s (id BIGINT KEY, v STRING) WITH (kafka_topic='s');\nDESCRIBE s;");
    expect(text).toContain(' Stream created ');
    expect(text).toContain('Name                 : S');
    expect(text).toMatch(/ ID +\| BIGINT {11}\(key\) /);
    expect(text).toMatch(/ V +\| VARCHAR\(STRING\) /);
  });

  it("prints the server's error with its caret and exits 1", async () => {
    const { code, text } = await run('SELEC 1; SHOW STREAMS;');
    expect(code).toBe(1);
    expect(text).toBe("line 1:1: mismatched input 'SELEC'\nSELEC 1;\n^^^^^\n");
  });

  it('wraps long values at the column width', async () => {
    const { text } = await run('SELECT * FROM s');
    expect(text).toContain('|922337203685477580|a                 |1970-01-01T00:00:0|12.34             |\n|7                 |');
  });

  it('prints pull query rows with every digit', async () => {
    const { code, text } = await run('SELECT * FROM s', 200);
    expect(code).toBe(0);
    expect(text).toMatch(/^\|ID {46}\|V {47}\|TS {46}\|D {47}\|$/m);
    expect(text).toContain('|9223372036854775807 ');
    expect(text).toContain('|-9223372036854775808 ');
    expect(text).toMatch(/\|12\.34 +\|\n/);
    expect(text.trim().endsWith('Query completed: 2 rows')).toBe(true);
  });

  it('streams push rows as they arrive and sends SET properties with the query', async () => {
    const output = capture();
    const done = runShell({ url: h.url, output, execute: "SET 'auto.offset.reset'='earliest';\nSELECT * FROM s EMIT CHANGES;" });
    await waitFor(() => output.text().includes('+\n|ID'));
    const query = h.engine.queries.at(-1)!;
    expect(query.options?.properties).toEqual({ 'auto.offset.reset': 'earliest' });
    query.channel.push([5n, 'later', 0, null]);
    await waitFor(() => output.text().includes('|later'));
    query.channel.end();
    expect(await done).toBe(0);
    expect(output.text()).toContain("Successfully changed local property 'auto.offset.reset' to 'earliest'.");
  });
});

describe('tributary shell, interactive and as a process', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.server.close());

  it('reads multi-line statements until exit', async () => {
    const input = new PassThrough();
    const output = capture();
    const done = runShell({ url: h.url, input, output });
    input.write('SHOW\n');
    input.write('  STREAMS;\n');
    input.write('help\n');
    input.write('exit\n');
    expect(await done).toBe(0);
    const text = output.text();
    expect(text).toContain('Server Status: RUNNING');
    expect(text).toContain(' PAGEVIEWS ');
    expect(text).toContain('SELECT ... EMIT CHANGES;');
    expect(text).toContain('Exiting Tributary.');
    expect(h.engine.executed.some((e) => e.sql === 'SHOW\n  STREAMS;')).toBe(true);
  });

  it('closes a streaming query on Ctrl-C and keeps the shell running', async () => {
    const input = new PassThrough();
    const output = capture();
    const done = runShell({ url: h.url, input, output });
    input.write('SELECT * FROM s EMIT CHANGES;\n');
    await waitFor(() => output.text().includes('|ID'));
    const query = h.engine.queries.at(-1)!;
    query.channel.push([1n, 'one', 0, null]);
    await waitFor(() => output.text().includes('|one'));
    process.emit('SIGINT', 'SIGINT');
    await waitFor(() => query.closed);
    await waitFor(() => output.text().includes('Query terminated'));
    input.write('SHOW STREAMS;\n');
    await waitFor(() => output.text().includes(' PAGEVIEWS '));
    input.end();
    expect(await done).toBe(0);
    expect(output.text()).toContain('Exiting Tributary.');
  });

  it('lets a push query go on when piped input ends', async () => {
    const input = new PassThrough();
    const output = capture();
    const done = runShell({ url: h.url, input, output });
    input.write('SELECT * FROM s EMIT CHANGES;\n');
    await waitFor(() => output.text().includes('|ID'));
    const query = h.engine.queries.at(-1)!;
    const ended = once(input, 'end');
    input.end();
    await ended; // readline closes the interface on this same event
    query.channel.push([2n, 'after end of input', 0, null]);
    await waitFor(() => output.text().includes('|after end of input'));
    expect(query.closed).toBe(false);
    query.channel.end();
    expect(await done).toBe(0);
    expect(output.text()).toContain('Query completed: 1 row\n');
    expect(output.text()).not.toContain('Press CTRL-C');
  });

  it('prints usage for --help through the launcher', async () => {
    const { stdout } = await promisify(execFile)('node', ['bin/tributary.js', '--help'], { cwd: new URL('../..', import.meta.url).pathname });
    expect(stdout).toContain('tributary server [options]');
    expect(stdout).toContain('tributary shell [url]');
  });

  it('works as `tributary shell URL --execute` through the launcher', async () => {
    const { stdout } = await promisify(execFile)('node', ['bin/tributary.js', 'shell', h.url, '--execute', 'SHOW STREAMS;'], {
      cwd: new URL('../..', import.meta.url).pathname,
    });
    expect(stdout).toContain(' Stream Name | Kafka Topic ');
    expect(stdout).toContain(' PAGEVIEWS ');
  });

  it('exits 1 and says so when the server is unreachable', async () => {
    const output = capture();
    const code = await runShell({ url: 'http://127.0.0.1:1', execute: 'SHOW STREAMS;', output });
    expect(code).toBe(1);
    expect(output.text()).toMatch(/^Could not reach the Tributary server at http:\/\/127.0.0.1:1 .*Is it running\?/);
  });
});
