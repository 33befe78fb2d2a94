import { describe, expect, it } from 'vitest';
import { ParseError } from '../../common/errors.ts';
import { parseStatement, parseStatements } from '../../parser/index.ts';

function parseError(sql: string, parse: (s: string) => unknown = parseStatement): ParseError {
  try {
    parse(sql);
  } catch (e) {
    if (e instanceof ParseError) return e;
    throw e;
  }
  throw new Error(`parsed: ${sql}`);
}

describe('syntax errors', () => {
  it('reports expected tokens like ksqlDB', () => {
    const e = parseError("CREATE STREAM INPUT (K INT (KEY)) WITH (kafka_topic='input',value_format='JSON');");
    expect(e.message).toBe("line 1:29: Syntax Error\nExpecting {'STRING', INTEGER_VALUE}");
    expect(e.span).toMatchObject({ line: 1, col: 29 });
    expect(parseError("CREATE STREAM INPUT (K VARCHAR(STRING) (KEY)) WITH (kafka_topic='input');").message).toBe(
      "line 1:40: Syntax Error\nExpecting {',', ')'}",
    );
  });

  it('reports a missing token when inserting it would fix the input', () => {
    const e = parseError('CREATE STREAM s (id INT KEY) WITH (kafka_topic=\'t\');\nCREATE TABLE o AS SELECT f1, COUNT(*) FROM s GROUP BY f3, (f2, f1);', parseStatements);
    expect(e.message).toBe("line 2:62: Syntax Error\nmissing ')' at ','");
    expect(e.statementText).toBe('CREATE TABLE o AS SELECT f1, COUNT(*) FROM s GROUP BY f3, (f2, f1)');
  });

  it('names unknown statements and unrecognised statement forms', () => {
    expect(parseError("RUN SCRIPT 'foo';").message).toBe("line 1:1: Syntax Error\nUnknown statement 'RUN'");
    expect(parseError('ASSERT VALUES foo (id INT) VALUES (123);').message).toContain("Syntax error at or near 'VALUES' at line 1:8");
    expect(parseError('SELECT CAST(f0 AS NULL) FROM t;').message).toContain("Syntax error at or near 'NULL' at line 1:19");
  });

  it('reports trailing input with no detail', () => {
    expect(parseError('SELECT * FROM S1 ORDER BY MYKEY DESC;').message).toBe('line 1:24: Syntax Error\n');
    expect(parseError('SELECT * FROM s GROUP BY a AND b').message).toMatch(/^line 1:28: Syntax Error/);
  });

  it('reports lexer errors and unexpected end of input', () => {
    expect(parseError('SELECT # FROM s').message).toBe("line 1:8: Syntax Error\ntoken recognition error at: '#'");
    expect(parseError('SELECT a FROM').message).toMatch(/^line 1:14: Syntax Error\nExpecting \{.*IDENTIFIER/);
  });

  it('renders a caret under the offending token', () => {
    const e = parseError('SELECT a\nFROM s WHERE a IN ( );');
    expect(e.span).toMatchObject({ line: 2, col: 21 });
    expect(e.describe()).toContain('FROM s WHERE a IN ( )\n                    ^');
  });
});
