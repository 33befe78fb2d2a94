/**
 * HTTPS for `listeners=https://host:port`, from ksqlDB-style `ssl.*` settings. ksqlDB reads JKS
 * keystores, which Node cannot; Tributary takes PEM files (`ssl.key.location`,
 * `ssl.certificate.location`, `ssl.ca.location`) or a PKCS#12 keystore (`ssl.keystore.location`
 * with `ssl.keystore.password`), and says how to convert a JKS one. The server speaks HTTP/2 and
 * HTTP/1.1 on the one port, chosen by ALPN.
 */
import { readFileSync } from 'node:fs';
import type { SecureServerOptions } from 'node:http2';
import type { Server } from 'node:net';
import { createSecureContext, type TLSSocket } from 'node:tls';
import { ConfigError, type Properties } from '../common/config.ts';

export type ClientAuth = 'NONE' | 'REQUESTED' | 'REQUIRED';

export interface TlsSettings {
  /** Key material and verification options for Node's TLS server. */
  readonly secure: SecureServerOptions;
  /** ksqlDB's `ssl.client.authentication`. */
  readonly clientAuth: ClientAuth;
}

/** The TLS settings when the first listener is `https://`, else `undefined`. */
export function tlsFromProperties(props: Properties): TlsSettings | undefined {
  const listener = (props['listeners'] ?? '').split(',')[0]?.trim() ?? '';
  if (!/^https:\/\//i.test(listener)) return undefined;
  const clientAuth = clientAuthOf(props);
  const secure: SecureServerOptions = {
    ...keyMaterial(props, listener),
    ...trustMaterial(props),
    ...protocolRange(props),
    requestCert: clientAuth !== 'NONE',
    rejectUnauthorized: clientAuth === 'REQUIRED',
  };
  try {
    createSecureContext(secure);
  } catch (err) {
    throw new ConfigError(`The TLS key material for ${listener} cannot be used: ${err instanceof Error ? err.message : String(err)}. Check the files and passwords in the ssl.* settings.`);
  }
  return { secure, clientAuth };
}

function keyMaterial(props: Properties, listener: string): SecureServerOptions {
  const keystore = props['ssl.keystore.location']?.trim();
  if (keystore) {
    const type = (props['ssl.keystore.type'] ?? typeByExtension(keystore)).toUpperCase();
    if (type === 'JKS') {
      throw new ConfigError(
        `ssl.keystore.location=${keystore} is a JKS keystore, which Node cannot read. Convert it to PKCS#12 and point ssl.keystore.location at the result:\n` +
          `  keytool -importkeystore -srckeystore ${keystore} -destkeystore keystore.p12 -deststoretype PKCS12\n` +
          'or give PEM files with ssl.key.location and ssl.certificate.location.',
      );
    }
    if (type === 'PEM') return { key: read(keystore, 'ssl.keystore.location'), cert: read(keystore, 'ssl.keystore.location'), ...passphrase(props['ssl.key.password']) };
    return { pfx: read(keystore, 'ssl.keystore.location'), ...passphrase(props['ssl.keystore.password'] ?? props['ssl.key.password']) };
  }
  const key = props['ssl.key.location']?.trim();
  const cert = props['ssl.certificate.location']?.trim();
  if (key && cert) return { key: read(key, 'ssl.key.location'), cert: read(cert, 'ssl.certificate.location'), ...passphrase(props['ssl.key.password']) };
  throw new ConfigError(
    `listeners=${listener} needs a key and certificate: set ssl.key.location and ssl.certificate.location (PEM files), or ssl.keystore.location (a PKCS#12 .p12 file) and ssl.keystore.password.`,
  );
}

function trustMaterial(props: Properties): SecureServerOptions {
  const ca = props['ssl.ca.location']?.trim();
  if (ca) return { ca: read(ca, 'ssl.ca.location') };
  const truststore = props['ssl.truststore.location']?.trim();
  if (!truststore) return {};
  const type = (props['ssl.truststore.type'] ?? typeByExtension(truststore)).toUpperCase();
  if (type === 'PEM') return { ca: read(truststore, 'ssl.truststore.location') };
  const convert = type === 'JKS' ? `keytool -exportcert -rfc -keystore ${truststore} -alias <alias> -file ca.pem` : `openssl pkcs12 -in ${truststore} -nokeys -out ca.pem`;
  throw new ConfigError(`ssl.truststore.location=${truststore} is a ${type} truststore, which Node cannot use. Export its certificates as PEM and set ssl.ca.location instead:\n  ${convert}`);
}

const PROTOCOLS = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;

/** `ssl.enabled.protocols` as Node's version range; Java's cipher suite names mean nothing to OpenSSL. */
function protocolRange(props: Properties): Pick<SecureServerOptions, 'minVersion' | 'maxVersion'> {
  if (props['ssl.cipher.suites']?.trim()) {
    throw new ConfigError('ssl.cipher.suites is not supported: Java cipher suite names do not map to the OpenSSL ones Node uses. Remove it to use Node\'s default suites.');
  }
  const listed = (props['ssl.enabled.protocols'] ?? '').split(',').map((p) => p.trim()).filter((p) => p !== '');
  if (listed.length === 0) return {};
  const indexes = listed.map((p) => {
    const i = PROTOCOLS.indexOf(p as (typeof PROTOCOLS)[number]);
    if (i < 0) throw new ConfigError(`ssl.enabled.protocols: '${p}' is not one of ${PROTOCOLS.join(', ')}.`);
    return i;
  });
  return { minVersion: PROTOCOLS[Math.min(...indexes)], maxVersion: PROTOCOLS[Math.max(...indexes)] };
}

function clientAuthOf(props: Properties): ClientAuth {
  const setting = props['ssl.client.authentication']?.trim().toUpperCase();
  if (setting === 'NONE' || setting === 'REQUESTED' || setting === 'REQUIRED') return setting;
  if (setting) throw new ConfigError(`ssl.client.authentication=${setting} is not one of NONE, REQUESTED, REQUIRED.`);
  // The deprecated boolean form.
  return props['ssl.client.auth']?.trim().toLowerCase() === 'true' ? 'REQUIRED' : 'NONE';
}

function typeByExtension(file: string): string {
  if (/\.jks$/i.test(file)) return 'JKS';
  if (/\.(pem|crt|cer)$/i.test(file)) return 'PEM';
  return 'PKCS12';
}

function passphrase(value: string | undefined): { passphrase?: string } {
  return value === undefined ? {} : { passphrase: value };
}

function read(file: string, setting: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new ConfigError(`Could not read ${setting}=${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Fastify's options for an HTTPS server that speaks HTTP/2 and HTTP/1.1, chosen by ALPN. */
export function httpsServerOptions(settings: TlsSettings): { readonly http2: true; readonly https: SecureServerOptions & { allowHTTP1: true } } {
  return { http2: true, https: { ...settings.secure, allowHTTP1: true } };
}

/**
 * With `REQUESTED` client authentication a client may go without a certificate, but one that
 * presents a certificate the CA does not vouch for is disconnected, as a JVM server that "wants"
 * one does (Node alone would let it in, since a missing certificate must not be refused).
 */
export function guardRequestedCertificates(server: Server, settings: TlsSettings): void {
  if (settings.clientAuth !== 'REQUESTED') return;
  server.on('secureConnection', (socket: TLSSocket) => {
    const presented = Object.keys(socket.getPeerCertificate() ?? {}).length > 0;
    if (presented && !socket.authorized) socket.destroy();
  });
}
