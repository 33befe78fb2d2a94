import type { WindowedKey } from '../../plan/steps.ts';
import { recWith, type Evaluator, type Rec } from '../record.ts';
import { reportError, type Downstream, type OperatorContext } from './operator.ts';

/**
 * PARTITION BY: the key becomes the expressions (NULL where one fails) and the old key columns that
 * are not part of the new key are appended to the value, so later steps can still read them.
 * With `window`, a time-windowed record takes that window's size (end = start + size).
 */
export function streamSelectKey(
  keyExprs: readonly Evaluator[],
  keyOnly: readonly boolean[],
  carriedKeyIndexes: readonly number[],
  ctx: OperatorContext,
  next: Downstream,
  window?: WindowedKey,
): Downstream {
  const resize = window !== undefined && window.type !== 'SESSION' && window.sizeMs !== undefined ? window.sizeMs : undefined;
  return (r: Rec) => {
    const key = new Array<unknown>(keyExprs.length);
    for (let i = 0; i < keyExprs.length; i++) {
      // A null value (tombstone) keeps only the key parts computable from the old key.
      if (r.value === null && !keyOnly[i]) {
        key[i] = null;
        continue;
      }
      try {
        key[i] = keyExprs[i]!(r) ?? null;
      } catch (e) {
        reportError(ctx, 'RECORD_PROCESSING_ERROR', 'Error computing PARTITION BY expression', e);
        key[i] = null;
      }
    }
    let value: unknown[] | null = null;
    if (r.value !== null) {
      value = r.value.slice();
      for (const i of carriedKeyIndexes) value.push(r.key[i] ?? null);
    }
    if (resize !== undefined && r.windowStart !== undefined) next(recWith(r, key, value, r.oldValue, false, r.windowStart + resize));
    else next(recWith(r, key, value, r.oldValue, false));
  };
}
