/**
 * The acceptance test of the interactive shell: `tributary shell` in a real pseudo-terminal against
 * a real Tributary server (engine and HTTP server in this process, on an ephemeral port). Keys are
 * typed as a user types them; every step waits for what the terminal shows.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineApi, QueryStream } from '../../engine/api.ts';
import { createEngine, type TributaryEngine } from '../../engine/engine.ts';
import { createServer, type TributaryServer } from '../../server/create-server.ts';
import { ksqlOk } from '../e2e/helpers.ts';
import { Pty, ptyUnavailable } from './pty.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const CTRL_C = '\x03';
const CTRL_D = '\x04';
const UP = '\x1b[A';
const PROMPT = 'tributary> ';

/** The engine, with a note of each query stream the server closes. */
function observed(engine: EngineApi, closed: Set<string>): EngineApi {
  const query = async (sql: string, options?: Parameters<EngineApi['query']>[1]): Promise<QueryStream> => {
    const stream = await engine.query(sql, options);
    const close = async (): Promise<void> => {
      closed.add(stream.queryId);
      await stream.close();
    };
    return new Proxy(stream, { get: (target, key) => (key === 'close' ? close : Reflect.get(target, key, target) as unknown) });
  };
  return { execute: (sql, o) => engine.execute(sql, o), query, info: () => engine.info(), close: () => engine.close() };
}

/** Without a pty the test is skipped, saying why, except under CI=true, where it must run. */
const noPty = ptyUnavailable();
const skip = noPty !== undefined && process.env['CI'] !== 'true';

describe.skipIf(skip)(`tributary shell in a terminal${skip ? ` (skipped: ${noPty})` : ''}`, () => {
  let dir: string;
  let engine: TributaryEngine;
  let server: TributaryServer;
  let url: string;
  const closed = new Set<string>();
  const started: Pty[] = [];

  beforeAll(async () => {
    if (noPty) throw new Error(`The shell's terminal test must run in CI, but ${noPty}.`);
    dir = mkdtempSync(path.join(tmpdir(), 'tributary-shell-'));
    engine = await createEngine({ dataDir: path.join(dir, 'data') });
    server = createServer(observed(engine, closed), { port: 0, host: '127.0.0.1' });
    url = await server.listen();
  });

  afterAll(async () => {
    for (const pty of started) pty.kill();
    await server?.close();
    await engine?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const shell = (): Pty => {
    const env = { ...process.env, TRIBUTARY_HISTORY_FILE: path.join(dir, 'history'), TERM: 'xterm' };
    const pty = Pty.spawn([process.execPath, path.join(REPO, 'bin/tributary.js'), 'shell', url], env);
    started.push(pty);
    return pty;
  };

  it('runs multi-line statements, completes names, streams a push query until Ctrl-C and goes on', async () => {
    const t = shell();
    await t.expect('Server Status: RUNNING');
    await t.expect(PROMPT);

    // A statement over three lines; the `;` in the comment does not end it.
    t.type('CREATE STREAM clicks (user_id INT KEY, page STRING)\r');
    await t.expect('\n> ');
    t.type('  -- the topic comes next; then the formats\r');
    await t.expect('\n> ');
    t.type("  WITH (kafka_topic='clicks', partitions=1, value_format='JSON');\r");
    await t.expect(/ Message +\n-+\n Stream created +\n-+\n/);
    await t.expect(PROMPT);

    // Tab completes the stream the shell just created (names are fetched again after DDL).
    t.type('DESCRIBE cli');
    await t.expect('DESCRIBE cli');
    t.type('\t');
    await t.expect('cks');
    t.type(';\r');
    await t.expect('Name                 : CLICKS');
    await t.expect(/ Field +\| Type +\n-+\n USER_ID +\| INTEGER +\(key\) +\n PAGE +\| VARCHAR\(STRING\) +\n-+\n/);
    await t.expect(PROMPT);

    // Tab completes function names too; Ctrl-C on the half-typed statement drops it.
    t.type('SELECT timestampto');
    await t.expect('SELECT timestampto');
    t.type('\t');
    await t.expect('string');
    t.type(CTRL_C);
    await t.expect(`^C\n`);
    await t.expect(PROMPT);

    // A push query: rows inserted over REST appear as they arrive.
    t.type("SET 'auto.offset.reset'='earliest';\r");
    await t.expect("Successfully changed local property 'auto.offset.reset' to 'earliest'.");
    await t.expect(PROMPT);
    t.type('SELECT page, user_id\r');
    await t.expect('\n> ');
    t.type('  FROM clicks EMIT CHANGES;\r');
    await t.expect('Press CTRL-C to interrupt\n');
    await t.expect(/\+-+\+-+\+\n\|PAGE +\|USER_ID +\|\n\+-+\+-+\+\n/);
    await ksqlOk(url, "INSERT INTO clicks (user_id, page) VALUES (1, '/home;1');");
    await t.expect(/\|\/home;1 +\|1 +\|\n/);
    await ksqlOk(url, "INSERT INTO clicks (user_id, page) VALUES (2, '/cart');");
    await t.expect(/\|\/cart +\|2 +\|\n/);
    expect(closed.size).toBe(0);

    // Ctrl-C closes the query on the server and returns to the prompt.
    t.type(CTRL_C);
    await t.expect('Query terminated\n');
    await t.expect(PROMPT);
    await expect.poll(() => closed.size, { timeout: 20_000 }).toBe(1);

    // The shell goes on: a pull query over the stream sees both rows.
    t.type('SELECT user_id, page FROM clicks;\r');
    await t.expect(/\|1 +\|\/home;1 +\|\n\|2 +\|\/cart +\|\n/);
    await t.expect('Query completed: 2 rows');
    await t.expect(PROMPT);

    // A syntax error shows the server's message with the caret under the failing token (FRM
    // reads as an alias of user_id, so the parser stumbles on `clicks`).
    t.type('SELECT user_id\r');
    await t.expect('\n> ');
    t.type('  FRM clicks;\r');
    await t.expect(/line 2:7: Syntax Error\nmissing 'FROM' at 'clicks'\n  FRM clicks;?\n {6}\^{6}\n/);
    await t.expect(PROMPT);

    t.type(CTRL_D);
    await t.expect('Exiting Tributary.');
    expect(await t.exitCode()).toBe(0);
  });

  it('keeps history across sessions, a multi-line statement as one entry', async () => {
    const saved = readFileSync(path.join(dir, 'history'), 'utf8').split('\n');
    expect(saved).toContain("CREATE STREAM clicks (user_id INT KEY, page STRING) WITH (kafka_topic='clicks', partitions=1, value_format='JSON');");
    expect(saved).toContain('SELECT page, user_id FROM clicks EMIT CHANGES;');
    expect(saved.some((line) => line.includes('timestamp'))).toBe(false);

    const t = shell();
    await t.expect(PROMPT);
    t.type(UP);
    await t.expect('SELECT user_id FRM clicks;');
    t.type(UP);
    await t.expect('SELECT user_id, page FROM clicks;');
    t.type('\r');
    await t.expect('Query completed: 2 rows');
    await t.expect(PROMPT);
    // History expansion: the last statement that starts with the text after '!'.
    t.type('!DESCRIBE\r');
    await t.expect('DESCRIBE clicks;\n');
    await t.expect('Name                 : CLICKS');
    await t.expect(PROMPT);
    t.type('exit\r');
    await t.expect('Exiting Tributary.');
    expect(await t.exitCode()).toBe(0);
  });
});
