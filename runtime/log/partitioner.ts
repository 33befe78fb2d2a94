/**
 * Kafka's default partitioner for keyed records, bit for bit: `toPositive(murmur2(keyBytes)) %
 * numPartitions` (`org.apache.kafka.common.utils.Utils` and `BuiltInPartitioner`). Matching it
 * matters because Kafka Streams, ksqlDB and every Java producer place a key by this hash, and joins
 * rely on equal keys landing on equal partition numbers across co-partitioned topics.
 */

const SEED = 0x9747b28c;
const M = 0x5bd1e995;

/** Kafka's 32-bit murmur2 of `data`, as a signed int32 like Java's `Utils.murmur2`. */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  let h = (SEED ^ length) | 0;
  const whole = length & ~3;
  for (let i = 0; i < whole; i += 4) {
    let k = (data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24)) | 0;
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  // Java's switch falls through from case 3 to case 1; spelled out as nested tails here.
  const tail = length & 3;
  if (tail > 0) {
    if (tail === 3) h ^= data[whole + 2]! << 16;
    if (tail >= 2) h ^= data[whole + 1]! << 8;
    h ^= data[whole]!;
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** Java's `Utils.toPositive`: clears the sign bit (not `Math.abs`, which overflows on MIN_VALUE). */
export function toPositive(n: number): number {
  return n & 0x7fffffff;
}

/** The partition Kafka's default partitioner picks for a non-null key. */
export function defaultPartition(keyBytes: Uint8Array, numPartitions: number): number {
  return toPositive(murmur2(keyBytes)) % numPartitions;
}
