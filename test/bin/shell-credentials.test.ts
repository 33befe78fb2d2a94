import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../bin/main.ts';
import { promptPassword } from '../../bin/prompt-password.ts';
import { parseUsersFile } from '../../server/auth-users.ts';
import { createServer, type TributaryServer } from '../../server/create-server.ts';
import { FakeEngine } from '../server/fake-engine.ts';

describe('tributary shell -u/-p against a server with basic authentication', () => {
  let server: TributaryServer;
  let url: string;
  let engine: FakeEngine;

  beforeAll(async () => {
    engine = new FakeEngine();
    const auth = { realm: 'KsqlServer-Props', roles: new Set(['developer']), users: parseUsersFile('harry: changeme,developer\n', 'users'), skipPaths: new Set(['/chc/live', '/chc/ready']) };
    server = createServer(engine, { port: 0, host: '127.0.0.1', auth, log: () => undefined });
    url = await server.listen();
  });
  afterAll(() => server.close());

  /** Runs `tributary shell ...` in process; resolves to its exit code and what it printed. */
  async function shell(...args: string[]): Promise<{ code: number; printed: string }> {
    let printed = '';
    const capture = (chunk: string | Uint8Array): boolean => ((printed += String(chunk)), true);
    vi.spyOn(process.stdout, 'write').mockImplementation(capture);
    vi.spyOn(process.stderr, 'write').mockImplementation(capture);
    try {
      return { code: await main(['shell', url, ...args]), printed };
    } finally {
      vi.restoreAllMocks();
    }
  }

  it('sends the credentials with every request', async () => {
    const { code, printed } = await shell('-u', 'harry', '-p', 'changeme', '-e', 'SHOW STREAMS;');
    expect(code, printed).toBe(0);
    expect(engine.executed.at(-1)?.sql).toBe('SHOW STREAMS;');
  });

  it('fails with the server message on a wrong password or none', async () => {
    const before = engine.executed.length;
    for (const args of [['--user', 'harry', '--password', 'wrong'], []]) {
      const { code, printed } = await shell(...args, '-e', 'SHOW STREAMS;');
      expect(code).toBe(1);
      expect(printed).toContain('Unauthorized');
    }
    expect(engine.executed.length).toBe(before);
  });

  it('refuses a password without a user', async () => {
    const { code, printed } = await shell('-p', 'changeme', '-e', 'SHOW STREAMS;');
    expect(code).toBe(2);
    expect(printed).toContain('--password needs --user.');
  });
});

describe('promptPassword', () => {
  it('writes the prompt, reads one line and does not echo it', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let shown = '';
    output.on('data', (chunk: Buffer) => (shown += chunk.toString('utf8')));
    const answer = promptPassword('Enter password: ', input, output);
    input.write('changeme\n');
    expect(await answer).toBe('changeme');
    expect(shown).toBe('Enter password: \n');
  });

  it('resolves to an empty password when the input ends first', async () => {
    const input = new PassThrough();
    const answer = promptPassword('Enter password: ', input, new PassThrough());
    input.end();
    expect(await answer).toBe('');
  });
});
