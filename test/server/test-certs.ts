/**
 * Certificates for HTTPS tests, made with `openssl` at test time (none are checked in): a CA, a
 * server certificate for 127.0.0.1 it signed (also as a PKCS#12 keystore with password `s3cret`),
 * a client certificate it signed, and a stranger's self-signed client certificate.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConnectionOptions, TLSSocket } from 'node:tls';

export const hasOpenssl = ((): boolean => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** Makes the certificates in a new temp directory; returns a function naming its files. */
export function makeCertificates(): (name: string) => string {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-tls-'));
  const openssl = (...args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const issue = (name: string, cn: string, signedByCa: boolean, extension?: string): void => {
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`);
    const signer = signedByCa ? ['-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial'] : ['-signkey', `${name}.key`];
    if (extension) writeFileSync(join(dir, `${name}.ext`), `${extension}\n`);
    openssl('x509', '-req', '-in', `${name}.csr`, ...signer, '-days', '2', '-out', `${name}.pem`, ...(extension ? ['-extfile', `${name}.ext`] : []));
  };
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Tributary test CA');
  issue('server', '127.0.0.1', true, 'subjectAltName=IP:127.0.0.1');
  issue('client', 'alice', true);
  issue('stranger', 'mallory', false);
  openssl('pkcs12', '-export', '-in', 'server.pem', '-inkey', 'server.key', '-out', 'server.p12', '-passout', 'pass:s3cret');
  return (name) => join(dir, name);
}

export interface Answer {
  readonly status: number;
  readonly body: string;
  readonly alpn: string | false | null | undefined;
}

/** An HTTP/1.1 GET over TLS that trusts `ca`, offering only http/1.1 by ALPN. */
export function httpsGet(url: string, ca: string, headers: Record<string, string> = {}, client: { key?: Buffer; cert?: Buffer } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const options: RequestOptions & ConnectionOptions = { ca: readFileSync(ca), ...client, headers, ALPNProtocols: ['http/1.1'], agent: false };
    const req = httpsRequest(url, options, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, alpn: (res.socket as TLSSocket).alpnProtocol }));
    });
    req.on('error', reject);
    req.end();
  });
}
