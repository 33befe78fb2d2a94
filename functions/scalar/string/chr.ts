import type { ScalarFunction } from '../../function.ts';
import { P } from '../../param-types.ts';
import { sig } from '../../define.ts';

const fromCodePoint = (cp: number): string | null =>
  Number.isInteger(cp) && cp >= 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : null;

// The text form is Java-escaped UTF-16 units, e.g. `\u004b` or a surrogate pair `\ud820\udeb8`.
const ESCAPED = /^(?:\\u[0-9a-fA-F]{4})+$/;

function chrText(s: string): string | null {
  if (!ESCAPED.test(s)) return null;
  const units = s.split('\\u').slice(1).map((h) => parseInt(h, 16));
  return String.fromCharCode(...units);
}

export const chr: ScalarFunction = {
  name: 'chr',
  category: 'STRING',
  description: 'The character for a Unicode code point, given as a number or as `\\uXXXX` text.',
  signatures: [
    sig([P.INTEGER], P.STRING, fromCodePoint, { names: ['decimalCode'] }),
    sig([P.STRING], P.STRING, chrText, { names: ['utf16Code'] }),
  ],
};
