import type { ScalarFunction } from '../../function.ts';
import type { Decimal } from '../../../common/decimal.ts';
import { P } from '../../param-types.ts';
import { sig } from '../../define.ts';
import { sameType } from './decimal-types.ts';

export const abs: ScalarFunction = {
  name: 'abs',
  category: 'MATHEMATICAL',
  description: 'The absolute value of a number.',
  signatures: [
    // Java's Math.abs overflows for the minimum value and stays negative.
    sig([P.INTEGER], P.INTEGER, (x: number) => Math.abs(x) | 0, { names: ['value'] }),
    sig([P.BIGINT], P.BIGINT, (x: bigint) => BigInt.asIntN(64, x < 0n ? -x : x), { names: ['value'] }),
    sig([P.DOUBLE], P.DOUBLE, Math.abs, { names: ['value'] }),
    sig([P.DECIMAL], sameType, (x: Decimal) => x.abs(), { names: ['value'] }),
  ],
};

const signOf = (x: number): number => (Number.isNaN(x) ? 0 : Math.sign(x) | 0);

export const sign: ScalarFunction = {
  name: 'sign',
  category: 'MATHEMATICAL',
  description: 'The sign of a number: -1, 0 or 1.',
  signatures: [
    sig([P.INTEGER], P.INTEGER, signOf, { names: ['value'] }),
    sig([P.BIGINT], P.INTEGER, (x: bigint) => (x < 0n ? -1 : x > 0n ? 1 : 0), { names: ['value'] }),
    sig([P.DOUBLE], P.INTEGER, signOf, { names: ['value'] }),
    sig([P.DECIMAL], P.INTEGER, (x: Decimal) => x.signum(), { names: ['value'] }),
  ],
};
