/**
 * HTTP Basic authentication as ksqlDB's server offers it (`authentication.method=BASIC`): every
 * request but the health checks carries `Authorization: Basic ...` for a user of the users file,
 * and that user needs one of `authentication.roles`. Strangers and wrong passwords get 401 with
 * `WWW-Authenticate`, users without an allowed role 403, both with ksqlDB's error body.
 */
import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ConfigError, type Properties } from '../common/config.ts';
import { checkPassword, parseUsersFile, usersFileOfJaasConfig, type UserEntry } from './auth-users.ts';
import { writeJson } from './json-writer.ts';
import { sendJson } from './replies.ts';

export interface BasicAuth {
  readonly realm: string;
  /** The roles of which a user needs one; `'any'` lets every known user in (ksqlDB's `**`). */
  readonly roles: ReadonlySet<string> | 'any';
  readonly users: ReadonlyMap<string, UserEntry>;
  /** Paths answered without credentials: the health checks and `authentication.skip.paths`. */
  readonly skipPaths: ReadonlySet<string>;
}

export type AuthVerdict =
  | { readonly kind: 'allowed'; readonly user: string }
  | { readonly kind: 'refused'; readonly status: 400 | 401 | 403; readonly message: string };

/** ksqlDB answers these before its authentication handler runs. */
const HEALTH_CHECKS = ['/chc/live', '/chc/ready'];
export const USERS_FILE = 'tributary.authentication.users.file';
export const JAAS_CONFIG = 'java.security.auth.login.config';

/** Reads `authentication.*` from the server properties; `undefined` when authentication is off. */
export function basicAuthFromProperties(props: Properties, warn: (message: string) => void = () => undefined): BasicAuth | undefined {
  const method = (props['authentication.method'] ?? 'NONE').trim().toUpperCase();
  if (method === 'NONE') return undefined;
  if (method !== 'BASIC') throw new ConfigError(`authentication.method=${method} is not supported; use BASIC or NONE.`);
  const realm = props['authentication.realm']?.trim() ?? '';
  const listed = list(props['authentication.roles'] ?? '*').filter((r) => r !== '*');
  const roles = listed.includes('**') ? 'any' : new Set(listed);
  if (roles !== 'any' && roles.size === 0) {
    warn('authentication.roles allows no role, so every user will be refused with 403. List the roles that may use the server, or ** for any user.');
  }
  const skipPaths = new Set([...HEALTH_CHECKS, ...list(props['authentication.skip.paths'] ?? '')]);
  const file = usersFile(props, realm);
  return { realm, roles, users: parseUsersFile(readConfigFile(file, 'users file'), file), skipPaths };
}

function usersFile(props: Properties, realm: string): string {
  const direct = props[USERS_FILE]?.trim();
  if (direct) return direct;
  const jaas = props[JAAS_CONFIG]?.trim();
  if (jaas) return usersFileOfJaasConfig(readConfigFile(jaas, 'JAAS config'), realm, jaas);
  throw new ConfigError(`authentication.method=BASIC needs a users file: set ${USERS_FILE}=<file> (lines 'user: password[,role ...]'), or ${JAAS_CONFIG}=<jaas file> whose section '${realm}' uses PropertyFileLoginModule.`);
}

function readConfigFile(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`Could not read the ${what} ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function list(value: string): string[] {
  return value.split(',').map((v) => v.trim()).filter((v) => v !== '');
}

/** Decides a request from its `Authorization` header (or a websocket's `access_token`). */
export function authorize(auth: BasicAuth, header: string | undefined): AuthVerdict {
  if (header === undefined || !/^basic /i.test(header)) return { kind: 'refused', status: 401, message: 'Unauthorized' };
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return { kind: 'refused', status: 400, message: 'Malformed authorization header' };
  const name = decoded.slice(0, colon);
  const user = auth.users.get(name);
  // The password is checked even for an unknown user, so timing does not tell which users exist.
  const matches = checkPassword(user?.credential ?? { kind: 'plain', password: '\u0000' }, decoded.slice(colon + 1));
  if (!user || !matches) return { kind: 'refused', status: 401, message: 'Unauthorized' };
  const roles = auth.roles;
  if (roles !== 'any' && !user.roles.some((r) => roles.has(r))) return { kind: 'refused', status: 403, message: 'Forbidden' };
  return { kind: 'allowed', user: name };
}

/** Checks every request before its body is read; the health checks and skip paths pass. */
export function installBasicAuth(app: FastifyInstance, auth: BasicAuth): void {
  const challenge = `Basic realm="${auth.realm.replace(/["\\]/g, '\\$&')}"`;
  app.addHook('onRequest', async (request, reply) => {
    const [path = '', query = ''] = request.url.split('?', 2);
    if (auth.skipPaths.has(path)) return undefined;
    const verdict = authorize(auth, request.headers.authorization ?? accessToken(path, query));
    if (verdict.kind === 'allowed') return undefined;
    if (verdict.status === 401) reply.header('www-authenticate', challenge);
    return refuse(reply, verdict.status, verdict.message);
  });
}

/** ksqlDB's websocket endpoint also takes the credentials as `?access_token=Basic%20...`. */
function accessToken(path: string, query: string): string | undefined {
  return path === '/ws/query' ? (new URLSearchParams(query).get('access_token') ?? undefined) : undefined;
}

function refuse(reply: FastifyReply, status: number, message: string): FastifyReply {
  return sendJson(reply, writeJson({ '@type': 'generic_error', error_code: status * 100, message }), status);
}
