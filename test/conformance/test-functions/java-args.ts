import { ProcessingError } from '../../../common/errors.ts';
import { STRING, struct } from '../../../common/types.ts';

/** `STRUCT<A VARCHAR>`, the schema ksqlDB's test UDFs declare for their struct parameters and results. */
export const STRUCT_A = struct([{ name: 'A', type: STRING }]);

/**
 * A null reaching a Java primitive parameter (`int`, `long`, `boolean`...) or a method call on a
 * null object: a NullPointerException in ksqlDB, which the engine logs before yielding NULL.
 */
export function nonNull<T>(v: T | null | undefined, what: string): T {
  if (v === null || v === undefined) throw new ProcessingError(`NullPointerException: null ${what}`);
  return v;
}
