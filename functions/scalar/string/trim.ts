import type { ScalarFunction } from '../../function.ts';
import { P } from '../../param-types.ts';
import { sig } from '../../define.ts';
import { javaTrim } from '../../../common/java-format.ts';

// Java's `\s` for LTRIM/RTRIM; TRIM is `String.trim()` (every char up to U+0020).
const LEADING = /^[ \t\n\x0B\f\r]+/;
const TRAILING = /[ \t\n\x0B\f\r]+$/;

const one = (name: string, description: string, f: (s: string) => string): ScalarFunction => ({
  name,
  category: 'STRING',
  description,
  signatures: [sig([P.STRING], P.STRING, f, { names: ['input'] })],
});

export const trim = one('trim', 'Removes leading and trailing whitespace.', javaTrim);
export const ltrim = one('ltrim', 'Removes leading whitespace.', (s) => s.replace(LEADING, ''));
export const rtrim = one('rtrim', 'Removes trailing whitespace.', (s) => s.replace(TRAILING, ''));
