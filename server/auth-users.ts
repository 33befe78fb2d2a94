/**
 * The users of HTTP Basic authentication, read from a Jetty property file as ksqlDB's
 * `PropertyFileLoginModule` reads it: one `user: password[,role ...]` per line, the password plain
 * or in one of Jetty's forms (`OBF:`, `MD5:`; `CRYPT:` is refused with what to use instead).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { ConfigError } from '../common/config.ts';

/** How a password is stored: as written, or as the MD5 digest of it. */
export type Credential = { readonly kind: 'plain'; readonly password: string } | { readonly kind: 'md5'; readonly digest: Buffer };

export interface UserEntry {
  readonly credential: Credential;
  readonly roles: readonly string[];
}

/** Parses a Jetty users file; `fileName` names it in error messages. */
export function parseUsersFile(text: string, fileName: string): Map<string, UserEntry> {
  const users = new Map<string, UserEntry>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('!')) return;
    const where = `${fileName} line ${index + 1}`;
    const m = /^([^:=\s]+)\s*[:=]\s*(.*)$/.exec(line);
    if (!m) throw new ConfigError(`${where}: expected 'user: password[,role ...]', got '${line}'.`);
    const [password = '', ...roles] = (m[2] ?? '').split(',').map((part) => part.trim());
    users.set(m[1]!, { credential: parseCredential(password, where), roles: roles.filter((r) => r !== '') });
  });
  return users;
}

function parseCredential(stored: string, where: string): Credential {
  if (stored.startsWith('MD5:')) {
    const hex = stored.slice(4);
    if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new ConfigError(`${where}: an MD5: password needs 32 hex digits.`);
    return { kind: 'md5', digest: Buffer.from(hex, 'hex') };
  }
  if (stored.startsWith('OBF:')) return { kind: 'plain', password: deobfuscate(stored.slice(4), where) };
  if (stored.startsWith('CRYPT:')) {
    throw new ConfigError(`${where}: CRYPT: passwords (Unix crypt) are not supported. Use the MD5: form (MD5:<hex md5 of the password>) or the plain password.`);
  }
  return { kind: 'plain', password: stored };
}

/** Jetty's reversible `OBF:` encoding: groups of four base-36 digits, one byte each. */
function deobfuscate(text: string, where: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i += 4) {
    const wide = text[i] === 'U';
    if (wide) i++;
    const group = text.slice(i, i + 4);
    const n = parseInt(group, 36);
    if (group.length !== 4 || Number.isNaN(n)) throw new ConfigError(`${where}: malformed OBF: password.`);
    bytes.push(wide ? (n >> 8) & 0xff : Math.trunc((Math.floor(n / 256) + (n % 256) - 254) / 2) & 0xff);
  }
  return Buffer.from(bytes).toString('utf8');
}

/** True when `password` matches the stored credential; compares in constant time. */
export function checkPassword(credential: Credential, password: string): boolean {
  const given = md5(password);
  const expected = credential.kind === 'md5' ? credential.digest : md5(credential.password);
  return timingSafeEqual(given, expected);
}

function md5(text: string): Buffer {
  return createHash('md5').update(text, 'utf8').digest();
}

/**
 * The users file named by a JAAS config, as ksqlDB finds it through `-Djava.security.auth.login.config`:
 * the section named `realm` must use Jetty's PropertyFileLoginModule with a `file="..."` option.
 */
export function usersFileOfJaasConfig(jaas: string, realm: string, jaasFile: string): string {
  const section = new RegExp(`(?:^|[\\s;}])${escapeRegExp(realm)}\\s*\\{([^}]*)\\}`).exec(jaas)?.[1];
  if (section === undefined) throw new ConfigError(`${jaasFile} has no section named '${realm}' (authentication.realm).`);
  if (!/PropertyFileLoginModule/.test(section)) {
    throw new ConfigError(`${jaasFile}: section '${realm}' does not use org.eclipse.jetty.jaas.spi.PropertyFileLoginModule, the only login module Tributary reads.`);
  }
  const file = /\bfile\s*=\s*"([^"]*)"/.exec(section)?.[1];
  if (file === undefined) throw new ConfigError(`${jaasFile}: section '${realm}' has no file="..." option naming the users file.`);
  return file;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
