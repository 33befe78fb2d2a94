/**
 * A program run in a real pseudo-terminal, for tests that type at the interactive shell.
 *
 * It uses util-linux's `script` (package bsdutils, installed on every Debian and Ubuntu system):
 * `script -qfec <command> /dev/null` runs the command on a new pty, copies what we write to the
 * pty's master side (so "\x03" arrives as the Ctrl-C key, "\t" as Tab) and copies the pty's output
 * back. That needs no dependency: node-pty is a native addon whose install falls back to node-gyp
 * (a compiler) where it has no prebuilt binary, and Python's `pty` module is not on every machine.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

/** Why a pty cannot be had here, or undefined when `script` from util-linux is available. */
export function ptyUnavailable(): string | undefined {
  if (process.platform !== 'linux') return `pty tests need Linux's util-linux 'script' (this is ${process.platform})`;
  const probe = spawnSync('script', ['--version'], { encoding: 'utf8' });
  return probe.status === 0 && probe.stdout.includes('util-linux') ? undefined : "pty tests need util-linux's 'script' on PATH (Debian package bsdutils)";
}

const ANSI = /\x1b\[[0-9;?]*[A-Za-z]|\r/g;
const shellQuote = (word: string): string => `'${word.replace(/'/g, `'\\''`)}'`;

export class Pty {
  private raw = '';
  /** Where the next `expect` starts looking (an index into the text with escapes removed). */
  private cursor = 0;
  private readonly exited: Promise<unknown[]>;

  private constructor(private readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => (this.raw += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (this.raw += chunk.toString('utf8')));
    this.exited = once(child, 'exit');
  }

  /** Runs `argv` on a pty of `columns` x 40 characters. */
  static spawn(argv: readonly string[], env: NodeJS.ProcessEnv, columns = 120): Pty {
    const command = `stty cols ${columns} rows 40; exec ${argv.map(shellQuote).join(' ')}`;
    const child = spawn('script', ['-qfec', command, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    return new Pty(child);
  }

  /** What the terminal showed so far, without escape sequences and carriage returns. */
  get text(): string {
    return this.raw.replace(ANSI, '');
  }

  /** Sends keys as typed: text, "\r" for Enter, "\x03" for Ctrl-C, "\x04" for Ctrl-D, "\t" for Tab. */
  type(keys: string): void {
    this.child.stdin?.write(keys);
  }

  /** Waits until `pattern` shows after the previous match; returns the text up to its end. */
  async expect(pattern: string | RegExp, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const rest = this.text.slice(this.cursor);
      const match = typeof pattern === 'string' ? indexMatch(rest, pattern) : pattern.exec(rest);
      if (match) {
        const end = this.cursor + match.index + match[0].length;
        const seen = this.text.slice(this.cursor, end);
        this.cursor = end;
        return seen;
      }
      if (this.child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`the terminal never showed ${String(pattern)}; after the last match it showed:\n${rest}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Waits for the program to exit; its exit code. */
  async exitCode(): Promise<number | null> {
    await this.exited;
    return this.child.exitCode;
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

function indexMatch(text: string, needle: string): { index: number; 0: string } | undefined {
  const index = text.indexOf(needle);
  return index < 0 ? undefined : { index, 0: needle };
}
