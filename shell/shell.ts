import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { TributaryError } from '../common/errors.ts';
import { Completion } from './completion.ts';
import { defaultHistoryFile, History } from './history.ts';
import { KsqlClient, type KsqlClientOptions } from './http-client.ts';
import type { OutputFormat } from './local-commands.ts';
import { runRepl } from './repl.ts';
import { ShellSession, type ShellOutput } from './session.ts';

export const DEFAULT_SERVER_URL = 'http://localhost:8088';

export interface ShellOptions {
  readonly url?: string;
  /** Statements to run instead of the interactive prompt (`--execute`). */
  readonly execute?: string;
  /** A file of statements to run instead of the interactive prompt (`--file`). */
  readonly file?: string;
  readonly input?: NodeJS.ReadableStream;
  readonly output?: NodeJS.WritableStream & ShellOutput;
  /** Sent as HTTP basic auth (`-u`/`-p`). */
  readonly credentials?: KsqlClientOptions['credentials'];
  /** Request properties to start with, as if SET (`--config-file`). */
  readonly properties?: Readonly<Record<string, string>>;
  /** Session variables to start with (`--define name=value`). */
  readonly variables?: Readonly<Record<string, string>>;
  readonly outputFormat?: OutputFormat;
  /** Where interactive history is kept (default `TRIBUTARY_HISTORY_FILE` or ~/.tributary/history). */
  readonly historyFile?: string;
}

/** `tributary shell`: runs statements from --execute/--file, or the REPL. Resolves to an exit code. */
export async function runShell(opts: ShellOptions): Promise<number> {
  const url = opts.url ?? DEFAULT_SERVER_URL;
  const output = opts.output ?? process.stdout;
  const client = new KsqlClient(url, opts.credentials ? { credentials: opts.credentials } : {});
  const session = new ShellSession(client, output);
  session.configure(opts.properties ?? {}, opts.variables ?? {}, opts.outputFormat);
  if (opts.execute !== undefined || opts.file !== undefined) {
    const sql = opts.execute ?? (await readFile(opts.file ?? '', 'utf8'));
    return runScript(session, sql);
  }
  await printBanner(client, output);
  const completion = new Completion(client);
  await completion.refresh();
  const history = new History(opts.historyFile ?? defaultHistoryFile());
  return runRepl(session, opts.input ?? process.stdin, output, { history, completion, version: shellVersion() });
}

/** Runs each statement in order and stops at the first failure (exit code 1, 130 on Ctrl-C). */
export async function runScript(session: ShellSession, sql: string): Promise<number> {
  const controller = new AbortController();
  const interrupt = (): void => controller.abort();
  process.on('SIGINT', interrupt);
  try {
    const ok = await session.runAll(sql, controller.signal);
    return controller.signal.aborted ? 130 : ok ? 0 : 1;
  } finally {
    process.off('SIGINT', interrupt);
  }
}

async function printBanner(client: KsqlClient, output: ShellOutput): Promise<void> {
  try {
    const info = await client.info();
    output.write(`Tributary shell, server v${String(info['version'] ?? '?')} at ${client.baseUrl}\n`);
    output.write(`Server Status: ${String(info['serverStatus'] ?? 'UNKNOWN')}\n\n`);
  } catch (err) {
    const message = err instanceof TributaryError ? err.message : String(err);
    output.write(`WARNING: ${message}\nStart a server with \`tributary server\`, then type your statements here.\n\n`);
  }
  output.write(`Type 'help' for how things work, 'exit' or Ctrl-D to leave.\n`);
}

function shellVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return String(pkg.version ?? '?');
  } catch {
    return '?';
  }
}
