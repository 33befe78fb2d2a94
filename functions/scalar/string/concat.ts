import type { ScalarFunction } from '../../function.ts';
import { P } from '../../param-types.ts';
import { sig } from '../../define.ts';
import { concatBytes } from '../../support/bytes.ts';

const nonNull = <T>(xs: readonly (T | null)[]): T[] => xs.filter((x): x is T => x !== null && x !== undefined);

export const concat: ScalarFunction = {
  name: 'concat',
  category: 'STRING',
  description: 'Concatenates strings or bytes; null inputs are skipped.',
  signatures: [
    sig([P.STRING], P.STRING, (xs: (string | null)[]) => nonNull(xs).join(''), { variadic: true, names: ['inputs'] }),
    sig([P.BYTES], P.BYTES, (xs: (Uint8Array | null)[]) => concatBytes(nonNull(xs)), { variadic: true, names: ['inputs'] }),
  ],
};

export const concatWs: ScalarFunction = {
  name: 'concat_ws',
  category: 'STRING',
  description: 'Concatenates strings or bytes with a separator; null inputs are skipped, a null separator gives null.',
  signatures: [
    sig([P.STRING, P.STRING], P.STRING, (sep: string, xs: (string | null)[]) => nonNull(xs).join(sep), {
      variadic: true,
      names: ['separator', 'args'],
    }),
    sig(
      [P.BYTES, P.BYTES],
      P.BYTES,
      (sep: Uint8Array, xs: (Uint8Array | null)[]) =>
        concatBytes(nonNull(xs).flatMap((x, i) => (i === 0 ? [x] : [sep, x]))),
      { variadic: true, names: ['separator', 'args'] },
    ),
  ],
};
