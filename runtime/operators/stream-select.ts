import type { Evaluator, Rec } from '../record.ts';
import { columnEvaluator } from './evaluate-columns.ts';
import type { Downstream, OperatorContext } from './operator.ts';

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
  const keys = columnEvaluator(ctx, 'key');
  const values = columnEvaluator(ctx, 'value');
  return (r: Rec) => {
    const key = keys(keyExprs, r);
    const value = r.value === null ? null : values(valueExprs, r);
    // A record with no key keeps having none while the key is only carried through. An explicit
    // literal rather than a spread: one allocation of a fixed shape.
    next({
      key,
      value,
      oldValue: r.oldValue,
      timestamp: r.timestamp,
      partition: r.partition,
      offset: r.offset,
      headers: r.headers,
      nullKey: r.nullKey === true && keyPassthrough,
      windowStart: r.windowStart,
      windowEnd: r.windowEnd,
    });
  };
}
