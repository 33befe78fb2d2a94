import { createInterface } from 'node:readline';
import type { ShellSession } from './session.ts';
import { StatementBuffer } from './statement-buffer.ts';

const PROMPT = 'tributary> ';
const CONTINUATION = '> ';

export const HELP = `Type SQL statements ending in ';' (they may span lines).
  SELECT ... EMIT CHANGES;   stream rows until the query ends or you press Ctrl-C
  SET 'auto.offset.reset'='earliest';   request properties for later statements
  DEFINE name = 'value';     session variables for \${name}
  help, exit, quit           (Ctrl-D also leaves)
`;

/** What a line means before it reaches the statement buffer. */
function shellCommand(line: string): 'exit' | 'help' | undefined {
  const word = line.trim().replace(/;$/, '').trim().toLowerCase();
  return word === 'exit' || word === 'quit' ? 'exit' : word === 'help' ? 'help' : undefined;
}

/**
 * The interactive loop. Ctrl-C while typing clears the statement; while a query streams it closes
 * that query (by dropping its connection) and returns to the prompt; Ctrl-D or `exit` leaves.
 */
export async function runRepl(session: ShellSession, input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<number> {
  const rl = createInterface({ input, output, prompt: PROMPT, terminal: 'isTTY' in input && input.isTTY === true });
  const buffer = new StatementBuffer();
  let running: AbortController | undefined;
  const interrupt = (): void => {
    if (running) return running.abort();
    output.write('^C\n');
    buffer.clear();
    rl.setPrompt(PROMPT);
    rl.prompt();
  };
  rl.on('SIGINT', interrupt);
  process.on('SIGINT', interrupt);
  try {
    rl.prompt();
    for await (const line of rl) {
      const command = buffer.pending ? undefined : shellCommand(line);
      if (command === 'exit') break;
      if (command === 'help') output.write(HELP);
      for (const statement of command ? [] : buffer.add(line)) {
        running = new AbortController();
        await session.run(statement, running.signal);
        running = undefined;
      }
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
