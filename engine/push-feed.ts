/**
 * Push queries that start at the end of their sources (`auto.offset.reset=latest`, the default)
 * share one reader per source topic: the feed reads each partition once and hands every record
 * to each subscribed query, so a thousand push queries over one stream cost one fetch per
 * partition per round, not a thousand. Each query still runs its own plan (filters, projections)
 * over the records it is handed. The reader of a topic starts with its first subscriber and stops
 * with its last.
 *
 * A subscriber sees every record appended after it subscribed (at or past the end offsets it
 * found), in offset order per partition. A subscriber whose handler throws is dropped and told
 * through `onError`; the others go on.
 */
import { setMaxListeners } from 'node:events';
import type { Log, StoredRecord } from '../runtime/log/log.ts';

export interface FeedSubscription {
  /** Stops delivering to this subscriber; resolves at once (the reader may run on for others). */
  close(): void;
}

interface Subscriber {
  readonly handle: (r: StoredRecord) => void;
  readonly onError: (e: unknown) => void;
  /** Per partition, the first offset this subscriber wants. */
  readonly from: readonly number[];
}

/** Records per partition per round; a round's records go to every subscriber before the next fetch. */
const ROUND = 500;
const WAIT_MS = 1_000;

class TopicReader {
  readonly subscribers = new Set<Subscriber>();
  private readonly abort = new AbortController();
  private done: Promise<void> = Promise.resolve();

  constructor(
    private readonly log: Log,
    private readonly topic: string,
    private readonly positions: number[],
    private readonly onStop: () => void,
  ) {}

  start(): void {
    this.done = this.run().catch((e: unknown) => {
      // The topic could not be read (deleted, say): every subscriber hears it, and a later
      // subscription starts a reader of its own.
      const subscribers = [...this.subscribers];
      this.subscribers.clear();
      this.stop();
      for (const s of subscribers) s.onError(e);
    });
  }

  private async run(): Promise<void> {
    const signal = this.abort.signal;
    const { log, topic, positions } = this;
    while (!signal.aborted) {
      let any = false;
      for (let p = 0; p < positions.length; p++) {
        const records = await log.fetch(topic, p, positions[p]!, ROUND);
        if (signal.aborted) return;
        if (records.length === 0) continue;
        any = true;
        positions[p] = records[records.length - 1]!.offset + 1;
        this.dispatch(p, records);
      }
      if (!any) await this.waitForAny(signal);
    }
  }

  private dispatch(partition: number, records: readonly StoredRecord[]): void {
    for (const s of this.subscribers) {
      const from = s.from[partition]!;
      try {
        for (const r of records) if (r.offset >= from) s.handle(r);
      } catch (e) {
        this.subscribers.delete(s);
        s.onError(e);
      }
    }
    if (this.subscribers.size === 0) this.stop();
  }

  private async waitForAny(signal: AbortSignal): Promise<void> {
    const round = new AbortController();
    // One waiter per partition listens on the round's signal: a wide topic has many.
    setMaxListeners(0, round.signal);
    const stop = (): void => round.abort();
    signal.addEventListener('abort', stop, { once: true });
    try {
      await Promise.race(this.positions.map((offset, p) => this.log.waitForData(this.topic, p, offset, { signal: round.signal, timeoutMs: WAIT_MS })));
    } finally {
      round.abort();
      signal.removeEventListener('abort', stop);
    }
  }

  stop(): void {
    if (this.abort.signal.aborted) return;
    this.abort.abort();
    this.onStop();
  }

  async closed(): Promise<void> {
    await this.done.catch(() => undefined);
  }
}

export class PushFeeds {
  private readonly readers = new Map<string, TopicReader>();

  constructor(private readonly log: Log) {}

  /**
   * Delivers every record appended to `topic` from now on to `handle`. `onError` is told when the
   * handler throws or the topic cannot be read; delivery has stopped by then.
   */
  async subscribe(topic: string, handle: (r: StoredRecord) => void, onError: (e: unknown) => void): Promise<FeedSubscription> {
    const partitions = (await this.log.describeTopic(topic))?.partitions ?? 0;
    const from: number[] = [];
    for (let p = 0; p < partitions; p++) from.push(await this.log.endOffset(topic, p));
    const subscriber: Subscriber = { handle, onError, from };
    let reader = this.readers.get(topic);
    if (!reader || reader.subscribers.size === 0) {
      const fresh: TopicReader = new TopicReader(this.log, topic, [...from], () => {
        if (this.readers.get(topic) === fresh) this.readers.delete(topic);
      });
      this.readers.set(topic, fresh);
      fresh.start();
      reader = fresh;
    }
    const owner = reader;
    owner.subscribers.add(subscriber);
    return {
      close: () => {
        owner.subscribers.delete(subscriber);
        if (owner.subscribers.size === 0) owner.stop();
      },
    };
  }

  /** Topics being read, with their subscriber counts. */
  readerCounts(): Map<string, number> {
    return new Map([...this.readers].map(([topic, r]) => [topic, r.subscribers.size]));
  }

  async close(): Promise<void> {
    const readers = [...this.readers.values()];
    for (const r of readers) r.stop();
    await Promise.all(readers.map((r) => r.closed()));
  }
}
