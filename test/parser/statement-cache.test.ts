/**
 * The statement cache (parser/statement-cache.ts): a statement of a shape seen before comes back
 * as the parse of its own text (spans aside), with only its literals swapped; literals that are
 * not literal nodes of their own (LIMIT, window sizes, signed numbers, typed literals) must match.
 */
import { describe, expect, it } from 'vitest';
import { parseStatement } from '../../parser/index.ts';
import { StatementCache } from '../../parser/statement-cache.ts';

/** The AST without spans, for comparing a reused parse with a fresh one. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'span').map(([k, v]) => [k, shape(v)]));
}

describe('StatementCache', () => {
  it.each([
    ["SELECT * FROM T WHERE K='k1';", "SELECT * FROM T WHERE K='another key, it''s longer';"],
    ['SELECT ID, V * 2 AS D FROM T WHERE ID = 7 AND V > 1.5;', 'SELECT ID, V * 2 AS D FROM T WHERE ID = 123456789012 AND V > 0.25;'],
    ["SELECT * FROM T WHERE K IN ('a', 'b') AND X = 1E3;", "SELECT * FROM T WHERE K IN ('c', 'dd') AND X = 2.5E-1;"],
  ])('reuses the parse of %s for %s', (first, second) => {
    const cache = new StatementCache();
    expect(cache.parse(first).reused).toBe(false);
    const again = cache.parse(second);
    expect(again.reused).toBe(true);
    expect(shape(again.statement)).toEqual(shape(parseStatement(second)));
    expect(again.statement.text).toBe(second.slice(0, -1));
    // The first statement is untouched by the second.
    expect(shape(cache.parse(first).statement)).toEqual(shape(parseStatement(first)));
  });

  it('keeps literals that are not literal nodes as part of the shape', () => {
    const cache = new StatementCache();
    cache.parse("SELECT * FROM T WHERE K='a' LIMIT 5;");
    const other = cache.parse("SELECT * FROM T WHERE K='b' LIMIT 50;");
    expect(other.reused).toBe(false);
    expect(shape(other.statement)).toEqual(shape(parseStatement("SELECT * FROM T WHERE K='b' LIMIT 50;")));
    cache.parse('SELECT * FROM T WHERE V = -1;');
    const negative = cache.parse('SELECT * FROM T WHERE V = -2;');
    expect(shape(negative.statement)).toEqual(shape(parseStatement('SELECT * FROM T WHERE V = -2;')));
    cache.parse("SELECT * FROM T WHERE TS > TIMESTAMP '2020-01-01T00:00:00';");
    const typed = cache.parse("SELECT * FROM T WHERE TS > TIMESTAMP '2021-06-01T00:00:00';");
    expect(shape(typed.statement)).toEqual(shape(parseStatement("SELECT * FROM T WHERE TS > TIMESTAMP '2021-06-01T00:00:00';")));
  });

  it('gives statements of one shape the same shape object, with its count of swappable literals', () => {
    const cache = new StatementCache();
    const first = cache.parse("SELECT * FROM T WHERE K='a' LIMIT 3;").shape;
    const second = cache.parse("SELECT * FROM T WHERE K='b' LIMIT 3;").shape;
    const other = cache.parse("SELECT * FROM T WHERE K='b' LIMIT 4;").shape;
    expect(second).toBe(first);
    expect(other).not.toBe(first);
    expect(first?.literals).toBe(1);
    expect(cache.parse("SELECT K, 'x', 2 FROM T WHERE K IN ('a', 'b');").shape?.literals).toBe(4);
  });

  it('tells other shapes apart, forgets the least recently used past its capacity, and leaves errors to the parser', () => {
    const cache = new StatementCache(2);
    cache.parse("SELECT * FROM A WHERE K='x';");
    expect(cache.parse("SELECT * FROM B WHERE K='x';").reused).toBe(false);
    expect(cache.parse("SELECT * FROM A WHERE K='y';").reused).toBe(true);
    cache.parse("SELECT * FROM C WHERE K='x';");
    expect(cache.parse("SELECT * FROM B WHERE K='z';").reused).toBe(false);
    expect(() => cache.parse("SELECT * FROM WHERE K='x';")).toThrow(/line 1:15/);
  });
});
