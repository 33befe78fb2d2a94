import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { oneLine } from './statement-buffer.ts';

export const HISTORY_SIZE = 1000;

/** `TRIBUTARY_HISTORY_FILE`, or `~/.tributary/history`. */
export function defaultHistoryFile(): string {
  return process.env['TRIBUTARY_HISTORY_FILE'] || path.join(homedir(), '.tributary', 'history');
}

/**
 * The shell's history, kept across sessions in a file (oldest line first). `entries` is the array
 * readline itself edits (newest first): it adds each typed line, and this class folds the lines of
 * a multi-line statement into one entry, drops duplicates and saves after every statement.
 */
export class History {
  readonly entries: string[];
  private pending: string[] = [];
  private warned = false;

  constructor(private readonly file: string) {
    this.entries = readLines(file).reverse().slice(0, HISTORY_SIZE);
  }

  /** A line readline has accepted; `complete` when it ended the statement it belongs to. */
  lineEntered(line: string, complete: boolean): void {
    if (line.trim() !== '') this.pending.push(line);
    if (!complete) return;
    const lines = this.pending;
    this.pending = [];
    const joined = lines.length > 1 ? oneLine(lines.join('\n')) : undefined;
    if (joined !== undefined && lines.every((l, i) => this.entries[lines.length - 1 - i] === l)) {
      this.entries.splice(0, lines.length, joined);
    }
    const newest = this.entries[0];
    for (let i = this.entries.length - 1; i > 0; i--) if (this.entries[i] === newest) this.entries.splice(i, 1);
    this.save();
  }

  /**
   * History expansion, typed at a statement's start: `!!` (the last entry), `!n` (entry n of the
   * `history` listing), `!-n` (n back) or `!text` (the last entry starting with text). readline
   * has already added the `!...` line; it is replaced by what it recalls, or dropped.
   */
  recall(line: string): string | undefined {
    const typed = this.entries[0] === line;
    if (typed) this.entries.shift();
    const ref = line.trim().slice(1);
    const newestFirst = this.entries;
    let found: string | undefined;
    if (ref === '!') found = newestFirst[0];
    else if (/^-\d+$/.test(ref)) found = newestFirst[Number(ref.slice(1)) - 1];
    else if (/^\d+$/.test(ref)) found = newestFirst[newestFirst.length - Number(ref)];
    else found = ref === '' ? undefined : newestFirst.find((entry) => entry.startsWith(ref));
    if (typed && found !== undefined) this.entries.unshift(found);
    return found;
  }

  /** The `history` command: `%4d: line`, oldest first. */
  listing(): string {
    return [...this.entries].reverse().map((line, i) => `${String(i + 1).padStart(4)}: ${line}\n`).join('');
  }

  private save(): void {
    try {
      mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
      // Statements may hold secrets (SET 'sasl.jaas.config'=...): only the user reads the file.
      writeFileSync(this.file, [...this.entries].reverse().map((l) => `${l}\n`).join(''), { mode: 0o600 });
    } catch (err) {
      if (!this.warned) process.stderr.write(`WARNING: cannot save history to ${this.file}: ${String(err)}\n`);
      this.warned = true;
    }
  }
}

function readLines(file: string): string[] {
  try {
    return readFileSync(file, 'utf8').split('\n').filter((line) => line.trim() !== '');
  } catch {
    return [];
  }
}
