import { recWith, type Rec } from '../record.ts';
import { reportError, type Downstream, type OperatorContext } from './operator.ts';

export type TableFn = (r: Rec) => readonly unknown[];

/**
 * Table functions (EXPLODE ...): one output per generated row. Several functions are zipped: the
 * longest result decides the row count and shorter ones are padded with NULL.
 */
export function streamFlatMap(functions: readonly TableFn[], ctx: OperatorContext, next: Downstream): Downstream {
  return (r: Rec) => {
    if (r.value === null) return;
    let results: (readonly unknown[])[];
    try {
      results = functions.map((f) => f(r));
    } catch (e) {
      reportError(ctx, 'RECORD_PROCESSING_ERROR', 'Error in table function', e);
      return;
    }
    const rows = Math.max(0, ...results.map((x) => x.length));
    for (let i = 0; i < rows; i++) {
      const value = r.value.slice();
      for (const res of results) value.push(i < res.length ? (res[i] ?? null) : null);
      next(recWith(r, r.key, value, r.oldValue));
    }
  };
}
