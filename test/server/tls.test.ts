/**
 * HTTPS over a real port with certificates made by `openssl` at test time: a CA, a server
 * certificate for 127.0.0.1 it signed, a client certificate it signed, and a stranger's
 * self-signed client certificate.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import { connect as http2Connect } from 'node:http2';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConnectionOptions, TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../common/config.ts';
import { createServer, type TributaryServer } from '../../server/create-server.ts';
import { tlsFromProperties, type TlsSettings } from '../../server/tls.ts';
import { FakeEngine } from './fake-engine.ts';

const hasOpenssl = ((): boolean => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const dir = mkdtempSync(join(tmpdir(), 'tributary-tls-'));
const file = (name: string): string => join(dir, name);

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

/** A key and a certificate for `cn` signed by the test CA (or self-signed when `ca` is false). */
function issue(name: string, cn: string, ca: boolean, extensions: string[] = []): void {
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`);
  const signer = ca ? ['-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial'] : ['-signkey', `${name}.key`];
  const ext = extensions.length > 0 ? ['-extfile', writeExt(name, extensions)] : [];
  openssl('x509', '-req', '-in', `${name}.csr`, ...signer, '-days', '2', '-out', `${name}.pem`, ...ext);
}

function writeExt(name: string, lines: string[]): string {
  execFileSync('sh', ['-c', `printf '%s\\n' "$@" > ${name}.ext`, 'sh', ...lines], { cwd: dir });
  return `${name}.ext`;
}

interface Answer {
  readonly status: number;
  readonly body: string;
  readonly alpn: string | false | null | undefined;
}

function getHttp1(url: string, path: string, client: { key?: Buffer; cert?: Buffer } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const options: RequestOptions & ConnectionOptions = { ca: readFileSync(file('ca.pem')), ...client, ALPNProtocols: ['http/1.1'], agent: false };
    const req = httpsRequest(`${url}${path}`, options, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, alpn: (res.socket as TLSSocket).alpnProtocol }));
    });
    req.on('error', reject);
    req.end();
  });
}

function getHttp2(url: string, path: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const session = http2Connect(url, { ca: readFileSync(file('ca.pem')) });
    session.on('error', reject);
    const stream = session.request({ ':path': path });
    let status = 0;
    let body = '';
    stream.on('response', (headers) => (status = Number(headers[':status'])));
    stream.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    stream.on('end', () => {
      const alpn = session.alpnProtocol;
      session.close();
      resolve({ status, body, alpn });
    });
    stream.on('error', reject);
    stream.end();
  });
}

async function serve(settings: TlsSettings): Promise<{ server: TributaryServer; url: string }> {
  const server = createServer(new FakeEngine(), { port: 0, host: '127.0.0.1', tls: settings, log: () => undefined });
  return { server, url: await server.listen() };
}

describe.skipIf(!hasOpenssl)('HTTPS listeners', () => {
  const pem = { listeners: 'https://127.0.0.1:0', 'ssl.key.location': file('server.key'), 'ssl.certificate.location': file('server.pem') };
  const servers: TributaryServer[] = [];

  beforeAll(() => {
    openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Tributary test CA');
    issue('server', '127.0.0.1', true, ['subjectAltName=IP:127.0.0.1']);
    issue('client', 'alice', true);
    issue('stranger', 'mallory', false);
    openssl('pkcs12', '-export', '-in', 'server.pem', '-inkey', 'server.key', '-out', 'server.p12', '-passout', 'pass:s3cret');
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
  });

  it('is off for an http listener and asks for key material on an https one', () => {
    expect(tlsFromProperties({ listeners: 'http://0.0.0.0:8088', 'ssl.key.location': 'x' })).toBeUndefined();
    expect(() => tlsFromProperties({ listeners: 'https://0.0.0.0:8088' })).toThrow(/needs a key and certificate: set ssl\.key\.location and ssl\.certificate\.location/);
  });

  it('explains how to convert a JKS keystore or truststore', () => {
    expect(() => tlsFromProperties({ listeners: 'https://h:1', 'ssl.keystore.location': '/etc/ksql/ks.jks' })).toThrow(
      /JKS keystore, which Node cannot read\. Convert it to PKCS#12.*\n {2}keytool -importkeystore -srckeystore \/etc\/ksql\/ks\.jks/,
    );
    expect(() => tlsFromProperties({ ...pem, 'ssl.truststore.location': '/etc/ksql/ts.jks' })).toThrow(/JKS truststore.*set ssl\.ca\.location instead:\n {2}keytool -exportcert -rfc/);
  });

  it('refuses unusable key material when the settings are read, not at the first connection', () => {
    expect(() => tlsFromProperties({ ...pem, 'ssl.certificate.location': file('client.pem') })).toThrow(ConfigError);
    const p12 = { listeners: 'https://h:1', 'ssl.keystore.location': file('server.p12'), 'ssl.keystore.password': 'wrong' };
    expect(() => tlsFromProperties(p12)).toThrow(/The TLS key material for https:\/\/h:1 cannot be used: .*Check the files and passwords/);
  });

  it('serves HTTP/1.1 and HTTP/2 on one port, chosen by ALPN', async () => {
    const { server, url } = await serve(tlsFromProperties(pem)!);
    servers.push(server);
    expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const h1 = await getHttp1(url, '/info');
    expect(h1).toMatchObject({ status: 200, alpn: 'http/1.1' });
    expect(JSON.parse(h1.body)).toHaveProperty('KsqlServerInfo');
    const h2 = await getHttp2(url, '/info');
    expect(h2.alpn).toBe('h2');
    expect(h2.status).toBe(200);
    expect(JSON.parse(h2.body)).toHaveProperty('KsqlServerInfo');
  });

  it('reads a PKCS#12 keystore with its password', async () => {
    const settings = tlsFromProperties({ listeners: 'https://127.0.0.1:0', 'ssl.keystore.location': file('server.p12'), 'ssl.keystore.password': 's3cret' })!;
    const { server, url } = await serve(settings);
    servers.push(server);
    expect((await getHttp1(url, '/info')).status).toBe(200);
  });

  it('with ssl.client.authentication=REQUIRED lets in only clients with a certificate the CA signed', async () => {
    const settings = tlsFromProperties({ ...pem, 'ssl.ca.location': file('ca.pem'), 'ssl.client.authentication': 'REQUIRED' })!;
    const { server, url } = await serve(settings);
    servers.push(server);
    const alice = { key: readFileSync(file('client.key')), cert: readFileSync(file('client.pem')) };
    expect((await getHttp1(url, '/info', alice)).status).toBe(200);
    await expect(getHttp1(url, '/info')).rejects.toThrow();
    const mallory = { key: readFileSync(file('stranger.key')), cert: readFileSync(file('stranger.pem')) };
    await expect(getHttp1(url, '/info', mallory)).rejects.toThrow();
  });

  it('with REQUESTED lets in clients without a certificate but not one with a stranger certificate', async () => {
    const settings = tlsFromProperties({ ...pem, 'ssl.ca.location': file('ca.pem'), 'ssl.client.authentication': 'REQUESTED' })!;
    const { server, url } = await serve(settings);
    servers.push(server);
    expect((await getHttp1(url, '/info')).status).toBe(200);
    const alice = { key: readFileSync(file('client.key')), cert: readFileSync(file('client.pem')) };
    expect((await getHttp1(url, '/info', alice)).status).toBe(200);
    const mallory = { key: readFileSync(file('stranger.key')), cert: readFileSync(file('stranger.pem')) };
    await expect(getHttp1(url, '/info', mallory)).rejects.toThrow();
  });

  it('takes the deprecated ssl.client.auth=true as REQUIRED', () => {
    expect(tlsFromProperties({ ...pem, 'ssl.client.auth': 'true' })?.clientAuth).toBe('REQUIRED');
    expect(() => tlsFromProperties({ ...pem, 'ssl.client.authentication': 'SOMETIMES' })).toThrow('ssl.client.authentication=SOMETIMES is not one of NONE, REQUESTED, REQUIRED.');
  });
});
