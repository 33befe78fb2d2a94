/** HTTPS over a real port, with certificates made by `openssl` at test time (test-certs.ts). */
import { readFileSync } from 'node:fs';
import { connect as http2Connect } from 'node:http2';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../common/config.ts';
import { createServer, type TributaryServer } from '../../server/create-server.ts';
import { tlsFromProperties, type TlsSettings } from '../../server/tls.ts';
import { FakeEngine } from './fake-engine.ts';
import { waitFor } from './harness.ts';
import { hasOpenssl, httpsGet, makeCertificates, type Answer } from './test-certs.ts';

let file: (name: string) => string = () => '';

const getHttp1 = (url: string, path: string, client: { key?: Buffer; cert?: Buffer } = {}): Promise<Answer> => httpsGet(`${url}${path}`, file('ca.pem'), {}, client);

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

async function serve(settings: TlsSettings): Promise<{ server: TributaryServer; url: string; engine: FakeEngine }> {
  const engine = new FakeEngine();
  const server = createServer(engine, { port: 0, host: '127.0.0.1', tls: settings, log: () => undefined });
  return { server, url: await server.listen(), engine };
}

/** Starts a push query on /query-stream over HTTP/2 and collects its DATA frames. */
function pushOverHttp2(url: string): { frames: string[]; ended: Promise<void>; close: () => void } {
  const session = http2Connect(url, { ca: readFileSync(file('ca.pem')) });
  const stream = session.request({ ':method': 'POST', ':path': '/query-stream', 'content-type': 'application/json' });
  stream.end(JSON.stringify({ sql: 'SELECT * FROM S EMIT CHANGES;', properties: {} }));
  const frames: string[] = [];
  stream.on('data', (chunk: Buffer) => frames.push(chunk.toString('utf8')));
  const ended = new Promise<void>((resolve) => stream.on('close', () => resolve()));
  // Resetting the stream is how an HTTP/2 client stops a push query.
  return { frames, ended, close: () => (stream.close(), session.close()) };
}

