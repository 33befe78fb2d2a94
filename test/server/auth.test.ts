import { mkdtemp, writeFile } from 'node:fs/promises';
import { connect as http2Connect } from 'node:http2';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ConfigError } from '../../common/config.ts';
import { authorize, basicAuthFromProperties, type BasicAuth } from '../../server/auth.ts';
import { checkPassword, parseUsersFile, usersFileOfJaasConfig } from '../../server/auth-users.ts';
import { createServer, type TributaryServer } from '../../server/create-server.ts';
import { FakeEngine } from './fake-engine.ts';

// ksqlDB's security page lists these forms of the password 'letmein'.
const USERS = `# users of the test server
fred: OBF:1w8t1tvf1w261w8v1w1c1tvn1w8x,user,admin
tom: MD5:0d107d09f5bbe40cade3de5c71e9e9b7,user
harry: changeme,user,developer
nobody: secret
`;

const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('the users file', () => {
  it('reads plain, OBF: and MD5: passwords with their roles', () => {
    const users = parseUsersFile(USERS, 'users');
    expect(users.get('fred')?.roles).toEqual(['user', 'admin']);
    expect(checkPassword(users.get('fred')!.credential, 'letmein')).toBe(true);
    expect(checkPassword(users.get('tom')!.credential, 'letmein')).toBe(true);
    expect(checkPassword(users.get('tom')!.credential, 'letmeout')).toBe(false);
    expect(checkPassword(users.get('harry')!.credential, 'changeme')).toBe(true);
    expect(users.get('nobody')?.roles).toEqual([]);
  });

  it('refuses CRYPT: passwords and malformed lines, naming the line', () => {
    expect(() => parseUsersFile('dick: CRYPT:adpexzg3FUZAk,admin', 'users.txt')).toThrow(/users.txt line 1: CRYPT: passwords .* not supported\. Use the MD5: form/);
    expect(() => parseUsersFile('\njust-a-name', 'users.txt')).toThrow(/users.txt line 2: expected 'user: password\[,role \.\.\.\]'/);
    expect(() => parseUsersFile('tom: MD5:abc', 'u')).toThrow(ConfigError);
  });

  it('finds the users file in the JAAS section named by the realm', () => {
    const jaas = `KsqlServer-Props {\n  org.eclipse.jetty.jaas.spi.PropertyFileLoginModule required\n  file="/etc/ksql/users"\n  debug="false";\n};\n`;
    expect(usersFileOfJaasConfig(jaas, 'KsqlServer-Props', 'jaas.conf')).toBe('/etc/ksql/users');
    expect(() => usersFileOfJaasConfig(jaas, 'Other', 'jaas.conf')).toThrow("jaas.conf has no section named 'Other'");
    const ldap = 'KsqlServer-Props { org.eclipse.jetty.jaas.spi.LdapLoginModule required; };';
    expect(() => usersFileOfJaasConfig(ldap, 'KsqlServer-Props', 'jaas.conf')).toThrow(/only login module Tributary reads/);
  });
});

describe('authentication settings', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tributary-auth-'));
    await writeFile(join(dir, 'users'), USERS);
  });

  it('is off unless authentication.method=BASIC', () => {
    expect(basicAuthFromProperties({})).toBeUndefined();
    expect(() => basicAuthFromProperties({ 'authentication.method': 'BEARER' })).toThrow('authentication.method=BEARER is not supported; use BASIC or NONE.');
    expect(() => basicAuthFromProperties({ 'authentication.method': 'BASIC' })).toThrow(/needs a users file: set tributary\.authentication\.users\.file/);
  });

  it('reads the users file directly or through a JAAS config', async () => {
    const jaas = join(dir, 'jaas.conf');
    await writeFile(jaas, `KsqlServer-Props {\n org.eclipse.jetty.jaas.spi.PropertyFileLoginModule required\n file="${join(dir, 'users')}";\n};\n`);
    const props = { 'authentication.method': 'BASIC', 'authentication.realm': 'KsqlServer-Props', 'authentication.roles': 'admin', 'java.security.auth.login.config': jaas };
    const auth = basicAuthFromProperties(props)!;
    expect([...auth.users.keys()]).toEqual(['fred', 'tom', 'harry', 'nobody']);
    expect(auth.roles).toEqual(new Set(['admin']));
    const missing = { ...props, 'tributary.authentication.users.file': join(dir, 'absent') };
    expect(() => basicAuthFromProperties(missing)).toThrow(/Could not read the users file .*absent/);
  });

  it('follows ksqlDB on roles: * alone allows no role (with a warning), ** allows any user', () => {
    const warnings: string[] = [];
    const base = { 'authentication.method': 'BASIC', 'tributary.authentication.users.file': join(dir, 'users') };
    const none = basicAuthFromProperties(base, (w) => warnings.push(w))!;
    expect(warnings[0]).toMatch(/allows no role, so every user will be refused with 403/);
    expect(authorize(none, basic('fred', 'letmein'))).toEqual({ kind: 'refused', status: 403, message: 'Forbidden' });
    const any = basicAuthFromProperties({ ...base, 'authentication.roles': '**' })!;
    expect(authorize(any, basic('nobody', 'secret'))).toEqual({ kind: 'allowed', user: 'nobody' });
  });
});

