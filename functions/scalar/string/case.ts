import type { ScalarFunction } from '../../function.ts';
import { P } from '../../param-types.ts';
import { sig } from '../../define.ts';

export const lcase: ScalarFunction = {
  name: 'lcase',
  category: 'STRING',
  description: 'Converts a string to lower case.',
  signatures: [sig([P.STRING], P.STRING, (s: string) => s.toLowerCase(), { names: ['input'] })],
};

export const ucase: ScalarFunction = {
  name: 'ucase',
  category: 'STRING',
  description: 'Converts a string to upper case.',
  signatures: [sig([P.STRING], P.STRING, (s: string) => s.toUpperCase(), { names: ['input'] })],
};

/** Upper-cases the first letter of each space-separated word and lower-cases the rest; runs of spaces are kept. */
function initcap(s: string): string {
  return s
    .split(' ')
    .map((w) => (w.length === 0 ? w : w[0]!.toUpperCase() + w.slice(1).toLowerCase()))
    .join(' ');
}

export const initcapFn: ScalarFunction = {
  name: 'initcap',
  category: 'STRING',
  description: 'Capitalizes the first letter of each word and lower-cases the rest.',
  signatures: [sig([P.STRING], P.STRING, initcap, { names: ['input'] })],
};
