import type { ScalarFunction } from '../../function.ts';
import { Decimal, type RoundingMode } from '../../../common/decimal.ts';
import { doubleToLong } from '../../../common/java-format.ts';
import { P } from '../../param-types.ts';
import { sig, bound } from '../../define.ts';
import { firstDecimal, integralPart, sameType } from './decimal-types.ts';

const identity = <T>(x: T): T => x;

/** Rounds a double at `places` decimal digits through BigDecimal.valueOf, as ksqlDB does. */
function doubleAt(x: number, places: number, mode: RoundingMode): number {
  if (!Number.isFinite(x)) return x;
  return Decimal.fromNumber(x).setScale(places, mode).toNumber();
}

// CEILING is not a Decimal mode: ceil(x) = -floor(-x).
const ceilDecimal = (d: Decimal, places: number): Decimal => d.negate().setScale(places, 'FLOOR').negate();

/** ROUND(d, n) keeps the input's DECIMAL type: round at n digits, then restore the scale. */
const decimalAt = (mode: RoundingMode) => (d: Decimal, places: number) => d.setScale(places, mode).setScale(d.scale);

export const round: ScalarFunction = {
  name: 'round',
  category: 'MATHEMATICAL',
  description: 'Rounds half up, to a whole number or to a number of decimal places.',
  signatures: [
    sig([P.INTEGER], P.INTEGER, identity, { names: ['value'] }),
    sig([P.BIGINT], P.BIGINT, identity, { names: ['value'] }),
    // Java's Math.round: floor(x + 0.5), saturating to a long.
    sig([P.DOUBLE], P.BIGINT, (x: number) => doubleToLong(Math.round(x)), { names: ['value'] }),
    sig([P.DOUBLE, P.INTEGER], P.DOUBLE, (x: number, n: number) => doubleAt(x, n, 'HALF_UP'), { names: ['value', 'decimalPlaces'] }),
    sig([P.DECIMAL], integralPart, (d: Decimal) => d.setScale(0, 'HALF_UP'), { names: ['value'] }),
    sig([P.DECIMAL, P.INTEGER], sameType, decimalAt('HALF_UP'), { names: ['value', 'decimalPlaces'] }),
  ],
};

export const trunc: ScalarFunction = {
  name: 'trunc',
  category: 'MATHEMATICAL',
  description: 'Truncates toward zero, to a whole number or to a number of decimal places.',
  signatures: [
    sig([P.INTEGER], P.INTEGER, identity, { names: ['value'] }),
    sig([P.BIGINT], P.BIGINT, identity, { names: ['value'] }),
    sig([P.DOUBLE], P.BIGINT, (x: number) => doubleToLong(x), { names: ['value'] }),
    sig([P.DOUBLE, P.INTEGER], P.DOUBLE, (x: number, n: number) => doubleAt(x, n, 'DOWN'), { names: ['value', 'decimalPlaces'] }),
    sig([P.DECIMAL], integralPart, (d: Decimal) => d.setScale(0, 'DOWN'), { names: ['value'] }),
    sig([P.DECIMAL, P.INTEGER], sameType, decimalAt('DOWN'), { names: ['value', 'decimalPlaces'] }),
  ],
};

export const floor: ScalarFunction = {
  name: 'floor',
  category: 'MATHEMATICAL',
  description: 'The largest whole number not greater than the value.',
  signatures: [
    sig([P.INTEGER], P.INTEGER, identity, { names: ['value'] }),
    sig([P.BIGINT], P.BIGINT, identity, { names: ['value'] }),
    sig([P.DOUBLE], P.DOUBLE, Math.floor, { names: ['value'] }),
    bound([P.DECIMAL], sameType, (t) => {
      const scale = firstDecimal(t).scale;
      return (d: Decimal) => d.setScale(0, 'FLOOR').setScale(scale);
    }, { names: ['value'] }),
  ],
};

export const ceil: ScalarFunction = {
  name: 'ceil',
  category: 'MATHEMATICAL',
  description: 'The smallest whole number not less than the value.',
  signatures: [
    sig([P.INTEGER], P.INTEGER, identity, { names: ['value'] }),
    sig([P.BIGINT], P.BIGINT, identity, { names: ['value'] }),
    sig([P.DOUBLE], P.DOUBLE, Math.ceil, { names: ['value'] }),
    bound([P.DECIMAL], sameType, (t) => {
      const scale = firstDecimal(t).scale;
      return (d: Decimal) => ceilDecimal(d, 0).setScale(scale);
    }, { names: ['value'] }),
  ],
};
