import { closeSync, openSync, writeSync } from 'node:fs';

/** Where the shell writes; a TTY's `columns` sizes query output. */
export interface ShellOutput {
  write(text: string): unknown;
  readonly columns?: number;
  readonly isTTY?: boolean;
}

const RED = '\x1b[31;1m';
const RESET = '\x1b[0m';

/**
 * The shell's output: the terminal, plus the SPOOL file when one is open (ksqlDB's SPOOL records
 * each command, prefixed with the prompt, and everything it printed).
 */
export class ShellWriter {
  private spoolFd: number | undefined;
  private spoolPath: string | undefined;

  constructor(private readonly out: ShellOutput) {}

  get columns(): number {
    return this.out.columns || 80;
  }

  get isTTY(): boolean {
    return this.out.isTTY === true;
  }

  write(text: string): void {
    this.out.write(text);
    if (this.spoolFd !== undefined) writeSync(this.spoolFd, text);
  }

  /** An error message; red on a terminal, plain in the spool file. */
  error(message: string): void {
    this.out.write(this.out.isTTY ? `${RED}${message}${RESET}\n` : `${message}\n`);
    if (this.spoolFd !== undefined) writeSync(this.spoolFd, `${message}\n`);
  }

  /** Records a command in the spool file only: the terminal shows it already. */
  echo(command: string): void {
    if (this.spoolFd !== undefined) writeSync(this.spoolFd, `tributary> ${command}\n`);
  }

  /** Starts spooling to `path` (appending), closing any earlier spool. */
  spool(path: string): void {
    this.spoolOff();
    this.spoolFd = openSync(path, 'a');
    this.spoolPath = path;
  }

  /** Stops spooling; the path that was being written, if any. */
  spoolOff(): string | undefined {
    const path = this.spoolPath;
    if (this.spoolFd !== undefined) closeSync(this.spoolFd);
    this.spoolFd = undefined;
    this.spoolPath = undefined;
    return path;
  }
}
