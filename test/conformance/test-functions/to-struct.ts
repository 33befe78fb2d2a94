import type { ScalarFunction } from '../../../functions/index.ts';
import { P } from '../../../functions/param-types.ts';
import { sig } from '../../../functions/define.ts';
import { STRUCT_A } from './java-args.ts';

/** ToStruct from ksqlDB's test extension jar (udf-example.jar): wraps a string as `STRUCT<A VARCHAR>`. */
export const toStruct: ScalarFunction = {
  name: 'tostruct',
  category: 'OTHER',
  description: 'converts things to a struct',
  signatures: [sig([P.STRING], () => STRUCT_A, (value: string | null) => ({ A: value }), { nullSafe: true })],
};
