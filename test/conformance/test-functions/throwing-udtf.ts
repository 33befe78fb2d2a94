import type { TableFunction } from '../../../functions/index.ts';
import { P } from '../../../functions/param-types.ts';
import { sig } from '../../../functions/define.ts';
import { ProcessingError } from '../../../common/errors.ts';
import { nonNull } from './java-args.ts';

/** ksqlDB's ThrowingUdtf: one row holding its argument, or an exception when the argument is true. */
export const throwingUdtf: TableFunction = {
  name: 'throwing_udtf',
  category: 'TABLE',
  description: 'test UDTF that throws if param is true',
  signatures: [
    sig(
      [P.BOOLEAN],
      P.BOOLEAN,
      (shouldThrow: boolean | null) => {
        if (nonNull(shouldThrow, 'primitive argument')) throw new ProcessingError('You asked me to throw...');
        return [shouldThrow];
      },
      { nullSafe: true },
    ),
  ],
};
