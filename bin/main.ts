import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseProperties } from '../common/config.ts';
import { DEFAULT_SERVER_URL, runShell } from '../shell/shell.ts';
import { promptPassword } from './prompt-password.ts';

export const USAGE = `Tributary: streaming SQL in the ksqlDB dialect.

Usage:
  tributary server [options]        run the engine and its ksqlDB-compatible REST API
      --port <n>                    port to listen on (default 8088, or from 'listeners')
      --host <addr>                 address to bind (default 0.0.0.0)
      --data-dir <dir>              where the embedded log and state live (default ./data)
      --bootstrap-servers <h:p,..>  run over this Kafka cluster (or KSQL_BOOTSTRAP_SERVERS)
      --config <file.properties>    ksqlDB-style settings, e.g. ksql.service.id=..., listeners=http://0.0.0.0:8088
      --queries-file <file.sql>     headless mode: run this file's queries at every start; the REST
                                    API then refuses statements (also ksql.queries.file in --config)
  tributary shell [url] [options]   interactive SQL shell (default url ${DEFAULT_SERVER_URL})
      -e, --execute "<sql>"         run these statements and exit
      -f, --file <file.sql>         run the statements in a file and exit
      -d, --define <name=value>     a session variable for \${name} (repeatable)
      --output <TABULAR|JSON>       how results print (default TABULAR; OUTPUT changes it)
      --config-file <file>          session properties (as SET), e.g. auto.offset.reset=earliest
      -u, --user <name>             HTTP basic authentication user (asks for the password without -p)
      -p, --password <password>     its password
  tributary --help                  this text
`;

/** Parses the command line and runs the command; resolves to the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE);
    return command === undefined ? 2 : 0;
  }
  try {
    if (command === 'server') return await serverCommand(rest);
    if (command === 'shell') return await shellCommand(rest);
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n\nRun 'tributary --help' for usage.\n`);
    return 2;
  }
  process.stderr.write(`Unknown command '${command}'.\n\n${USAGE}`);
  return 2;
}

async function serverCommand(args: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      config: { type: 'string' },
      'queries-file': { type: 'string' },
      'bootstrap-servers': { type: 'string' },
    },
  });
  const bootstrapServers = values['bootstrap-servers'] ?? process.env['KSQL_BOOTSTRAP_SERVERS'];
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536)) {
    process.stderr.write(`--port must be a number from 0 to 65535, not '${values.port ?? ''}'.\n`);
    return 2;
  }
  // Loaded on demand so `tributary shell` never loads the engine.
  const { runServer } = await import('./server-command.ts');
  const { createEngine } = await import('../engine/engine.ts');
  const serverArgs = {
    ...(port !== undefined && { port }),
    ...(values.host !== undefined && { host: values.host }),
    ...(values['data-dir'] !== undefined && { dataDir: values['data-dir'] }),
    ...(values.config !== undefined && { config: values.config }),
    ...(values['queries-file'] !== undefined && { queriesFile: values['queries-file'] }),
    ...(bootstrapServers ? { bootstrapServers } : {}),
  };
  return runServer(serverArgs, createEngine);
}

async function shellCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      execute: { type: 'string', short: 'e' },
      file: { type: 'string', short: 'f' },
      output: { type: 'string' },
      define: { type: 'string', short: 'd', multiple: true },
      'config-file': { type: 'string' },
      user: { type: 'string', short: 'u' },
      password: { type: 'string', short: 'p' },
    },
  });
  if (values.password !== undefined && values.user === undefined) {
    process.stderr.write('--password needs --user.\n');
    return 2;
  }
  const credentials = values.user === undefined ? undefined : { user: values.user, password: values.password ?? (await promptPassword()) };
  const format = values.output?.toUpperCase();
  if (format !== undefined && format !== 'TABULAR' && format !== 'JSON') {
    process.stderr.write(`--output must be TABULAR or JSON, not '${values.output ?? ''}'.\n`);
    return 2;
  }
  const variables = parseDefines(values.define ?? []);
  const properties = values['config-file'] === undefined ? {} : readConfigFile(values['config-file']);
  if (typeof variables === 'string' || typeof properties === 'string') {
    process.stderr.write(`${typeof variables === 'string' ? variables : String(properties)}\n`);
    return 2;
  }
  return runShell({
    url: positionals[0] ?? DEFAULT_SERVER_URL,
    variables,
    properties,
    ...(format !== undefined && { outputFormat: format }),
    ...(values.execute !== undefined && { execute: values.execute }),
    ...(values.file !== undefined && { file: values.file }),
    ...(credentials && { credentials }),
  });
}

/** `--define name=value` options as variables, or what is wrong with one. */
function parseDefines(definitions: readonly string[]): Record<string, string> | string {
  const variables: Record<string, string> = {};
  for (const definition of definitions) {
    const m = /^(\w+)=(.*)$/s.exec(definition);
    if (!m?.[1] || m[2] === undefined) return `--define takes name=value (a name of letters, digits and _), not '${definition}'.`;
    variables[m[1]] = m[2];
  }
  return variables;
}

/** `--config-file`: session properties from a `.properties` file, or why it cannot be read. */
function readConfigFile(file: string): Record<string, string> | string {
  try {
    return parseProperties(readFileSync(file, 'utf8'));
  } catch (err) {
    return `Cannot read --config-file ${file}: ${err instanceof Error ? err.message : String(err)}`;
  }
}

/** True when this module is the program (`tsx bin/main.ts ...`), not imported by the launcher. */
function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  process.exit(await main(process.argv.slice(2)));
}
