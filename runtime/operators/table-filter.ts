import { recWith, type Evaluator, type Rec } from '../record.ts';
import { reportError, type Downstream, type OperatorContext } from './operator.ts';

/**
 * A filter over table changes (WHERE on a table, HAVING). A passing row goes out; a failing one
 * becomes a tombstone only if the key's previous row passed, so the downstream table forgets it.
 * Without old values (an unmaterialized upstream) every failing change is a tombstone.
 */
export function tableFilter(predicate: Evaluator, ctx: OperatorContext, next: Downstream): Downstream {
  const passes = (r: Rec): boolean => {
    if (r.value === null) return false;
    try {
      return predicate(r) === true;
    } catch (e) {
      reportError(ctx, 'RECORD_PROCESSING_ERROR', 'Error evaluating table filter predicate', e);
      return false;
    }
  };
  return (r: Rec) => {
    const old = r.oldValue;
    if (old === undefined) {
      next(passes(r) ? r : recWith(r, r.key, null, r.oldValue));
      return;
    }
    const oldPassed = old !== null && passes(recWith(r, r.key, old, r.oldValue));
    const oldValue = oldPassed ? old : null;
    if (passes(r)) next(oldValue === old ? r : recWith(r, r.key, r.value, oldValue));
    else if (oldPassed) next(recWith(r, r.key, null, oldValue));
  };
}
