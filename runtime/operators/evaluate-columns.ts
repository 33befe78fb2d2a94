import type { Evaluator, Rec } from '../record.ts';
import { reportError, type OperatorContext } from './operator.ts';

/** Evaluates a projection's column expressions; a failing one is logged and yields NULL. */
export function columnEvaluator(ctx: OperatorContext, what: 'key' | 'value'): (exprs: readonly Evaluator[], r: Rec) => unknown[] {
  return (exprs, r) => {
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
}
