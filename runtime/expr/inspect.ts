import type { BoundExpr } from '../../plan/expr.ts';

/** True when every column the expression reads is a key column, so it can be computed for a null value. */
export function readsOnlyKey(e: BoundExpr): boolean {
  const visit = (v: unknown): boolean => {
    if (Array.isArray(v)) return v.every(visit);
    if (!v || typeof v !== 'object') return true;
    const o = v as { kind?: unknown; slot?: { from: string } };
    if (o.kind === 'Column') return o.slot?.from === 'KEY';
    return Object.entries(o).every(([k, x]) => k === 'type' || visit(x));
  };
  return visit(e);
}
