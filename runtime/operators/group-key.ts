import type { Evaluator, Rec } from '../record.ts';
import { reportError, type OperatorContext } from './operator.ts';

/**
 * GROUP BY keys of a row, or null when any of them is null or fails (the row is then excluded;
 * `quiet` skips the log entry, for old rows that were logged when they arrived).
 */
export function groupKeyReader(exprs: readonly Evaluator[], ctx: OperatorContext): (r: Rec, quiet?: boolean) => unknown[] | null {
  return (r, quiet = false) => {
    const key = new Array<unknown>(exprs.length);
    for (let i = 0; i < exprs.length; i++) {
      let v: unknown;
      try {
        v = exprs[i]!(r);
      } catch (e) {
        if (!quiet) reportError(ctx, 'RECORD_PROCESSING_ERROR', `Error computing group-by column with index ${i}`, e);
        return null;
      }
      if (v === null || v === undefined) {
        if (!quiet) {
          reportError(ctx, 'RECORD_PROCESSING_ERROR', 'Group-by failed', `Group-by column with index ${i} resolved to null. The source row will be excluded from the table.`);
        }
        return null;
      }
      key[i] = v;
    }
    return key;
  };
}
