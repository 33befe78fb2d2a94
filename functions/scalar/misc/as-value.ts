import type { ScalarFunction } from '../../function.ts';
import { P } from '../../param-types.ts';
import { sig } from '../../define.ts';

export const asValue: ScalarFunction = {
  name: 'as_value',
  category: 'OTHER',
  description: 'Copies a key column into the value (the value itself is unchanged).',
  signatures: [sig([P.T], P.T, (v: unknown) => v, { nullSafe: true, names: ['val'] })],
};
