import type { ScalarFunction } from '../../function.ts';
import { P } from '../../param-types.ts';
import { sig } from '../../define.ts';
import { concatBytes } from '../../support/bytes.ts';

/** Repeats `padding` to exactly `n` units. */
function fill<T extends string | Uint8Array>(padding: T, n: number): T {
  if (typeof padding === 'string') return padding.repeat(Math.ceil(n / padding.length)).slice(0, n) as T;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = padding[i % padding.length]!;
  return out as T;
}

const join = <T extends string | Uint8Array>(a: T, b: T): T =>
  (typeof a === 'string' ? a + (b as string) : concatBytes([a as Uint8Array, b as Uint8Array])) as T;

// An empty padding or a negative length gives null; a longer input is cut to the target length.
function lpad<T extends string | Uint8Array>(input: T, target: number, padding: T): T | null {
  if (padding.length === 0 || target < 0) return null;
  const padded = join(fill(padding, Math.max(target - input.length, 0)), input);
  return padded.slice(0, target) as T;
}

function rpad<T extends string | Uint8Array>(input: T, target: number, padding: T): T | null {
  if (padding.length === 0 || target < 0) return null;
  const padded = join(input, fill(padding, Math.max(target - input.length, 0)));
  return padded.slice(0, target) as T;
}

const names = ['input', 'targetLen', 'padding'];

export const lpadFn: ScalarFunction = {
  name: 'lpad',
  category: 'STRING',
  description: 'Pads the input on the left with padding to the target length (or truncates it).',
  signatures: [
    sig([P.STRING, P.INTEGER, P.STRING], P.STRING, lpad<string>, { names }),
    sig([P.BYTES, P.INTEGER, P.BYTES], P.BYTES, lpad<Uint8Array>, { names }),
  ],
};

export const rpadFn: ScalarFunction = {
  name: 'rpad',
  category: 'STRING',
  description: 'Pads the input on the right with padding to the target length (or truncates it).',
  signatures: [
    sig([P.STRING, P.INTEGER, P.STRING], P.STRING, rpad<string>, { names }),
    sig([P.BYTES, P.INTEGER, P.BYTES], P.BYTES, rpad<Uint8Array>, { names }),
  ],
};
