import { createHash } from 'node:crypto';
import type { ScalarFunction } from '../../function.ts';
import { P } from '../../param-types.ts';
import { sig } from '../../define.ts';

export const md5: ScalarFunction = {
  name: 'md5',
  category: 'STRING',
  description: 'The MD5 hash of a string (UTF-8), as lower-case hex.',
  signatures: [sig([P.STRING], P.STRING, (s: string) => createHash('md5').update(s, 'utf8').digest('hex'), { names: ['input'] })],
};
