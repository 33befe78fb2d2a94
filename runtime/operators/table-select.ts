import type { Evaluator, Rec } from '../record.ts';
import { reportError, type Downstream, type OperatorContext } from './operator.ts';

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
  const evalAll = (exprs: readonly Evaluator[], r: Rec, what: string): unknown[] => {
    const out = new Array<unknown>(exprs.length);
    for (let i = 0; i < exprs.length; i++) {
      try {
        out[i] = exprs[i]!(r) ?? null;
      } catch (e) {
        reportError(ctx, 'RECORD_PROCESSING_ERROR', `Error computing ${what} column ${i + 1}`, e);
        out[i] = null;
      }
    }
    return out;
  };
  return (r: Rec) => {
    const key = evalAll(keyExprs, r, 'key');
    const value = r.value === null ? null : evalAll(valueExprs, r, 'value');
    const old = r.oldValue;
    const oldValue = old === undefined || old === null ? old : evalAll(valueExprs, { ...r, value: old }, 'value');
    next({ ...r, key, value, oldValue, nullKey: false });
  };
}
