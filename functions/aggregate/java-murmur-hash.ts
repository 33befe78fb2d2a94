import type { SqlType } from '../../common/types.ts';
import { Decimal } from '../../common/decimal.ts';
import { keyString } from '../../common/values.ts';

/**
 * The 32-bit MurmurHash2 that ksqlDB's HyperLogLog (stream-lib's `MurmurHash.hash(Object)`)
 * applies to a Java value, so COUNT_DISTINCT estimates match ksqlDB's for the common types.
 */
const M = 0x5bd1e995;
const encoder = new TextEncoder();
const doubleView = new DataView(new ArrayBuffer(8));

function hashBytes(data: Uint8Array): number {
  const length = data.length;
  let h = -1 ^ length;
  const len4 = length >> 2;
  for (let i = 0; i < len4; i++) {
    const j = i << 2;
    let k = (data[j]! | (data[j + 1]! << 8) | (data[j + 2]! << 16) | (data[j + 3]! << 24)) | 0;
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  const left = length - (len4 << 2);
  if (left !== 0) {
    // Java bytes are signed: the tail bytes are sign-extended before the shift.
    const signed = (i: number): number => (data[i]! << 24) >> 24;
    if (left >= 3) h ^= signed(length - 3) << 16;
    if (left >= 2) h ^= signed(length - 2) << 8;
    h ^= signed(length - 1);
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  return h ^ (h >>> 15);
}

/** `hashLong` of the 64-bit value `hi:lo`. */
function hashLong(lo: number, hi: number): number {
  let k = Math.imul(lo, M);
  k ^= k >>> 24;
  let h = Math.imul(k, M);
  k = Math.imul(hi, M);
  k ^= k >>> 24;
  h = Math.imul(h, M) ^ Math.imul(k, M);
  h ^= h >>> 13;
  h = Math.imul(h, M);
  return h ^ (h >>> 15);
}

const hashString = (s: string): number => hashBytes(encoder.encode(s));

/** The hash of a non-null value of `type`. */
export function javaHash(v: unknown, type: SqlType): number {
  switch (type.kind) {
    case 'INTEGER':
      return hashLong(v as number, (v as number) < 0 ? -1 : 0);
    case 'BIGINT': {
      const b = v as bigint;
      return hashLong(Number(BigInt.asIntN(32, b)), Number(BigInt.asIntN(32, b >> 32n)));
    }
    case 'DOUBLE':
      doubleView.setFloat64(0, v as number);
      return hashLong(doubleView.getInt32(4), doubleView.getInt32(0));
    case 'STRING':
      return hashString(v as string);
    case 'BOOLEAN':
      return hashString(String(v));
    case 'DECIMAL':
      return hashString((v as Decimal).toJavaString());
    default:
      // Java hashes these through toString(); any stable text keeps distinct values apart.
      return hashString(keyString([v]));
  }
}
