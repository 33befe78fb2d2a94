import { type SqlType, BIGINT, DOUBLE, INTEGER } from '../../common/types.ts';
import type { AggregateFunction, AggregateImpl, ParamType } from '../function.ts';
import { P } from '../param-types.ts';
import { agg, asStruct, structOf } from './support.ts';
import { type SumKind, SUM_MATH } from './stddev-math.ts';

/**
 * Welford-style running variance over STRUCT<SUM, COUNT, M2>, with ksqlDB's integer arithmetic.
 * STDDEV_SAMP keeps ksqlDB's known quirk of returning the sample *variance* (its docs say so);
 * STDDEV_SAMPLE returns the standard deviation. COUNT is INTEGER for the former, BIGINT for the latter.
 */
function stddev(kind: SumKind, sqrt: boolean): AggregateImpl {
  const m = SUM_MATH[kind];
  const longCount = sqrt;
  const toCount = (n: number): unknown => (longCount ? BigInt(n) : n);
  const countOf = (s: Record<string, unknown>): number => Number(s.COUNT);
  const pairs = (n: number): number => (longCount ? n * (n - 1) : Math.imul(n, n - 1));
  return {
    init: () => ({ SUM: m.zero, COUNT: toCount(0), M2: 0 }),
    add: (acc, args) => {
      const v = args[0];
      if (v == null) return acc;
      const s = asStruct(acc);
      const n = countOf(s) + 1;
      const delta = n > 1 ? m.delta(v, n - 1, s.SUM, longCount) : 0;
      const m2 = n > 1 ? (delta * delta) / pairs(n) : 0;
      s.SUM = m.add(s.SUM, v);
      s.COUNT = toCount(longCount ? n : n | 0);
      s.M2 = (s.M2 as number) + m2;
      return s;
    },
    undo: (acc, args) => {
      const v = args[0];
      if (v == null) return acc;
      const s = asStruct(acc);
      const n = countOf(s) - 1;
      const delta = n > 0 ? m.delta(v, n + 1, s.SUM, longCount) : 0;
      const m2 = n > 0 ? (delta * delta) / (longCount ? n * (n + 1) : Math.imul(n, n + 1)) : 0;
      s.SUM = m.sub(s.SUM, v);
      s.COUNT = toCount(n);
      s.M2 = (s.M2 as number) - m2;
      return s;
    },
    merge: (a, b) => {
      const x = asStruct(a);
      const y = asStruct(b);
      const [n1, n2] = [countOf(x), countOf(y)];
      let m2 = (x.M2 as number) + (y.M2 as number);
      if (n1 !== 0 && n2 !== 0) {
        const inner = m.meanGap(x.SUM, n1, y.SUM, n2, longCount);
        m2 += ((longCount ? n1 * n2 : Math.imul(n1, n2)) * inner * inner) / (n1 + n2);
      }
      return { SUM: m.add(x.SUM, y.SUM), COUNT: toCount(n1 + n2), M2: m2 };
    },
    result: (acc) => {
      const s = asStruct(acc);
      const n = countOf(s);
      if (n < 2) return 0;
      const variance = (s.M2 as number) / (n - 1);
      return sqrt ? Math.sqrt(variance) : variance;
    },
  };
}

const KINDS: readonly [ParamType, SumKind, SqlType][] = [
  [P.INTEGER, 'INTEGER', INTEGER],
  [P.BIGINT, 'BIGINT', BIGINT],
  [P.DOUBLE, 'DOUBLE', DOUBLE],
];

function family(name: string, sqrt: boolean): AggregateFunction {
  const countType = sqrt ? BIGINT : INTEGER;
  return {
    name,
    category: 'AGGREGATE',
    description: 'Returns the sample standard deviation of the column. Applicable only to numeric types.',
    signatures: KINDS.map(([p, kind, t]) => {
      const impl = stddev(kind, sqrt);
      return agg([p], P.DOUBLE, () => structOf(['SUM', t], ['COUNT', countType], ['M2', DOUBLE]), () => impl, { names: ['col1'] });
    }),
  };
}

export const stddevSamp = family('STDDEV_SAMP', false);
export const stddevSample = family('STDDEV_SAMPLE', true);