describe.skipIf(!hasOpenssl)('HTTPS listeners', () => {
  const pem = (): Record<string, string> => ({ listeners: 'https://127.0.0.1:0', 'ssl.key.location': file('server.key'), 'ssl.certificate.location': file('server.pem') });
  const servers: TributaryServer[] = [];

  beforeAll(() => {
    file = makeCertificates();
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
    expect(() => tlsFromProperties({ ...pem(), 'ssl.truststore.location': '/etc/ksql/ts.jks' })).toThrow(/JKS truststore.*set ssl\.ca\.location instead:\n {2}keytool -exportcert -rfc/);
  });

  it('refuses unusable key material when the settings are read, not at the first connection', () => {
    expect(() => tlsFromProperties({ ...pem(), 'ssl.certificate.location': file('client.pem') })).toThrow(ConfigError);
    const p12 = { listeners: 'https://h:1', 'ssl.keystore.location': file('server.p12'), 'ssl.keystore.password': 'wrong' };
    expect(() => tlsFromProperties(p12)).toThrow(/The TLS key material for https:\/\/h:1 cannot be used: .*Check the files and passwords/);
  });

  it('serves HTTP/1.1 and HTTP/2 on one port, chosen by ALPN', async () => {
    const { server, url } = await serve(tlsFromProperties(pem())!);
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

  it('streams a push query over HTTP/2, one row per DATA frame', async () => {
    const { server, url, engine } = await serve(tlsFromProperties(pem())!);
    servers.push(server);
    const push = pushOverHttp2(url);
    await waitFor(() => push.frames.length === 1);
    expect(JSON.parse(push.frames[0]!)).toMatchObject({ queryId: 'transient_S_1', columnNames: ['ID', 'V', 'TS', 'D'] });
    engine.queries[0]!.channel.push([1n, 'x', 0, null]);
    await waitFor(() => push.frames.length === 2);
    expect(push.frames[1]).toBe('[1,"x","1970-01-01T00:00:00.000",null]\n');
    push.close();
    await push.ended;
    await waitFor(() => engine.queries[0]!.closed);
  });

  it('reads a PKCS#12 keystore with its password', async () => {
    const settings = tlsFromProperties({ listeners: 'https://127.0.0.1:0', 'ssl.keystore.location': file('server.p12'), 'ssl.keystore.password': 's3cret' })!;
    const { server, url } = await serve(settings);
    servers.push(server);
    expect((await getHttp1(url, '/info')).status).toBe(200);
  });

  it('with ssl.client.authentication=REQUIRED lets in only clients with a certificate the CA signed', async () => {
    const settings = tlsFromProperties({ ...pem(), 'ssl.ca.location': file('ca.pem'), 'ssl.client.authentication': 'REQUIRED' })!;
    const { server, url } = await serve(settings);
    servers.push(server);
    const alice = { key: readFileSync(file('client.key')), cert: readFileSync(file('client.pem')) };
    expect((await getHttp1(url, '/info', alice)).status).toBe(200);
    await expect(getHttp1(url, '/info')).rejects.toThrow();
    const mallory = { key: readFileSync(file('stranger.key')), cert: readFileSync(file('stranger.pem')) };
    await expect(getHttp1(url, '/info', mallory)).rejects.toThrow();
  });

  it('with REQUESTED lets in clients without a certificate but not one with a stranger certificate', async () => {
    const settings = tlsFromProperties({ ...pem(), 'ssl.ca.location': file('ca.pem'), 'ssl.client.authentication': 'REQUESTED' })!;
    const { server, url } = await serve(settings);
    servers.push(server);
    expect((await getHttp1(url, '/info')).status).toBe(200);
    const alice = { key: readFileSync(file('client.key')), cert: readFileSync(file('client.pem')) };
    expect((await getHttp1(url, '/info', alice)).status).toBe(200);
    const mallory = { key: readFileSync(file('stranger.key')), cert: readFileSync(file('stranger.pem')) };
    await expect(getHttp1(url, '/info', mallory)).rejects.toThrow();
  });

  it('keeps to ssl.enabled.protocols and refuses Java cipher suite names', async () => {
    const settings = tlsFromProperties({ ...pem(), 'ssl.enabled.protocols': 'TLSv1.3' })!;
    expect(settings.secure).toMatchObject({ minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3' });
    const { server, url } = await serve(settings);
    servers.push(server);
    const { port } = new URL(url);
    const handshake = (maxVersion: 'TLSv1.2' | 'TLSv1.3'): Promise<string | null> =>
      new Promise((resolve, reject) => {
        const socket = tlsConnect({ host: '127.0.0.1', port: Number(port), ca: readFileSync(file('ca.pem')), maxVersion }, () => {
          resolve(socket.getProtocol());
          socket.end();
        });
        socket.on('error', reject);
      });
    expect(await handshake('TLSv1.3')).toBe('TLSv1.3');
    await expect(handshake('TLSv1.2')).rejects.toThrow();
    expect(() => tlsFromProperties({ ...pem(), 'ssl.enabled.protocols': 'SSLv3' })).toThrow("ssl.enabled.protocols: 'SSLv3' is not one of TLSv1, TLSv1.1, TLSv1.2, TLSv1.3.");
    expect(() => tlsFromProperties({ ...pem(), 'ssl.cipher.suites': 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256' })).toThrow(/ssl\.cipher\.suites is not supported/);
  });

  it('takes the deprecated ssl.client.auth=true as REQUIRED', () => {
    expect(tlsFromProperties({ ...pem(), 'ssl.client.auth': 'true' })?.clientAuth).toBe('REQUIRED');
    expect(() => tlsFromProperties({ ...pem(), 'ssl.client.authentication': 'SOMETIMES' })).toThrow('ssl.client.authentication=SOMETIMES is not one of NONE, REQUESTED, REQUIRED.');
  });
});
