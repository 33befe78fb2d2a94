/** Comparisons. `=, <>, <, <=, >, >=` with a NULL operand are FALSE (ksqlDB), DISTINCT treats NULLs as equal. */
import { comparatorFor } from '../../common/values.ts';
import type { BoundOf } from '../../plan/expr.ts';
import type { Evaluator } from '../record.ts';

const TESTS: Record<string, (c: number) => boolean> = {
  '=': (c) => c === 0,
  '<>': (c) => c !== 0,
  '<': (c) => c < 0,
  '<=': (c) => c <= 0,
  '>': (c) => c > 0,
  '>=': (c) => c >= 0,
};

export function compileCompare(e: BoundOf<'Compare'>, left: Evaluator, right: Evaluator): Evaluator {
  const cmp = comparatorFor(e.operandType);
  if (e.op === 'DISTINCT' || e.op === 'NOT DISTINCT') {
    const distinct = e.op === 'DISTINCT';
    return (r) => {
      const a = left(r) ?? null;
      const b = right(r) ?? null;
      const same = a === null || b === null ? a === b : cmp(a, b) === 0;
      return same !== distinct;
    };
  }
  const test = TESTS[e.op]!;
  return (r) => {
    const a = left(r);
    if (a === null || a === undefined) return false;
    const b = right(r);
    if (b === null || b === undefined) return false;
    return test(cmp(a, b));
  };
}

export function compileIn(e: BoundOf<'In'>, operand: Evaluator, tests: readonly Evaluator[]): Evaluator {
  return (r) => {
    const v = operand(r);
    if (v === null || v === undefined) return false;
    let found = false;
    for (const test of tests) {
      if (test(r) === true) {
        found = true;
        break;
      }
    }
    return found !== e.not;
  };
}
