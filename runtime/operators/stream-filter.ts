import type { Evaluator, Rec } from '../record.ts';
import { reportError, type Downstream, type OperatorContext } from './operator.ts';

/** WHERE: passes records whose predicate is TRUE; null values and failing predicates drop the record. */
export function streamFilter(predicate: Evaluator, ctx: OperatorContext, next: Downstream): Downstream {
  return (r: Rec) => {
    if (r.value === null) return;
    let keep: unknown;
    try {
      keep = predicate(r);
    } catch (e) {
      reportError(ctx, 'RECORD_PROCESSING_ERROR', 'Error evaluating WHERE predicate', e);
      return;
    }
    if (keep === true) next(r);
  };
}
