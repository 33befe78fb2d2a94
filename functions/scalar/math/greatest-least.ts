import { type SqlType, decimal } from '../../../common/types.ts';
import type { BoundTypes, ParamType, ScalarFunction, Signature } from '../../function.ts';
import type { Decimal } from '../../../common/decimal.ts';
import { P } from '../../param-types.ts';
import { sig, bound } from '../../define.ts';
import { compareValues } from '../../support/values.ts';

/**
 * The DECIMAL wide enough for every typed argument: most integer digits plus most fraction digits.
 * An untyped NULL literal does not widen it.
 */
function widestDecimal(t: BoundTypes): SqlType {
  let intDigits = 1;
  let scale = 0;
  for (const [i, p] of t.paramTypes.entries()) {
    if (p.kind !== 'DECIMAL' || t.argTypes[i] === null) continue;
    intDigits = Math.max(intDigits, p.precision - p.scale);
    scale = Math.max(scale, p.scale);
  }
  return decimal(intDigits + scale, scale);
}

/** Keeps the extreme non-null value; `sign` is -1 for LEAST, 1 for GREATEST. */
const pick = (sign: number) => (first: unknown, rest: readonly unknown[]): unknown => {
  let best: unknown = first ?? null;
  for (const v of rest) {
    if (v === null || v === undefined) continue;
    if (best === null || compareValues(v, best) * sign > 0) best = v;
  }
  return best;
};

// One variadic signature per comparable type: `f(T first, T... rest)`, so that f() matches nothing
// and mixed numeric arguments are ambiguous unless one of them is a DOUBLE, as in ksqlDB.
const TYPES: readonly ParamType[] = [P.INTEGER, P.BIGINT, P.DOUBLE, P.STRING, P.BYTES, P.DATE, P.TIME, P.TIMESTAMP];

function family(name: string, description: string, sign: number): ScalarFunction {
  const f = pick(sign);
  const opts = { variadic: true, nullSafe: true, names: ['val', 'vals'] };
  const signatures: Signature[] = TYPES.map((t) => sig([t, t], t, f, opts));
  signatures.push(
    bound([P.DECIMAL, P.DECIMAL], widestDecimal, (types) => {
      const scale = types.returnType.kind === 'DECIMAL' ? types.returnType.scale : 0;
      return (first: Decimal | null, rest: readonly (Decimal | null)[]) => {
        const d = f(first, rest) as Decimal | null;
        return d === null ? null : d.setScale(scale);
      };
    }, opts),
  );
  return { name, category: 'MATHEMATICAL', description, signatures };
}

export const least = family('least', 'The smallest non-null argument.', -1);
export const greatest = family('greatest', 'The largest non-null argument.', 1);
