import { recWith, type Evaluator, type Rec } from '../record.ts';
import { columnEvaluator } from './evaluate-columns.ts';
import type { Downstream, OperatorContext } from './operator.ts';

/**
 * Projection of table changes: the new and the old row go through the same expressions. A failing
 * expression yields NULL for that column; a tombstone stays a tombstone, its key recomputed from
 * the key columns.
 */
export function tableSelect(
  keyExprs: readonly Evaluator[],
  valueExprs: readonly Evaluator[],
  ctx: OperatorContext,
  next: Downstream,
): Downstream {
  const keys = columnEvaluator(ctx, 'key');
  const values = columnEvaluator(ctx, 'value');
  return (r: Rec) => {
    const key = keys(keyExprs, r);
    const value = r.value === null ? null : values(valueExprs, r);
    const old = r.oldValue;
    const oldValue = old === undefined || old === null ? old : values(valueExprs, recWith(r, r.key, old, r.oldValue));
    next(recWith(r, key, value, oldValue, false));
  };
}
