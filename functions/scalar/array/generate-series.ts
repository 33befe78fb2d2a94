import type { ScalarFunction } from '../../function.ts';
import { ProcessingError } from '../../../common/errors.ts';
import { P } from '../../param-types.ts';
import { sig } from '../../define.ts';

// The default step follows the direction from start to end.
function series(start: number, end: number, step = end >= start ? 1 : -1): number[] {
  if (step === 0) throw new ProcessingError('GENERATE_SERIES step cannot be zero');
  const out: number[] = [];
  if ((end - start) * step < 0) return out;
  for (let v = start; step > 0 ? v <= end : v >= end; v += step) out.push(v);
  return out;
}

function seriesBig(start: bigint, end: bigint, step: bigint = end >= start ? 1n : -1n): bigint[] {
  if (step === 0n) throw new ProcessingError('GENERATE_SERIES step cannot be zero');
  const out: bigint[] = [];
  if ((end - start) * step < 0n) return out;
  for (let v = start; step > 0n ? v <= end : v >= end; v += step) out.push(v);
  return out;
}

const names = ['start', 'end', 'step'];

export const generateSeries: ScalarFunction = {
  name: 'generate_series',
  category: 'ARRAY',
  description: 'An array of numbers from start to end inclusive, by an optional step.',
  signatures: [
    sig([P.INTEGER, P.INTEGER], P.array(P.INTEGER), series, { names }),
    sig([P.INTEGER, P.INTEGER, P.INTEGER], P.array(P.INTEGER), series, { names }),
    sig([P.BIGINT, P.BIGINT], P.array(P.BIGINT), seriesBig, { names }),
    sig([P.BIGINT, P.BIGINT, P.BIGINT], P.array(P.BIGINT), seriesBig, { names }),
  ],
};
