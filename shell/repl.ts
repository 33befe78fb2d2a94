import { createInterface, type Interface } from 'node:readline';
import { Completion } from './completion.ts';
import type { History } from './history.ts';
import { HISTORY_SIZE } from './history.ts';
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
  history, clear, version, help, exit (Ctrl-D also leaves; Ctrl-C clears the line)
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
  const buffer = new StatementBuffer();
  let running: AbortController | undefined;
  const interrupt = (): void => {
    if (running) return running.abort();
    output.write('^C\n');
    buffer.clear();
    history?.lineEntered('', true);
    if (terminal) clearLine(rl);
    rl.setPrompt(PROMPT);
    rl.prompt();
  };
  rl.on('SIGINT', interrupt);
  // Ctrl-D during a query leaves; piped input that ends lets a running query go on.
  if (terminal) rl.on('close', () => running?.abort());
  process.on('SIGINT', interrupt);
  try {
    rl.prompt();
    for await (const line of rl) {
      const command = buffer.pending ? undefined : replCommand(line);
      if (command === 'exit') break;
      if (command) runReplCommand(command, output, history, opts.version);
      const statements = command ? [] : !buffer.pending && CLI_COMMAND_START.test(line) ? [line] : buffer.add(line);
      for (const statement of statements) {
        running = new AbortController();
        const ok = await session.run(statement, running.signal);
        running = undefined;
        if (ok && opts.completion && Completion.changesNames(stripComments(statement))) await opts.completion.refresh();
      }
      history?.lineEntered(line, !buffer.pending);
      rl.setPrompt(buffer.pending ? CONTINUATION : PROMPT);
      rl.prompt();
    }
  } finally {
    process.off('SIGINT', interrupt);
    rl.close();
  }
  output.write('Exiting Tributary.\n');
  return 0;
}

function runReplCommand(command: Exclude<ReplCommand, 'exit'>, output: NodeJS.WritableStream, history: History | undefined, version = '?'): void {
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
