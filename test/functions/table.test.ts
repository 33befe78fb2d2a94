import { describe, expect, it } from 'vitest';
import { BIGINT, INTEGER, array } from '../../common/types.ts';
import { zipTableResults } from '../../functions/index.ts';
import { registry } from './helpers.ts';

// Expected values come from table-functions.json and cube.json.
describe('table functions', () => {
  it('EXPLODE yields one row per element', () => {
    const f = registry.resolveTable('EXPLODE', [array(BIGINT)]);
    expect(f.invoke([[1n, 2n]])).toEqual([1n, 2n]);
    expect(f.invoke([[]])).toEqual([]);
  });

  it('several table functions advance together, padded with nulls', () => {
    expect(zipTableResults([[1, 2], [10, 11, 12]])).toEqual([[1, 10], [2, 11], [null, 12]]);
    expect(zipTableResults([[3, 4], [20]])).toEqual([[3, 20], [4, null]]);
  });

  it('CUBE_EXPLODE yields each combination, skipping duplicates from nulls', () => {
    const f = registry.resolveTable('CUBE_EXPLODE', [array(INTEGER)]);
    expect(f.elementType).toEqual(array(INTEGER));
    expect(f.invoke([[1, 2]])).toEqual([[null, null], [null, 2], [1, null], [1, 2]]);
    expect(f.invoke([[1, null]])).toEqual([[null, null], [1, null]]);
    expect(f.invoke([['one', 'two', 'three']])).toHaveLength(8);
  });
});
