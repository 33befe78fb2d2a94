/**
 * ksqlDB's join key rules, one at a time: which expressions equal a join's key (and so need no
 * re-key in a later join), which plain columns may stand for it in the projection, and which of
 * them the result key is named after.
 */
import { describe, expect, it } from 'vitest';
import type { Expr, SelectItem } from '../../parser/ast.ts';
import { parseStatement } from '../../parser/index.ts';
import { chooseKeyColumn, joinEquivalence, joinSide, NO_EQUIVALENCE, projectionContains } from '../../planner/join-key.ts';

/** The SELECT list and join conditions of a query, parsed. */
function parse(sql: string): { select: readonly SelectItem[]; on: [Expr, Expr][] } {
  const stmt = parseStatement(sql);
  if (stmt.kind !== 'CreateAsSelect') throw new Error('expected CREATE ... AS SELECT');
  const on = stmt.query.from.joins.map((j): [Expr, Expr] => {
    if (j.on.kind !== 'Comparison') throw new Error('expected an equality');
    return [j.on.left, j.on.right];
  });
  return { select: stmt.query.select, on };
}

/** Every column in these conditions is qualified, so no name needs an owner. */
const noOwner = (): string | undefined => undefined;

describe('join key equivalence', () => {
  it('a join makes both of its expressions equal to the key; plain columns are viable keys', () => {
    const { on } = parse('CREATE STREAM O AS SELECT * FROM S1 JOIN S2 WITHIN 1 SECOND ON S1.ID = ABS(S2.ID);');
    const [l, r] = on[0]!;
    const eq = joinEquivalence(NO_EQUIVALENCE, NO_EQUIVALENCE, joinSide(l, noOwner), joinSide(r, noOwner), false);
    expect(eq.expressions).toEqual(['S1.ID', 'ABS(S2.ID)']);
    expect(eq.viable).toEqual([{ alias: 'S1', name: 'ID' }]);
  });

  it('a later join on an expression equal to the key keeps the earlier equivalences', () => {
    const { on } = parse('CREATE STREAM O AS SELECT * FROM S1 JOIN S2 WITHIN 1 SECOND ON S1.ID = ABS(S2.ID) JOIN S3 WITHIN 1 SECOND ON ABS(S2.ID) = ABS(S3.ID);');
    const side = (e: Expr) => joinSide(e, noOwner);
    const first = joinEquivalence(NO_EQUIVALENCE, NO_EQUIVALENCE, side(on[0]![0]), side(on[0]![1]), false);
    const second = joinEquivalence(first, NO_EQUIVALENCE, side(on[1]![0]), side(on[1]![1]), false);
    expect(second.expressions).toEqual(['ABS(S2.ID)', 'ABS(S3.ID)', 'S1.ID']);
    // S1.ID is still a way to select the key, though this join names no plain column.
    expect(second.viable).toEqual([{ alias: 'S1', name: 'ID' }]);
  });

  it('a later join on another expression starts a new equivalence', () => {
    const { on } = parse('CREATE STREAM O AS SELECT * FROM S1 JOIN S2 WITHIN 1 SECOND ON S1.ID = S2.ID JOIN S3 WITHIN 1 SECOND ON S1.V0 = S3.V0;');
    const side = (e: Expr) => joinSide(e, noOwner);
    const first = joinEquivalence(NO_EQUIVALENCE, NO_EQUIVALENCE, side(on[0]![0]), side(on[0]![1]), false);
    const second = joinEquivalence(first, NO_EQUIVALENCE, side(on[1]![0]), side(on[1]![1]), false);
    expect(second.viable).toEqual([
      { alias: 'S1', name: 'V0' },
      { alias: 'S3', name: 'V0' },
    ]);
  });

  it('a FULL OUTER join key equals neither side', () => {
    const { on } = parse('CREATE STREAM O AS SELECT * FROM S1 FULL JOIN S2 WITHIN 1 SECOND ON S1.ID = S2.ID;');
    expect(joinEquivalence(NO_EQUIVALENCE, NO_EQUIVALENCE, joinSide(on[0]![0], noOwner), joinSide(on[0]![1], noOwner), true)).toEqual(NO_EQUIVALENCE);
  });

  it('unqualified columns are qualified by the source that owns them', () => {
    const { on } = parse('CREATE STREAM O AS SELECT * FROM S1 JOIN S2 WITHIN 1 SECOND ON V0 = S2.ID;');
    expect(joinSide(on[0]![0], (name) => (name === 'V0' ? 'S1' : undefined))).toEqual({ text: 'S1.V0', column: { alias: 'S1', name: 'V0' } });
  });
});

describe('the key column a projection uses', () => {
  const viable = [
    { alias: 'S1', name: 'V0' },
    { alias: 'S3', name: 'V0' },
  ];
  const owner = (name: string) => (name === 'X' ? 'S3' : undefined);

  it('is the first viable column the projection contains, whatever the SELECT order', () => {
    const { select } = parse('CREATE STREAM O AS SELECT S3.V0, S1.V0 FROM S1 JOIN S3 WITHIN 1 SECOND ON S1.V0 = S3.V0;');
    expect(chooseKeyColumn(viable, select, owner)).toEqual({ alias: 'S1', name: 'V0' });
  });

  it('skips viable columns the projection leaves out, and falls back to the first', () => {
    const only3 = parse('CREATE STREAM O AS SELECT S3.V0 AS K FROM S1 JOIN S3 WITHIN 1 SECOND ON S1.V0 = S3.V0;');
    expect(chooseKeyColumn(viable, only3.select, owner)).toEqual({ alias: 'S3', name: 'V0' });
    const none = parse('CREATE STREAM O AS SELECT S1.ID FROM S1 JOIN S3 WITHIN 1 SECOND ON S1.V0 = S3.V0;');
    expect(chooseKeyColumn(viable, none.select, owner)).toEqual({ alias: 'S1', name: 'V0' });
  });

  it('counts `*`, `<alias>.*` and bare items, not columns inside expressions', () => {
    const c = { alias: 'S3', name: 'X' };
    const contains = (sql: string) => projectionContains(parse(sql).select, c, owner);
    expect(contains('CREATE STREAM O AS SELECT * FROM S1 JOIN S3 WITHIN 1 SECOND ON S1.V0 = S3.V0;')).toBe(true);
    expect(contains('CREATE STREAM O AS SELECT S3.* FROM S1 JOIN S3 WITHIN 1 SECOND ON S1.V0 = S3.V0;')).toBe(true);
    expect(contains('CREATE STREAM O AS SELECT S1.* FROM S1 JOIN S3 WITHIN 1 SECOND ON S1.V0 = S3.V0;')).toBe(false);
    expect(contains('CREATE STREAM O AS SELECT X AS Y FROM S1 JOIN S3 WITHIN 1 SECOND ON S1.V0 = S3.V0;')).toBe(true);
    expect(contains('CREATE STREAM O AS SELECT ABS(S3.X) FROM S1 JOIN S3 WITHIN 1 SECOND ON S1.V0 = S3.V0;')).toBe(false);
  });
});
