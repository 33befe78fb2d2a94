/**
 * The order in which a java.util.HashMap iterates `keys`: by bucket, then by insertion within a
 * bucket. ksqlDB's deserializers build each map as `new HashMap<>(size)` and fill it, so
 * order-sensitive functions (REDUCE over a map) visit entries in this order.
 */
export function javaHashOrder<K>(keys: readonly K[]): K[] {
  // tableSizeFor(size), then doubled while the 0.75 load factor is exceeded.
  let capacity = 1;
  while (capacity < keys.length) capacity *= 2;
  while (keys.length > capacity * 0.75) capacity *= 2;
  const hashes = keys.map(javaHash);
  if (hashes.some((h) => h === undefined)) return [...keys];
  const bucket = (i: number): number => spread(hashes[i]!) & (capacity - 1);
  return keys.map((_, i) => i).sort((a, b) => bucket(a) - bucket(b) || a - b).map((i) => keys[i]!);
}

// HashMap.hash: the high half folded into the low half.
const spread = (h: number): number => (h ^ (h >>> 16)) | 0;

/** Java's hashCode for the key types ksqlDB maps hold; undefined for others. */
function javaHash(k: unknown): number | undefined {
  if (k === null) return 0;
  if (typeof k === 'string') {
    let h = 0;
    for (let i = 0; i < k.length; i++) h = (Math.imul(31, h) + k.charCodeAt(i)) | 0;
    return h;
  }
  if (typeof k === 'number' && Number.isInteger(k)) return k | 0;
  if (typeof k === 'bigint') return Number(BigInt.asIntN(32, k ^ (BigInt.asUintN(64, k) >> 32n)));
  if (typeof k === 'boolean') return k ? 1231 : 1237;
  return undefined;
}
