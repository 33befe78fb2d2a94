import { describe, expect, it } from 'vitest';
import { parseLocalCommand } from '../../shell/local-commands.ts';
import { StatementBuffer, stripComments } from '../../shell/statement-buffer.ts';

describe('StatementBuffer', () => {
  it('joins lines until a semicolon', () => {
    const b = new StatementBuffer();
    expect(b.add('CREATE STREAM s (id INT)')).toEqual([]);
    expect(b.pending).toBe(true);
    expect(b.add("  WITH (kafka_topic='s');")).toEqual(["CREATE STREAM s (id INT)\n  WITH (kafka_topic='s');"]);
    expect(b.pending).toBe(false);
  });

  it('splits several statements on one line and keeps the rest', () => {
    const b = new StatementBuffer();
    expect(b.add('SHOW STREAMS; SHOW TABLES; SELECT')).toEqual(['SHOW STREAMS;', 'SHOW TABLES;']);
    expect(b.partial).toBe('SELECT');
  });

  it('ignores semicolons in quotes and comments', () => {
    const b = new StatementBuffer();
    expect(b.add("SELECT 'a;b', `x;y` FROM s -- not; here")).toEqual([]);
    expect(b.add('/* nor; here */ EMIT CHANGES;')).toHaveLength(1);
    expect(b.add("-- just a comment;")).toEqual([]);
    expect(b.pending).toBe(false);
  });

  it('strips comments but not quoted text', () => {
    expect(stripComments("-- hi\nSELECT '--x' /* y */ FROM s;").trim()).toBe("SELECT '--x'   FROM s;");
  });
});

describe('parseLocalCommand', () => {
  it('recognises SET, UNSET, DEFINE, UNDEFINE and SHOW VARIABLES', () => {
    expect(parseLocalCommand("SET 'auto.offset.reset' = 'earliest';")).toEqual({ kind: 'set', name: 'auto.offset.reset', value: 'earliest' });
    expect(parseLocalCommand("unset 'auto.offset.reset';")).toEqual({ kind: 'unset', name: 'auto.offset.reset' });
    expect(parseLocalCommand("DEFINE who = 'it''s me';")).toEqual({ kind: 'define', name: 'who', value: "it's me" });
    expect(parseLocalCommand('UNDEFINE who;')).toEqual({ kind: 'undefine', name: 'who' });
    expect(parseLocalCommand('SHOW VARIABLES;')).toEqual({ kind: 'showVariables' });
    expect(parseLocalCommand('SHOW STREAMS;')).toBeUndefined();
  });
});
