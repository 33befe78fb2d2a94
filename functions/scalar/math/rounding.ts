import type { ScalarFunction } from '../../function.ts';
import { Decimal, type RoundingMode } from '../../../common/decimal.ts';
import { doubleToLong } from '../../../common/java-format.ts';
import { P } from '../../param-types.ts';
import { sig, bound } from '../../define.ts';
import { firstDecimal, integralPart, sameType } from './decimal-types.ts';

const identity = <T>(x: T): T => x;

/**
 * ksqlDB rounds half toward positive infinity, like Math.round (HALF_UP above zero, HALF_DOWN
 * below: ROUND(-1.5) is -1), which is the floor of the value plus half a unit in the last place.
 */
const halfUpward = (d: Decimal, places: number): Decimal => d.add(new Decimal(5n, places + 1)).setScale(places, 'FLOOR');

type Rounder = (d: Decimal, places: number) => Decimal;
const byMode = (mode: RoundingMode): Rounder => (d, places) => d.setScale(places, mode);

/** Rounds a double at `places` decimal digits through BigDecimal.valueOf, as ksqlDB does. */
function doubleAt(x: number, places: number, rounder: Rounder): number {
  if (!Number.isFinite(x)) return x;
  return rounder(Decimal.fromNumber(x), places).toNumber();
}

// CEILING is not a Decimal mode: ceil(x) = -floor(-x).
const ceilDecimal = (d: Decimal, places: number): Decimal => d.negate().setScale(places, 'FLOOR').negate();

/** ROUND(d, n) keeps the input's DECIMAL type: round at n digits, then restore the scale. */
const decimalAt = (rounder: Rounder) => (d: Decimal, places: number) => rounder(d, places).setScale(d.scale);

export const round: ScalarFunction = {
  name: 'round',
  category: 'MATHEMATICAL',
  description: 'Rounds half up, to a whole number or to a number of decimal places.',
  signatures: [
    sig([P.INTEGER], P.BIGINT, (x: number) => BigInt(x), { names: ['value'] }),
    sig([P.BIGINT], P.BIGINT, identity, { names: ['value'] }),
    // Java's Math.round: floor(x + 0.5), saturating to a long.
    sig([P.DOUBLE], P.BIGINT, (x: number) => doubleToLong(Math.round(x)), { names: ['value'] }),
    sig([P.DOUBLE, P.INTEGER], P.DOUBLE, (x: number, n: number) => doubleAt(x, n, halfUpward), { names: ['value', 'decimalPlaces'] }),
    sig([P.DECIMAL], integralPart, (d: Decimal) => halfUpward(d, 0), { names: ['value'] }),
    sig([P.DECIMAL, P.INTEGER], sameType, decimalAt(halfUpward), { names: ['value', 'decimalPlaces'] }),
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
    sig([P.DOUBLE, P.INTEGER], P.DOUBLE, (x: number, n: number) => doubleAt(x, n, byMode('DOWN')), { names: ['value', 'decimalPlaces'] }),
    sig([P.DECIMAL], integralPart, (d: Decimal) => d.setScale(0, 'DOWN'), { names: ['value'] }),
    sig([P.DECIMAL, P.INTEGER], sameType, decimalAt(byMode('DOWN')), { names: ['value', 'decimalPlaces'] }),
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
