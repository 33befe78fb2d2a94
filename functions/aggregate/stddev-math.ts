import { int32, int64 } from './support.ts';

export type SumKind = 'INTEGER' | 'BIGINT' | 'DOUBLE';

/**
 * The sum arithmetic of ksqlDB's standard deviation UDAFs for one input type, including where Java
 * computes in `int` or `long` (wrapping, truncating division) before converting to double.
 * `longCount` is true when COUNT is a BIGINT (STDDEV_SAMPLE), which widens some products to long.
 */
export interface SumMath {
  readonly zero: number | bigint;
  readonly add: (sum: unknown, v: unknown) => number | bigint;
  readonly sub: (sum: unknown, v: unknown) => number | bigint;
  /** `v * (count + 1) - (sum + v)`, the deviation of the new value scaled by the count. */
  readonly delta: (v: unknown, count: number, sum: unknown, longCount: boolean) => number;
  /** `sum1 / count1 - sum2 / count2`, the difference of the two means. */
  readonly meanGap: (sum1: unknown, n1: number, sum2: unknown, n2: number, longCount: boolean) => number;
}

const INT: SumMath = {
  zero: 0,
  add: (s, v) => int32((s as number) + (v as number)),
  sub: (s, v) => int32((s as number) - (v as number)),
  delta: (v, n, s, longCount) => {
    const x = v as number;
    const sum = int32((s as number) + x);
    if (!longCount) return int32(Math.imul(x, n + 1) - sum);
    return Number(int64(BigInt(x) * BigInt(n + 1) - BigInt(sum)));
  },
  meanGap: (s1, n1, s2, n2, longCount) =>
    longCount ? (s1 as number) / n1 - (s2 as number) / n2 : int32(Math.trunc((s1 as number) / n1) - Math.trunc((s2 as number) / n2)),
};

const LONG: SumMath = {
  zero: 0n,
  add: (s, v) => int64((s as bigint) + (v as bigint)),
  sub: (s, v) => int64((s as bigint) - (v as bigint)),
  delta: (v, n, s) => {
    const x = v as bigint;
    return Number(int64(x * BigInt(n + 1) - int64((s as bigint) + x)));
  },
  meanGap: (s1, n1, s2, n2, longCount) =>
    longCount
      ? Number(s1 as bigint) / n1 - Number(s2 as bigint) / n2
      : Number(int64((s1 as bigint) / BigInt(n1) - (s2 as bigint) / BigInt(n2))),
};

const DBL: SumMath = {
  zero: 0,
  add: (s, v) => (s as number) + (v as number),
  sub: (s, v) => (s as number) - (v as number),
  delta: (v, n, s) => (v as number) * (n + 1) - ((s as number) + (v as number)),
  meanGap: (s1, n1, s2, n2) => (s1 as number) / n1 - (s2 as number) / n2,
};

export const SUM_MATH: Readonly<Record<SumKind, SumMath>> = { INTEGER: INT, BIGINT: LONG, DOUBLE: DBL };