describe('a server with basic authentication', () => {
  let server: TributaryServer;
  let url: string;
  let engine: FakeEngine;

  beforeAll(async () => {
    const auth: BasicAuth = {
      realm: 'KsqlServer-Props',
      roles: new Set(['admin', 'developer']),
      users: parseUsersFile(USERS, 'users'),
      skipPaths: new Set(['/chc/live', '/chc/ready', '/v1/metadata']),
    };
    engine = new FakeEngine();
    server = createServer(engine, { port: 0, host: '127.0.0.1', auth, log: () => undefined });
    url = await server.listen();
  });
  afterAll(() => server.close());

  const ksql = (headers: Record<string, string>): Promise<Response> =>
    fetch(`${url}/ksql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ ksql: 'SHOW STREAMS;' }) });

  it('answers the health checks without credentials', async () => {
    expect((await fetch(`${url}/chc/live`)).status).toBe(200);
    expect((await fetch(`${url}/chc/ready`)).status).toBe(200);
  });

  it('answers 401 with a Basic challenge and ksqlDB error body to a request without credentials', async () => {
    for (const path of ['/info', '/healthcheck', '/nowhere']) {
      const res = await fetch(`${url}${path}`);
      expect(res.status, path).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Basic realm="KsqlServer-Props"');
      expect(await res.json()).toEqual({ '@type': 'generic_error', error_code: 40100, message: 'Unauthorized' });
    }
  });

  it('answers 401 to a wrong password, an unknown user and another scheme, without running the statement', async () => {
    const before = engine.executed.length;
    for (const authorization of [basic('fred', 'wrong'), basic('mallory', 'letmein'), 'Bearer abc']) {
      const res = await ksql({ authorization });
      expect(res.status, authorization).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Basic realm="KsqlServer-Props"');
    }
    expect(engine.executed.length).toBe(before);
  });

  it('answers 403 to a user without an allowed role', async () => {
    const res = await ksql({ authorization: basic('tom', 'letmein') });
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toBeNull();
    expect(await res.json()).toEqual({ '@type': 'generic_error', error_code: 40300, message: 'Forbidden' });
  });

  it('answers 400 to a Basic header without a user:password pair', async () => {
    const res = await ksql({ authorization: `Basic ${Buffer.from('no-colon').toString('base64')}` });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ '@type': 'generic_error', error_code: 40000, message: 'Malformed authorization header' });
  });

  it('serves users with an allowed role, whatever form their password is stored in', async () => {
    expect((await ksql({ authorization: basic('fred', 'letmein') })).status).toBe(200);
    expect((await ksql({ authorization: basic('harry', 'changeme') })).status).toBe(200);
    expect(engine.executed.at(-1)?.sql).toBe('SHOW STREAMS;');
    const info = await fetch(`${url}/info`, { headers: { authorization: basic('harry', 'changeme') } });
    expect(info.status).toBe(200);
  });

  it('asks HTTP/2 clients the same (cleartext, prior knowledge)', async () => {
    const session = http2Connect(url);
    const get = (headers: Record<string, string>): Promise<{ status: number; challenge: unknown }> =>
      new Promise((resolve, reject) => {
        const stream = session.request({ ':path': '/info', ...headers });
        stream.on('response', (h) => resolve({ status: Number(h[':status']), challenge: h['www-authenticate'] }));
        stream.on('error', reject);
        stream.resume();
        stream.end();
      });
    try {
      expect(await get({})).toEqual({ status: 401, challenge: 'Basic realm="KsqlServer-Props"' });
      expect(await get({ authorization: basic('tom', 'letmein') })).toEqual({ status: 403, challenge: undefined });
      expect(await get({ authorization: basic('fred', 'letmein') })).toEqual({ status: 200, challenge: undefined });
    } finally {
      session.close();
    }
  });

  it('takes a websocket query\'s credentials from access_token, as ksqlDB does', async () => {
    const request = encodeURIComponent(JSON.stringify({ ksql: 'SELECT * FROM S;' }));
    const open = (query: string): Promise<string> =>
      new Promise((resolve, reject) => {
        const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws/query?request=${request}${query}`);
        ws.on('unexpected-response', (_req, res) => resolve(`HTTP ${res.statusCode}`));
        ws.on('close', (code) => resolve(`closed ${code}`));
        ws.on('error', reject);
      });
    expect(await open('')).toBe('HTTP 401');
    expect(await open(`&access_token=${encodeURIComponent(basic('tom', 'letmein'))}`)).toBe('HTTP 403');
    expect(await open(`&access_token=${encodeURIComponent(basic('fred', 'letmein'))}`)).toBe('closed 1000');
  });

  it('lets authentication.skip.paths through without credentials', async () => {
    expect((await fetch(`${url}/v1/metadata`)).status).not.toBe(401);
  });
});
