import { type SqlType, decimal } from '../../../common/types.ts';
import { InternalError } from '../../../common/errors.ts';
import type { BoundTypes } from '../../function.ts';

/** The DECIMAL type of the first argument (after implicit casts). */
export function firstDecimal(t: BoundTypes): Extract<SqlType, { kind: 'DECIMAL' }> {
  const p = t.paramTypes[0];
  if (p?.kind !== 'DECIMAL') throw new InternalError('expected a DECIMAL first argument');
  return p;
}

/** Return type = the first argument's DECIMAL type (ABS, ROUND(d, n), FLOOR...). */
export const sameType = (t: BoundTypes): SqlType => firstDecimal(t);

/** Return type with the fraction dropped (ROUND(d), TRUNC(d)): DECIMAL(p - s, 0). */
export const integralPart = (t: BoundTypes): SqlType => {
  const d = firstDecimal(t);
  return decimal(Math.max(d.precision - d.scale, 1), 0);
};
