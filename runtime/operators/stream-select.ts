import type { Evaluator, Rec } from '../record.ts';
import { reportError, type Downstream, type OperatorContext } from './operator.ts';

/**
 * Projection. A failing expression yields NULL for that column and the row still goes out; a null
 * value stays null, with the key recomputed where it can be.
 */
export function streamSelect(
  keyExprs: readonly Evaluator[],
  valueExprs: readonly Evaluator[],
  keyPassthrough: boolean,
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
    // A record with no key keeps having none while the key is only carried through.
    next({ ...r, key, value, nullKey: r.nullKey === true && keyPassthrough });
  };
}
