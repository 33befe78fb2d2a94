import { hostname } from 'node:os';
import { readFile } from 'node:fs/promises';
import { ConfigError, parseListener, parseProperties, type Properties } from '../common/config.ts';
import { TributaryError } from '../common/errors.ts';
import type { EngineApi } from '../engine/api.ts';
import { basicAuthFromProperties, type BasicAuth } from '../server/auth.ts';
import { createServer } from '../server/create-server.ts';
import { tlsFromProperties, type TlsSettings } from '../server/tls.ts';
import { QUERIES_FILE, readQueriesFile } from '../engine/queries-file.ts';

/** `createEngine` of engine/engine.ts; a parameter so the command can be tested over a fake engine. */
export type EngineFactory = (config: { dataDir: string; properties?: Record<string, string>; queries?: string }) => Promise<EngineApi>;

export interface ServerArgs {
  readonly port?: number;
  readonly host?: string;
  readonly dataDir?: string;
  readonly config?: string;
  /** Headless mode: the server runs this file's statements at every start and nothing else. */
  readonly queriesFile?: string;
  /** `--bootstrap-servers` (or `KSQL_BOOTSTRAP_SERVERS`): run over this Kafka cluster. */
  readonly bootstrapServers?: string;
}

const DEFAULT_PORT = 8088;
const DEFAULT_HOST = '0.0.0.0';

/**
 * `tributary server`: builds the engine from the config (in headless mode running the queries
 * file instead of the command topic), serves the REST API, optionally with HTTPS and basic
 * authentication, and on SIGINT/SIGTERM closes the server, then the engine. Resolves to an exit code.
 */
export async function runServer(args: ServerArgs, createEngine: EngineFactory): Promise<number> {
  const properties: Properties = args.config ? parseProperties(await readFile(args.config, 'utf8')) : {};
  if (args.bootstrapServers) properties['bootstrap.servers'] = args.bootstrapServers;
  const listener = properties['listeners'] ? parseListener(properties['listeners']) : undefined;
  const port = args.port ?? listener?.port ?? DEFAULT_PORT;
  const host = args.host ?? listener?.host ?? DEFAULT_HOST;
  const dataDir = args.dataDir ?? './data';
  const queriesFile = args.queriesFile ?? properties[QUERIES_FILE];
  const settings = await readSettings(properties, queriesFile);
  if (!settings) return 1;
  const { auth, tls, queries } = settings;
  let engine: EngineApi;
  try {
    engine = await createEngine({ dataDir, properties, ...(queries !== undefined && { queries }) });
  } catch (err) {
    if (queriesFile === undefined) throw err;
    console.error(`Could not run ${queriesFile}:\n${describe(err)}`);
    return 1;
  }
  const server = createServer(engine, { port, host, ...(auth && { auth }), ...(tls && { tls }), ...(queriesFile !== undefined && { headless: { queriesFile } }) });
  let url: string;
  try {
    url = await server.listen();
  } catch (err) {
    console.error(listenProblem(err, host, port));
    await engine.close();
    return 1;
  }
  engine.advertise?.(advertisedUrl(url, host));
  const storage = properties['bootstrap.servers'] ? `Kafka at ${properties['bootstrap.servers']}` : `embedded log in ${dataDir}`;
  console.log(`Tributary server listening on ${url} (${storage})`);
  if (queriesFile !== undefined) console.log(`Headless mode: running the queries of ${queriesFile}. Interactive mode is disabled.`);
  return waitForShutdown(async () => {
    await server.close();
    await engine.close();
  });
}

interface Settings {
  readonly auth: BasicAuth | undefined;
  readonly tls: TlsSettings | undefined;
  readonly queries: string | undefined;
}

/** Authentication, TLS and the queries file, checked before the engine starts; problems go to stderr. */
async function readSettings(properties: Properties, queriesFile: string | undefined): Promise<Settings | undefined> {
  const [first, ...others] = (properties['listeners'] ?? '').split(',').map((l) => l.trim()).filter((l) => l !== '');
  if (others.length > 0) console.error(`Warning: Tributary listens on the first of the listeners only, ${first}; not on ${others.join(', ')}.`);
  try {
    return {
      auth: basicAuthFromProperties(properties, (warning) => console.error(`Warning: ${warning}`)),
      tls: tlsFromProperties(properties),
      queries: queriesFile === undefined ? undefined : await readQueriesFile(queriesFile),
    };
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(err.message);
    return undefined;
  }
}

function describe(err: unknown): string {
  return err instanceof TributaryError ? err.describe() : err instanceof Error ? err.message : String(err);
}

function listenProblem(err: unknown, host: string, port: number): string {
  const code = (err as { code?: unknown }).code;
  if (code === 'EADDRINUSE') return `Port ${port} is already in use. Stop the other process or pick another with --port.`;
  if (code === 'EACCES') return `Not allowed to listen on ${host}:${port}. Try a port above 1024.`;
  return `Could not listen on ${host}:${port}: ${err instanceof Error ? err.message : String(err)}`;
}

/** Resolves once the server has shut down after SIGINT or SIGTERM; a second signal forces exit. */
function waitForShutdown(shutdown: () => Promise<void>): Promise<number> {
  return new Promise((resolve) => {
    let stopping = false;
    const finish = (code: number): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(code);
    };
    const onSignal = (signal: NodeJS.Signals): void => {
      if (stopping) {
        console.error(`Got ${signal} again; exiting without a clean shutdown.`);
        process.exit(1);
      }
      stopping = true;
      console.log(`Got ${signal}; shutting down (press Ctrl-C again to force)...`);
      shutdown().then(
        () => finish(0),
        (err: unknown) => {
          console.error(`Shutdown failed: ${err instanceof Error ? err.message : String(err)}`);
          finish(1);
        },
      );
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/** Where other servers reach this one: on a wildcard address, this machine's host name. */
function advertisedUrl(url: string, host: string): string {
  if (host !== '0.0.0.0' && host !== '::' && host !== '') return url;
  const u = new URL(url);
  u.hostname = hostname();
  return u.origin;
}
