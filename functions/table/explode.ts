import type { TableFunction } from '../function.ts';
import { P } from '../param-types.ts';
import { sig } from '../define.ts';

export const explode: TableFunction = {
  name: 'explode',
  category: 'TABLE',
  description: 'One row per element of an array (none for a null or empty array).',
  signatures: [sig([P.array(P.T)], P.T, (a: unknown[]) => a, { names: ['input'] })],
};

/**
 * Every combination of keeping or nulling out each element (2^n rows, first element as the most
 * significant bit). A null element only has its nulled-out variant, so no row repeats.
 */
function cube(a: readonly unknown[]): unknown[][] {
  const n = a.length;
  const rows: unknown[][] = [];
  for (let mask = 0; mask < 2 ** n; mask++) {
    const row: unknown[] = [];
    let skip = false;
    for (let i = 0; i < n && !skip; i++) {
      const keep = (mask >> (n - 1 - i)) & 1;
      if (keep && a[i] == null) skip = true;
      row.push(keep ? a[i] : null);
    }
    if (!skip) rows.push(row);
  }
  return rows;
}

export const cubeExplode: TableFunction = {
  name: 'cube_explode',
  category: 'TABLE',
  description: 'One row per combination of the array elements, with the others set to null.',
  signatures: [sig([P.array(P.T)], P.array(P.T), cube, { names: ['input'] })],
};

/**
 * ksqlDB's rule for several table functions in one SELECT: they advance together, the output has as
 * many rows as the longest result, and shorter results are padded with nulls.
 * `zipTableResults([[1, 2], [10, 11, 12]])` → `[[1, 10], [2, 11], [null, 12]]`.
 */
export function zipTableResults(results: readonly (readonly unknown[])[]): unknown[][] {
  const rows = Math.max(0, ...results.map((r) => r.length));
  return Array.from({ length: rows }, (_, i) => results.map((r) => (i < r.length ? r[i] : null)));
}
