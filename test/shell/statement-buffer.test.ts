import { describe, expect, it } from 'vitest';
import { parseLocalCommand } from '../../shell/local-commands.ts';
import { oneLine, splitStatements, StatementBuffer, stripComments } from '../../shell/statement-buffer.ts';

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

describe('splitStatements and oneLine', () => {
  it('splits a script and keeps a last statement without a semicolon', () => {
    expect(splitStatements("SHOW STREAMS;\n-- note; here\nSELECT ';'\n  FROM s")).toEqual(['SHOW STREAMS;', "SELECT ';'\n  FROM s;"]);
  });

  it('takes a command line at a statement start as complete without a semicolon', () => {
    const script = "OUTPUT JSON\nSHOW\nOUTPUT TABULAR;\n  SPOOL x\nSHOW STREAMS; OUTPUT x";
    expect(splitStatements(script, /^\s*(OUTPUT|SPOOL)\b/i)).toEqual(['OUTPUT JSON', 'SHOW\nOUTPUT TABULAR;', 'SPOOL x', 'SHOW STREAMS;', 'OUTPUT x;']);
  });

  it('folds a multi-line statement into one history line, comments dropped', () => {
    expect(oneLine("CREATE STREAM s (id INT)\n  -- the topic; next\n  WITH (kafka_topic='s');")).toBe("CREATE STREAM s (id INT) WITH (kafka_topic='s');");
    expect(oneLine("SELECT 'a  b',\n\t/* x */ c FROM s;")).toBe("SELECT 'a  b', c FROM s;");
  });

  it('leaves a statement whose quoted literal spans lines unfolded', () => {
    expect(oneLine("INSERT INTO s VALUES ('one\ntwo');")).toBeUndefined();
  });
});

describe('parseLocalCommand, CLI commands', () => {
  it('recognises OUTPUT, SPOOL and RUN SCRIPT with or without a semicolon', () => {
    expect(parseLocalCommand('output json')).toEqual({ kind: 'output', format: 'JSON' });
    expect(parseLocalCommand('OUTPUT;')).toEqual({ kind: 'output' });
    expect(parseLocalCommand("SPOOL '/tmp/it''s.log';")).toEqual({ kind: 'spool', path: "/tmp/it's.log" });
    expect(parseLocalCommand('spool session.log')).toEqual({ kind: 'spool', path: 'session.log' });
    expect(parseLocalCommand('SPOOL OFF;')).toEqual({ kind: 'spool' });
    expect(parseLocalCommand("SPOOL 'off'")).toEqual({ kind: 'spool', path: 'off' });
    expect(parseLocalCommand("RUN SCRIPT '/x/setup.sql';")).toEqual({ kind: 'runScript', path: '/x/setup.sql' });
    expect(parseLocalCommand('run script setup.sql')).toEqual({ kind: 'runScript', path: 'setup.sql' });
    expect(parseLocalCommand('OUTPUT XML;')).toBeUndefined();
    expect(parseLocalCommand('set cli wrap off')).toEqual({ kind: 'wrap', on: false });
    expect(parseLocalCommand('SET CLI COLUMN-WIDTH 20;')).toEqual({ kind: 'columnWidth', width: 20 });
    expect(parseLocalCommand("SET 'cli'='x';")).toEqual({ kind: 'set', name: 'cli', value: 'x' });
  });
});
