/**
 * The newest record chunks of every partition, kept in memory after LevelDB accepted them, so a
 * reader tailing the log (every live query) is served without a LevelDB iterator: creating one
 * merges the memtable with every table file and waits for a thread-pool slot, which costs more
 * than the read. A partition's cached chunks are contiguous up to its end offset; older offsets
 * fall through to LevelDB. Bounded by bytes, oldest chunks first.
 */
export interface CachedChunk {
  /** Offset of the chunk's last record (its LevelDB key). */
  readonly last: number;
  readonly count: number;
  /** The chunk value exactly as written to LevelDB. */
  readonly data: Uint8Array;
}

export class TailCache {
  private readonly partitions = new Map<string, CachedChunk[]>();
  /** Every cached chunk in insertion order, for eviction; `head` is the oldest live slot. */
  private order: { readonly slot: string; readonly chunk: CachedChunk }[] = [];
  private head = 0;
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  /** Call in offset order, only after the chunk is durable in LevelDB. */
  add(topicId: number, partition: number, chunk: CachedChunk): void {
    const slot = slotOf(topicId, partition);
    let list = this.partitions.get(slot);
    if (!list) this.partitions.set(slot, (list = []));
    list.push(chunk);
    this.order.push({ slot, chunk });
    this.bytes += chunk.data.length;
    while (this.bytes > this.maxBytes && this.head < this.order.length) this.evictOldest();
    if (this.head > 1024 && this.head * 2 > this.order.length) {
      this.order = this.order.slice(this.head);
      this.head = 0;
    }
  }

  /** The cached chunks from the one holding `offset` on, or undefined when `offset` is not cached. */
  from(topicId: number, partition: number, offset: number): readonly CachedChunk[] | undefined {
    const list = this.partitions.get(slotOf(topicId, partition));
    const oldest = list?.[0];
    if (!list || !oldest || offset < oldest.last - oldest.count + 1) return undefined;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (list[mid]!.last < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? list : list.slice(lo);
  }

  /** Forgets a deleted topic; its bytes are released as its slots come up for eviction. */
  dropTopic(topicId: number): void {
    for (const slot of this.partitions.keys()) if (slot.startsWith(`${topicId}:`)) this.partitions.delete(slot);
  }

  private evictOldest(): void {
    const { slot, chunk } = this.order[this.head++]!;
    this.bytes -= chunk.data.length;
    const list = this.partitions.get(slot);
    if (list?.[0] === chunk) list.shift();
  }
}

const slotOf = (topicId: number, partition: number): string => `${topicId}:${partition}`;
