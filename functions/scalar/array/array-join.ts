import type { ScalarFunction } from '../../function.ts';
import { AnalysisError } from '../../../common/errors.ts';
import { isPrimitive } from '../../../common/types.ts';
import { P } from '../../param-types.ts';
import { bound } from '../../define.ts';
import { javaStringer } from '../../support/values.ts';

const ARR = P.array(P.T);

export const arrayJoin: ScalarFunction = {
  name: 'array_join',
  category: 'ARRAY',
  description: "Joins the elements' text with a delimiter (default ','); a null delimiter means none.",
  signatures: [1, 2].map((arity) =>
    bound(arity === 1 ? [ARR] : [ARR, P.STRING], P.STRING, (t) => {
      const el = t.paramTypes[0]?.kind === 'ARRAY' ? t.paramTypes[0].element : undefined;
      if (!el || !isPrimitive(el)) throw new AnalysisError('ARRAY_JOIN only supports arrays of primitive types');
      const str = javaStringer(el);
      return (a: unknown[] | null, delimiter: string | null = ',') => (a == null ? null : a.map(str).join(delimiter ?? ''));
    }, { nullSafe: true, names: ['array', 'delimiter'] }),
  ),
};
