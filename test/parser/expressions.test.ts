import { describe, expect, it } from 'vitest';
import { formatExpr, parseStatement, type Expr } from '../../parser/index.ts';

function expr(sql: string): Expr {
  const st = parseStatement(`SELECT ${sql} FROM s`);
  if (st.kind !== 'Query') throw new Error('not a query');
  const item = st.select[0];
  if (item?.kind !== 'SelectExpr') throw new Error('not an expression');
  return item.expr;
}

const fmt = (sql: string): string => formatExpr(expr(sql));

describe('expression precedence', () => {
  it.each([
    ['a OR b AND c', '(A OR (B AND C))'],
    ['NOT a AND b', '((NOT A) AND B)'],
    ['NOT a = b', '(NOT (A = B))'],
    ['a + b * c - d', '((A + (B * C)) - D)'],
    ['a * b % c / d', '(((A * B) % C) / D)'],
    ['-a * b', '(-A * B)'],
    ['a || b + c', 'CONCAT(A, (B + C))'],
    ['a + 1 > b AND c IS NOT NULL', '(((A + 1) > B) AND (C IS NOT NULL))'],
    ['a BETWEEN 1 AND 2 AND b', '((A BETWEEN 1 AND 2) AND B)'],
    ['a NOT IN (1, 2)', '(A NOT IN (1, 2))'],
    ["a NOT LIKE 'x%' ESCAPE '!'", "(A NOT LIKE 'x%' ESCAPE '!')"],
    ['a IS DISTINCT FROM b', '(A IS DISTINCT FROM B)'],
    ['s->f[1]->g', 'S->F[1]->G'],
    ['t.id = 0', '(T.ID = 0)'],
    ["ts AT TIME ZONE 'UTC'", "TS AT TIME ZONE 'UTC'"],
    ['(a + b) * c', '((A + B) * C)'],
    ['a != b', '(A <> B)'],
  ])('%s', (sql, expected) => {
    expect(fmt(sql)).toBe(expected);
  });
});

describe('literals and primaries', () => {
  it('literal kinds', () => {
    expect(expr('42')).toMatchObject({ kind: 'IntegerLiteral', text: '42' });
    expect(expr('-2147483648')).toMatchObject({ kind: 'IntegerLiteral', text: '-2147483648' });
    expect(expr('1.50')).toMatchObject({ kind: 'DecimalLiteral', text: '1.50' });
    expect(expr('1.5E3')).toMatchObject({ kind: 'DoubleLiteral', text: '1.5E3' });
    expect(expr('1E10')).toMatchObject({ kind: 'DoubleLiteral' });
    expect(expr("'it''s'")).toMatchObject({ kind: 'StringLiteral', value: "it's" });
    expect(expr('NULL')).toMatchObject({ kind: 'NullLiteral' });
    expect(expr('true')).toMatchObject({ kind: 'BooleanLiteral', value: true });
    expect(expr("DATE '2020-01-01'")).toMatchObject({ kind: 'TypedLiteral', type: { name: 'DATE' }, value: '2020-01-01' });
    expect(expr('${missing}')).toMatchObject({ kind: 'VariableRef', name: 'missing' });
  });

  it('identifiers fold unless quoted', () => {
    expect(expr('abc')).toMatchObject({ kind: 'ColumnRef', name: 'ABC' });
    expect(expr('`aBc`')).toMatchObject({ kind: 'ColumnRef', name: 'aBc' });
    expect(expr('"aBc"')).toMatchObject({ kind: 'ColumnRef', name: 'aBc' });
    expect(expr('`a``b`')).toMatchObject({ name: 'a`b' });
    expect(expr('src.`Col`')).toMatchObject({ source: 'SRC', name: 'Col' });
  });

  it('calls, lambdas, CASE, CAST and constructors', () => {
    expect(expr('COUNT(*)')).toMatchObject({ kind: 'FunctionCall', name: 'COUNT', star: true, args: [] });
    expect(expr('now()')).toMatchObject({ kind: 'FunctionCall', name: 'NOW', args: [] });
    expect(expr('TRANSFORM(arr, x => x + 1)')).toMatchObject({ args: [{ kind: 'ColumnRef' }, { kind: 'Lambda', params: ['X'] }] });
    expect(expr('REDUCE(m, 0, (s, k, v) => s + v)')).toMatchObject({ args: [{}, {}, { kind: 'Lambda', params: ['S', 'K', 'V'] }] });
    expect(expr('DATEADD(DAYS, 1, d)')).toMatchObject({ args: [{ kind: 'IntervalUnit', unit: 'DAYS' }, {}, {}] });
    expect(expr('CASE WHEN a > 1 THEN 1 ELSE 2 END')).toMatchObject({ kind: 'Case', whens: [{}] });
    expect(expr('CASE a WHEN 1 THEN 2 END')).toMatchObject({ kind: 'Case', operand: { kind: 'ColumnRef' } });
    expect(fmt('CAST(x AS BIGINT)')).toBe('CAST(X AS BIGINT)');
    expect(fmt('CAST(x AS DECIMAL(4, 2))')).toBe('CAST(X AS DECIMAL(4, 2))');
    expect(fmt('CAST(x AS STRUCT<a ARRAY<MAP<STRING, INT>>>)')).toBe('CAST(X AS STRUCT<`A` ARRAY<MAP<STRING, INTEGER>>>)');
    expect(fmt('ARRAY[1, 2, 3]')).toBe('ARRAY[1, 2, 3]');
    expect(fmt("MAP(1 := 'cat')")).toBe("MAP(1:='cat')");
    expect(fmt('STRUCT(f0 := val1)')).toBe('STRUCT(F0:=VAL1)');
    expect(fmt('SUM(value)')).toBe('SUM(VALUE)');
    expect(fmt('true + 1.5')).toBe('(true + 1.5)');
    expect(fmt('1 + null')).toBe('(1 + null)');
    expect(fmt('1.5E3')).toBe('1500.0');
    expect(fmt('`lower` + `SELECT`')).toBe('(`lower` + `SELECT`)');
  });

  it('spans point into the statement text', () => {
    const e = expr('a +  bcd');
    expect(e.span).toMatchObject({ line: 1, col: 8, offset: 7, endOffset: 15 });
  });
});
