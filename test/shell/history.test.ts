import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { History } from '../../shell/history.ts';

/** What readline does with each accepted line: the newest goes first, blank lines are skipped. */
function typed(history: History, line: string, complete: boolean): void {
  if (line.trim() !== '' && history.entries[0] !== line) history.entries.unshift(line);
  history.lineEntered(line, complete);
}

describe('History', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tributary-history-'));
  const file = path.join(dir, 'nested', 'history');
  afterEach(() => rmSync(path.join(dir, 'nested'), { recursive: true, force: true }));

  it('saves statements oldest first and loads them newest first', () => {
    const h = new History(file);
    typed(h, 'SHOW STREAMS;', true);
    typed(h, 'SHOW TABLES;', true);
    expect(readFileSync(file, 'utf8')).toBe('SHOW STREAMS;\nSHOW TABLES;\n');
    expect(new History(file).entries).toEqual(['SHOW TABLES;', 'SHOW STREAMS;']);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('keeps a multi-line statement as one entry', () => {
    const h = new History(file);
    typed(h, 'SELECT *', false);
    typed(h, '', false);
    typed(h, '  FROM s EMIT CHANGES;', true);
    expect(h.entries).toEqual(['SELECT * FROM s EMIT CHANGES;']);
    expect(h.listing()).toBe('   1: SELECT * FROM s EMIT CHANGES;\n');
  });

  it('moves a repeated statement to the end instead of keeping it twice', () => {
    writeFileSync(path.join(dir, 'old'), 'SHOW STREAMS;\nSHOW TABLES;\n');
    const h = new History(path.join(dir, 'old'));
    typed(h, 'SHOW STREAMS;', true);
    expect(h.entries).toEqual(['SHOW STREAMS;', 'SHOW TABLES;']);
  });

  it('recalls !!, !n, !-n and !text in place of the line typed', () => {
    const h = new History(file);
    for (const line of ['SHOW STREAMS;', 'SHOW TABLES;', 'DESCRIBE s;']) typed(h, line, true);
    const recall = (line: string): string | undefined => {
      h.entries.unshift(line);
      return h.recall(line);
    };
    expect(recall('!!')).toBe('DESCRIBE s;');
    expect(h.entries).toEqual(['DESCRIBE s;', 'DESCRIBE s;', 'SHOW TABLES;', 'SHOW STREAMS;']);
    h.entries.shift();
    expect(recall('!1')).toBe('SHOW STREAMS;');
    h.entries.shift();
    expect(recall('!-2')).toBe('SHOW TABLES;');
    h.entries.shift();
    expect(recall('!SHOW S')).toBe('SHOW STREAMS;');
    h.entries.shift();
    expect(recall('!9')).toBeUndefined();
    expect(recall('!nothing')).toBeUndefined();
    expect(h.entries).toEqual(['DESCRIBE s;', 'SHOW TABLES;', 'SHOW STREAMS;']);
  });

  it('starts empty when the file does not exist', () => {
    expect(new History(path.join(dir, 'none', 'history')).entries).toEqual([]);
  });
});
