import { createInterface, type Interface } from 'node:readline';
import { Completion } from './completion.ts';
import { HISTORY_SIZE, type History } from './history.ts';
import { CLI_COMMAND_START } from './local-commands.ts';
import type { ShellSession } from './session.ts';
import { StatementBuffer, stripComments } from './statement-buffer.ts';

const PROMPT = 'tributary> ';
const CONTINUATION = '> ';

export const HELP = `Type SQL statements ending in ';' (they may span lines; Tab completes words and names).
  SELECT ... EMIT CHANGES;            stream rows until the query ends or you press Ctrl-C
  SET 'auto.offset.reset'='earliest'; request properties for later statements (UNSET, SHOW PROPERTIES)
  DEFINE name = 'value';              session variables for \${name} (UNDEFINE, SHOW VARIABLES)
  RUN SCRIPT '<file>';                run the statements in a file
  OUTPUT [TABULAR|JSON]               how results print
  SPOOL '<file>' | SPOOL OFF          also write commands and results to a file
  SET CLI WRAP ON|OFF, SET CLI COLUMN-WIDTH <n>   how query rows are laid out
  history, !!, !n, !text              list or rerun earlier statements (also up/down arrows)
  clear, version, help, exit          (Ctrl-D also leaves; Ctrl-C clears the line)
`;

export interface ReplOptions {
  /** Kept across sessions; only used on a terminal. */
  readonly history?: History;
  readonly completion?: Completion;
  readonly version?: string;
}

type ReplCommand = 'exit' | 'help' | 'history' | 'clear' | 'version';
const REPL_COMMANDS: Readonly<Record<string, ReplCommand>> = {
  exit: 'exit', quit: 'exit', help: 'help', history: 'history', clear: 'clear', version: 'version',
};

/** A command of the shell itself, typed at the start of a statement (no `;` needed). */
function replCommand(line: string): ReplCommand | undefined {
  return REPL_COMMANDS[line.trim().replace(/;$/, '').trim().toLowerCase()];
}

/**
 * The interactive loop. Ctrl-C while typing clears the statement; while a query streams it closes
 * that query (by dropping its connection) and returns to the prompt; Ctrl-D or `exit` leaves.
 */
export async function runRepl(session: ShellSession, input: NodeJS.ReadableStream, output: NodeJS.WritableStream, opts: ReplOptions = {}): Promise<number> {
  const terminal = 'isTTY' in input && input.isTTY === true;
  const history = terminal ? opts.history : undefined;
  const rl = createInterface({
    input,
    output,
    prompt: PROMPT,
    terminal,
    historySize: history ? HISTORY_SIZE : 0,
    ...(history && { history: history.entries }),
    ...(opts.completion && { completer: (line: string) => opts.completion?.complete(line) ?? [[], line] }),
  });
  const repl = new Repl({ session, rl, output, terminal, history, completion: opts.completion, version: opts.version ?? '?' });
  const interrupt = (): void => repl.interrupt();
  rl.on('SIGINT', interrupt);
  process.on('SIGINT', interrupt);
  // Ctrl-D during a query leaves; piped input that ends lets a running query go on.
  if (terminal) rl.on('close', () => repl.stopQuery());
  try {
    rl.prompt();
    for await (const line of rl) {
      if (!(await repl.line(line))) break;
      rl.setPrompt(repl.pending ? CONTINUATION : PROMPT);
      rl.prompt();
    }
  } finally {
    process.off('SIGINT', interrupt);
    rl.close();
  }
  output.write('Exiting Tributary.\n');
  return 0;
}

interface ReplContext {
  readonly session: ShellSession;
  readonly rl: Interface;
  readonly output: NodeJS.WritableStream;
  readonly terminal: boolean;
  readonly history: History | undefined;
  readonly completion: Completion | undefined;
  readonly version: string;
}

/** The state of one interactive session: the statement being typed and the query running. */
class Repl {
  private readonly buffer = new StatementBuffer();
  private running: AbortController | undefined;

  constructor(private readonly ctx: ReplContext) {}

  get pending(): boolean {
    return this.buffer.pending;
  }

  /** Handles one line of input; false when it asks to leave. */
  async line(typed: string): Promise<boolean> {
    const line = this.buffer.pending ? typed : this.expand(typed);
    if (line === undefined) return true;
    const command = this.buffer.pending ? undefined : replCommand(line);
    if (command === 'exit') return false;
    if (command) runReplCommand(command, this.ctx);
    const statements = command ? [] : !this.buffer.pending && CLI_COMMAND_START.test(line) ? [line] : this.buffer.add(line);
    for (const statement of statements) await this.run(statement);
    this.ctx.history?.lineEntered(line, !this.buffer.pending);
    return true;
  }

  /** `!!`, `!n`, `!-n`, `!text`: the statement recalled from history, shown as it runs. */
  private expand(line: string): string | undefined {
    if (!/^\s*!/.test(line)) return line;
    const recalled = this.ctx.history?.recall(line);
    this.ctx.output.write(recalled === undefined ? `${line.trim()}: not in the history\n` : `${recalled}\n`);
    return recalled;
  }

  /** Ctrl-C: stops the running query, or drops what was typed and prompts afresh. */
  interrupt(): void {
    if (this.running) return this.stopQuery();
    const { output, rl, history } = this.ctx;
    output.write('^C\n');
    this.buffer.clear();
    history?.lineEntered('', true);
    if (this.ctx.terminal) clearLine(rl);
    rl.setPrompt(PROMPT);
    rl.prompt();
  }

  stopQuery(): void {
    this.running?.abort();
  }

  private async run(statement: string): Promise<void> {
    this.running = new AbortController();
    const ok = await this.ctx.session.run(statement, this.running.signal);
    this.running = undefined;
    const completion = this.ctx.completion;
    if (ok && completion && Completion.changesNames(stripComments(statement))) await completion.refresh();
  }
}

function runReplCommand(command: Exclude<ReplCommand, 'exit'>, { output, history, version }: ReplContext): void {
  switch (command) {
    case 'help':
      output.write(HELP);
      return;
    case 'history':
      output.write(history ? history.listing() : 'No history: the shell is not reading from a terminal.\n');
      return;
    case 'clear':
      output.write('\x1b[2J\x1b[H');
      return;
    case 'version':
      output.write(`Tributary shell v${version}\n`);
      return;
  }
}

/** Empties the line being edited (Ctrl-E, then Ctrl-U, as readline's own keys). */
function clearLine(rl: Interface): void {
  rl.write(null, { ctrl: true, name: 'e' });
  rl.write(null, { ctrl: true, name: 'u' });
}
