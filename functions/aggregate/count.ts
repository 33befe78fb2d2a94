import type { AggregateFunction, AggregateImpl } from '../function.ts';
import { P } from '../param-types.ts';
import { agg } from './support.ts';

// COUNT(*) reaches us with no column argument: every row counts.
const countRows: AggregateImpl = {
  init: () => 0n,
  add: (acc) => (acc as bigint) + 1n,
  undo: (acc) => (acc as bigint) - 1n,
  merge: (a, b) => (a as bigint) + (b as bigint),
  result: (acc) => acc,
};

const countValues: AggregateImpl = {
  init: () => 0n,
  add: (acc, args) => (args[0] == null ? acc : (acc as bigint) + 1n),
  undo: (acc, args) => (args[0] == null ? acc : (acc as bigint) - 1n),
  merge: (a, b) => (a as bigint) + (b as bigint),
  result: (acc) => acc,
};

export const count: AggregateFunction = {
  name: 'COUNT',
  category: 'AGGREGATE',
  description: 'Counts records by key.',
  signatures: [
    agg([], P.BIGINT, P.BIGINT, () => countRows, { description: 'Counts all rows (COUNT(*)).' }),
    agg([P.ANY], P.BIGINT, P.BIGINT, () => countValues, {
      names: ['col1'],
      description: 'Counts the rows where col1 is not null.',
    }),
  ],
};
