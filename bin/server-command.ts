import { readFile } from 'node:fs/promises';
import { parseListener, parseProperties, type Properties } from '../common/config.ts';
import { TributaryError } from '../common/errors.ts';
import type { EngineApi } from '../engine/api.ts';
import { createServer } from '../server/create-server.ts';

/** `createEngine` of engine/engine.ts; a parameter so the command can be tested over a fake engine. */
export type EngineFactory = (config: { dataDir: string; properties?: Record<string, string> }) => Promise<EngineApi>;

export interface ServerArgs {
  readonly port?: number;
  readonly host?: string;
  readonly dataDir?: string;
  readonly config?: string;
  readonly queriesFile?: string;
  /** `--bootstrap-servers` (or `KSQL_BOOTSTRAP_SERVERS`): run over this Kafka cluster. */
  readonly bootstrapServers?: string;
}

const DEFAULT_PORT = 8088;
const DEFAULT_HOST = '0.0.0.0';

/**
 * `tributary server`: builds the engine from the config, optionally runs a queries file, serves
 * the REST API, and on SIGINT/SIGTERM closes the server, then the engine. Resolves to an exit code.
 */
export async function runServer(args: ServerArgs, createEngine: EngineFactory): Promise<number> {
  const properties: Properties = args.config ? parseProperties(await readFile(args.config, 'utf8')) : {};
  if (args.bootstrapServers) properties['bootstrap.servers'] = args.bootstrapServers;
  const listener = properties['listeners'] ? parseListener(properties['listeners']) : undefined;
  const port = args.port ?? listener?.port ?? DEFAULT_PORT;
  const host = args.host ?? listener?.host ?? DEFAULT_HOST;
  const dataDir = args.dataDir ?? './data';
  const engine = await createEngine({ dataDir, properties });
  if (args.queriesFile && !(await runQueriesFile(engine, args.queriesFile))) {
    await engine.close();
    return 1;
  }
  const server = createServer(engine, { port, host });
  let url: string;
  try {
    url = await server.listen();
  } catch (err) {
    console.error(listenProblem(err, host, port));
    await engine.close();
    return 1;
  }
  const storage = properties['bootstrap.servers'] ? `Kafka at ${properties['bootstrap.servers']}` : `embedded log in ${dataDir}`;
  console.log(`Tributary server listening on ${url} (${storage})`);
  return waitForShutdown(async () => {
    await server.close();
    await engine.close();
  });
}

async function runQueriesFile(engine: EngineApi, file: string): Promise<boolean> {
  try {
    const entities = await engine.execute(await readFile(file, 'utf8'));
    console.log(`Ran ${file}: ${entities.length} statement${entities.length === 1 ? '' : 's'} succeeded.`);
    return true;
  } catch (err) {
    const detail = err instanceof TributaryError ? err.describe() : err instanceof Error ? err.message : String(err);
    console.error(`Could not run ${file}:\n${detail}`);
    return false;
  }
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
