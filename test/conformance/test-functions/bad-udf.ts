import type { ScalarFunction } from '../../../functions/index.ts';
import { P } from '../../../functions/param-types.ts';
import { bound, sig } from '../../../functions/define.ts';
import { ProcessingError } from '../../../common/errors.ts';
import { nonNull } from './java-args.ts';

/** ksqlDB's BadUdf: UDFs that throw, so vectors can check a failing call is logged and yields NULL. */
export const badUdf: ScalarFunction = {
  name: 'bad_udf',
  category: 'OTHER',
  description: 'throws exceptions when called',
  signatures: [
    sig(
      [P.INTEGER],
      P.STRING,
      () => {
        throw new ProcessingError('boom!');
      },
      { nullSafe: true, description: 'throws' },
    ),
    sig(
      [P.BOOLEAN],
      P.INTEGER,
      (shouldThrow: boolean | null) => {
        if (nonNull(shouldThrow, 'primitive argument')) throw new ProcessingError('You asked me to throw...');
        return 0;
      },
      { nullSafe: true, description: 'throws if arg is true' },
    ),
    // Java keeps one counter per UDF instance, which ksqlDB creates per call site: bind once per site.
    bound(
      [P.STRING],
      P.STRING,
      () => {
        let calls = 0;
        return (arg: string | null) => (calls++ % 2 === 0 ? null : arg);
      },
      { nullSafe: true, description: 'returns null every other invocation' },
    ),
  ],
};
