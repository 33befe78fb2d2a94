import type { ScalarFunction } from '../../function.ts';
import { P } from '../../param-types.ts';
import { sig } from '../../define.ts';

// 1-based positions; a negative position counts from the end; out-of-range positions clamp.
const startIndex = (len: number, pos: number): number =>
  pos >= 0 ? Math.min(len, Math.max(0, pos - 1)) : Math.max(0, len + pos);
const endIndex = (len: number, start: number, length: number): number => Math.max(Math.min(len, start + length), start);

type Sliceable = string | Uint8Array;
const from = <T extends Sliceable>(s: T, pos: number): T => s.slice(startIndex(s.length, pos)) as T;
const fromFor = <T extends Sliceable>(s: T, pos: number, len: number): T => {
  const start = startIndex(s.length, pos);
  return s.slice(start, endIndex(s.length, start, len)) as T;
};

export const substring: ScalarFunction = {
  name: 'substring',
  category: 'STRING',
  description: 'Returns the portion of a string or bytes from a 1-based position, optionally of a given length.',
  signatures: [
    sig([P.STRING, P.INTEGER], P.STRING, from<string>, { names: ['str', 'pos'] }),
    sig([P.STRING, P.INTEGER, P.INTEGER], P.STRING, fromFor<string>, { names: ['str', 'pos', 'len'] }),
    sig([P.BYTES, P.INTEGER], P.BYTES, from<Uint8Array>, { names: ['bytes', 'pos'] }),
    sig([P.BYTES, P.INTEGER, P.INTEGER], P.BYTES, fromFor<Uint8Array>, { names: ['bytes', 'pos', 'len'] }),
  ],
};

export const len: ScalarFunction = {
  name: 'len',
  category: 'STRING',
  description: 'The length of a string (UTF-16 code units, as Java counts) or of bytes.',
  signatures: [
    sig([P.STRING], P.INTEGER, (s: string) => s.length, { names: ['input'] }),
    sig([P.BYTES], P.INTEGER, (b: Uint8Array) => b.length, { names: ['input'] }),
  ],
};
