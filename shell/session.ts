import { readFile } from 'node:fs/promises';
import { stringify } from 'lossless-json';
import { ExecutionError, TributaryError } from '../common/errors.ts';
import type { KsqlClient } from './http-client.ts';
import { CLI_COMMAND_START, parseLocalCommand, type LocalCommand, type OutputFormat } from './local-commands.ts';
import { JsonQueryPrinter, QueryPrinter, type TableLayout } from './query-printer.ts';
import { renderEntity } from './render-entity.ts';
import { ShellWriter, type ShellOutput } from './shell-writer.ts';
import { SessionVariables } from './variables.ts';
import { splitStatements, stripComments } from './statement-buffer.ts';

export type { ShellOutput } from './shell-writer.ts';

/**
 * One shell session: local SET/DEFINE state, the output format and spool, and each statement sent
 * to the right endpoint: queries to `/query-stream`, everything else to `/ksql`.
 */
export class ShellSession {
  private readonly properties: Record<string, string> = {};
  private readonly variables = new SessionVariables();
  private format: OutputFormat = 'TABULAR';
  private layout: TableLayout = { wrap: true, columnWidth: 0 };
  readonly out: ShellWriter;

  constructor(
    private readonly client: KsqlClient,
    output: ShellOutput,
  ) {
    this.out = new ShellWriter(output);
  }

  /** Starts the session with properties (`--config-file`), variables (`--define`) and a format (`--output`). */
  configure(properties: Readonly<Record<string, string>>, variables: Readonly<Record<string, string>>, format?: OutputFormat): void {
    Object.assign(this.properties, properties);
    for (const [name, value] of Object.entries(variables)) this.variables.define(name, value);
    if (format) this.format = format;
  }

  /** Runs one statement or CLI command; false when it failed (the error is already printed). */
  async run(statement: string, signal: AbortSignal = new AbortController().signal): Promise<boolean> {
    const text = stripComments(statement).trim();
    this.out.echo(statement);
    try {
      const local = parseLocalCommand(text) && parseLocalCommand(this.variables.substitute(text));
      if (local) return await this.runLocal(local, signal);
      if (/^SELECT\b/i.test(text)) await this.runQuery(statement, /\bEMIT\s+CHANGES\b/i.test(text), signal);
      else await this.runStatements(statement, signal);
      return true;
    } catch (err) {
      if (signal.aborted) {
        this.out.error('Interrupted while waiting for the server, which may still run the statement.');
        return false;
      }
      this.out.error(err instanceof TributaryError ? err.message : String(err));
      return false;
    }
  }

  /** Runs a script's statements in order; stops at the first failure or interruption. */
  async runAll(sql: string, signal: AbortSignal): Promise<boolean> {
    for (const statement of splitStatements(sql, CLI_COMMAND_START)) {
      if (!(await this.run(statement, signal)) || signal.aborted) return false;
    }
    return true;
  }

  private get settings() {
    return { properties: this.properties, variables: this.variables.toRecord() };
  }

  private async runStatements(sql: string, signal: AbortSignal): Promise<void> {
    this.printEntities(await this.client.ksql(sql, this.settings, signal));
  }

  private printEntities(entities: readonly unknown[]): void {
    if (this.format === 'JSON') this.out.write(`${stringify(entities, null, 2) ?? '[]'}\n`);
    else for (const entity of entities) this.out.write(`\n${renderEntity(entity)}\n`);
  }

  private async runQuery(sql: string, push: boolean, signal: AbortSignal): Promise<void> {
    let rows = 0;
    try {
      const result = await this.client.query(sql, this.settings, signal);
      if (push && this.out.isTTY) this.out.write('Press CTRL-C to interrupt\n');
      const printer = this.format === 'JSON' ? new JsonQueryPrinter(result.header) : new QueryPrinter(result.header.columnNames, this.out.columns, this.layout);
      this.out.write(printer.header());
      for await (const row of result.rows) {
        this.out.write(printer.row(row));
        rows++;
      }
    } catch (err) {
      if (!signal.aborted) throw err;
    }
    this.out.write(signal.aborted ? 'Query terminated\n' : `Query completed: ${rows} row${rows === 1 ? '' : 's'}\n`);
  }

  private async runLocal(command: LocalCommand, signal: AbortSignal): Promise<boolean> {
    switch (command.kind) {
      case 'set':
        await this.set(command.name, command.value);
        return true;
      case 'unset':
        this.unset(command.name);
        return true;
      case 'define':
        this.variables.define(command.name, command.value);
        return true;
      case 'undefine':
        if (!this.variables.undefine(command.name)) this.out.write(`WARNING: Cannot undefine variable '${command.name}' which was never defined\n`);
        return true;
      case 'showVariables':
        this.printEntities([{ '@type': 'variables', variables: Object.entries(this.variables.toRecord()).map(([name, value]) => ({ name, value })) }]);
        return true;
      case 'output':
        if (command.format) this.format = command.format;
        this.out.write(command.format ? `Output format set to ${this.format}\n` : `Output format: ${this.format}\n`);
        return true;
      case 'spool':
        this.spool(command.path);
        return true;
      case 'wrap':
        this.layout = { ...this.layout, wrap: command.on };
        this.out.write(command.on ? 'Long values in query rows now wrap.\n' : 'Long values in query rows are now cut short, ending in ...\n');
        return true;
      case 'columnWidth':
        this.layout = { ...this.layout, columnWidth: command.width };
        this.out.write(command.width === 0 ? 'Query columns share the terminal width.\n' : `Query columns are ${command.width} characters wide.\n`);
        return true;
      case 'runScript':
        return this.runAll(await readScript(command.path), signal);
    }
  }

  private async set(name: string, value: string): Promise<void> {
    await this.client.isValidProperty(name);
    const before = this.properties[name];
    this.properties[name] = value;
    const from = before === undefined ? '' : ` from '${before}'`;
    this.out.write(`Successfully changed local property '${name}'${from} to '${value}'. Use the UNSET command to revert your change.\n`);
  }

  private unset(name: string): void {
    const before = this.properties[name];
    if (before === undefined) {
      throw new ExecutionError(`Cannot unset local property '${name}' which was never set in the first place`);
    }
    delete this.properties[name];
    this.out.write(`Successfully unset local property '${name}' (value was '${before}').\n`);
  }

  private spool(path: string | undefined): void {
    if (path === undefined) {
      const closed = this.out.spoolOff();
      this.out.write(closed === undefined ? 'No spool file is open.\n' : `Stopped spooling to '${closed}'.\n`);
      return;
    }
    try {
      this.out.spool(path);
    } catch (err) {
      throw new ExecutionError(`Cannot spool to '${path}': ${err instanceof Error ? err.message : String(err)}`);
    }
    this.out.write(`Spooling commands and their output to '${path}'; SPOOL OFF stops.\n`);
  }
}

async function readScript(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new ExecutionError(`Cannot run script '${path}': ${err instanceof Error ? err.message : String(err)}`);
  }
}
