import { ExecutionError, TributaryError } from '../common/errors.ts';
import type { KsqlClient } from './http-client.ts';
import { parseLocalCommand, type LocalCommand } from './local-commands.ts';
import { QueryPrinter } from './query-printer.ts';
import { renderEntity } from './render-entity.ts';
import { stripComments } from './statement-buffer.ts';
import { renderTable } from './table.ts';

/** Where the shell writes; a TTY's `columns` sizes query output. */
export interface ShellOutput {
  write(text: string): unknown;
  readonly columns?: number;
}

/**
 * One shell session: local SET/DEFINE state, and each statement sent to the right endpoint —
 * queries to `/query-stream`, everything else to `/ksql`.
 */
export class ShellSession {
  private readonly properties: Record<string, string> = {};
  private readonly variables: Record<string, string> = {};

  constructor(
    private readonly client: KsqlClient,
    private readonly out: ShellOutput,
  ) {}

  /** Runs one `;`-terminated statement; false when it failed (the error is already printed). */
  async run(statement: string, signal: AbortSignal = new AbortController().signal): Promise<boolean> {
    const text = stripComments(statement).trim();
    try {
      const local = parseLocalCommand(text);
      if (local) await this.runLocal(local);
      else if (/^(SELECT|PRINT)\b/i.test(text)) await this.runQuery(statement, signal);
      else await this.runStatements(statement);
      return true;
    } catch (err) {
      this.out.write(`${err instanceof TributaryError ? err.message : String(err)}\n`);
      return false;
    }
  }

  private get settings() {
    return { properties: this.properties, variables: this.variables };
  }

  private async runStatements(sql: string): Promise<void> {
    const entities = await this.client.ksql(sql, this.settings);
    for (const entity of entities) this.out.write(`\n${renderEntity(entity)}\n`);
  }

  private async runQuery(sql: string, signal: AbortSignal): Promise<void> {
    let rows = 0;
    try {
      const result = await this.client.query(sql, this.settings, signal);
      const printer = new QueryPrinter(result.header.columnNames, this.out.columns || 80);
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

  private async runLocal(command: LocalCommand): Promise<void> {
    switch (command.kind) {
      case 'set': {
        await this.client.isValidProperty(command.name);
        const before = this.properties[command.name];
        this.properties[command.name] = command.value;
        const from = before === undefined ? '' : ` from '${before}'`;
        this.out.write(
          `Successfully changed local property '${command.name}'${from} to '${command.value}'. Use the UNSET command to revert your change.\n`,
        );
        return;
      }
      case 'unset':
        return this.unset(command.name);
      case 'define':
        this.variables[command.name] = command.value;
        return;
      case 'undefine':
        if (!(command.name in this.variables)) this.out.write(`WARNING: Cannot undefine variable '${command.name}' which was never defined\n`);
        delete this.variables[command.name];
        return;
      case 'showVariables':
        this.out.write(`\n${renderTable(['Variable Name', 'Value'], Object.entries(this.variables))}\n`);
        return;
    }
  }

  private unset(name: string): void {
    const before = this.properties[name];
    if (before === undefined) {
      throw new ExecutionError(`Cannot unset local property '${name}' which was never set in the first place`);
    }
    delete this.properties[name];
    this.out.write(`Successfully unset local property '${name}' (value was '${before}').\n`);
  }
}
