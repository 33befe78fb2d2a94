import type { ScalarFunction } from '../../function.ts';
import { P } from '../../param-types.ts';
import { sig } from '../../define.ts';

/**
 * Oracle-style INSTR: 1-based position of the n-th occurrence, searching forward from `position`,
 * or backward from the end when `position` is negative; 0 when not found.
 */
function instr(s: string, sub: string, position = 1, occurrence = 1): number {
  if (occurrence <= 0 || position === 0) return 0;
  let at = position > 0 ? position - 1 : s.length + position;
  for (let n = 0; n < occurrence; n++) {
    if (n > 0) at = position > 0 ? at + 1 : at - 1;
    at = position > 0 ? s.indexOf(sub, at) : at < 0 ? -1 : s.lastIndexOf(sub, at);
    if (at < 0) return 0;
  }
  return at + 1;
}

const names = ['str', 'substring', 'position', 'occurrence'];

export const instrFn: ScalarFunction = {
  name: 'instr',
  category: 'STRING',
  description: 'The 1-based position of a substring, or 0 if absent.',
  signatures: [
    sig([P.STRING, P.STRING], P.INTEGER, (s: string, sub: string) => instr(s, sub), { names }),
    sig([P.STRING, P.STRING, P.INTEGER], P.INTEGER, (s: string, sub: string, p: number) => instr(s, sub, p), { names }),
    sig([P.STRING, P.STRING, P.INTEGER, P.INTEGER], P.INTEGER, instr, { names }),
  ],
};
