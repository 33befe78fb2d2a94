/**
 * stream-lib's HyperLogLog with 2^14 registers of 5 bits packed six to an int, as ksqlDB's
 * COUNT_DISTINCT keeps it (its accumulator is that int array, ARRAY<INTEGER>).
 */
const LOG2_M = 14;
const M = 1 << LOG2_M;
const PER_WORD = 6;
const WIDTH = 5;
/** stream-lib's RegisterSet.getSizeForCount(2^14). */
export const REGISTER_WORDS = Math.floor(M / PER_WORD) + 1;
const ALPHA_MM = (0.7213 / (1 + 1.079 / M)) * M * M;

export const emptyRegisters = (): number[] => new Array<number>(REGISTER_WORDS).fill(0);

/** Records one hashed value. */
export function offerHashed(words: number[], hash: number): void {
  const j = hash >>> (32 - LOG2_M);
  const r = Math.clz32((hash << LOG2_M) | ((1 << (LOG2_M - 1)) + 1)) + 1;
  const bucket = Math.floor(j / PER_WORD);
  const shift = WIDTH * (j - bucket * PER_WORD);
  const mask = 0x1f << shift;
  const word = words[bucket]!;
  if ((word & mask) >>> 0 < (r << shift) >>> 0) words[bucket] = (word & ~mask) | (r << shift);
}

/** Register-wise maximum of `b` into `a`. */
export function mergeRegisters(a: number[], b: readonly number[]): number[] {
  for (let i = 0; i < a.length; i++) {
    let word = 0;
    for (let j = 0; j < PER_WORD; j++) {
      const mask = 0x1f << (WIDTH * j);
      const x = a[i]! & mask;
      const y = (b[i] ?? 0) & mask;
      word |= x < y ? y : x;
    }
    a[i] = word;
  }
  return a;
}

/** The cardinality estimate, with linear counting for small sets. */
export function cardinality(words: readonly number[]): number {
  let sum = 0;
  let zeros = 0;
  for (let j = 0; j < M; j++) {
    const bucket = Math.floor(j / PER_WORD);
    const val = ((words[bucket] ?? 0) >>> (WIDTH * (j - bucket * PER_WORD))) & 0x1f;
    sum += 1 / 2 ** val;
    if (val === 0) zeros++;
  }
  const estimate = ALPHA_MM / sum;
  return Math.round(estimate <= 2.5 * M ? M * Math.log(M / zeros) : estimate);
}
