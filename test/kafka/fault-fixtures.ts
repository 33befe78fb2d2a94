/**
 * What the fault tests over Kafka share: the events they produce, the answer computed here, the
 * views of the two outputs (a projection and a tumbling-windowed count) as a kafkajs consumer
 * reads them, and the probes of how far the queries and the reader have got.
 */
import type { Admin, Producer } from 'kafkajs';
import { pollUntil } from '../e2e/helpers.ts';
import { KafkaLog } from '../../runtime/log/kafka-log.ts';
import { windowedKeyId } from './kafka-test-env.ts';

export interface Event {
  readonly id: number;
  readonly k: string;
  readonly v: number;
  readonly ts: number;
}

/** `n` events over `keys` keys; event times are a permutation of `n` steps of `spacingMs` from `base`. */
export function makeEvents(n: number, keys: number, base: number, spacingMs: number): readonly Event[] {
  return Array.from({ length: n }, (_, id) => ({
    id,
    k: `k${(id * 7 + Math.floor(id / keys)) % keys}`,
    v: ((id * 31) % 97) - 10,
    ts: base + ((id * 7919) % n) * spacingMs,
  }));
}

/** Produces `events` to `topic` a thousand at a time, keyed by `k`, with their event times, acks=all. */
export async function produceEvents(producer: Producer, topic: string, events: readonly Event[]): Promise<void> {
  for (let i = 0; i < events.length; i += 1_000) {
    await producer.send({
      topic,
      acks: -1,
      messages: events.slice(i, i + 1_000).map((e) => ({ key: e.k, value: JSON.stringify({ ID: e.id, V: e.v }), timestamp: String(e.ts) })),
    });
  }
}

export interface Aggregate {
  readonly C: number;
  readonly S: number;
}

/** `key|windowStart` → the count and sum of the events in that tumbling window. */
export function expectedWindows(events: readonly Event[], windowMs: number): Map<string, Aggregate> {
  const out = new Map<string, Aggregate>();
  for (const e of events) {
    const id = `${e.k}|${Math.floor(e.ts / windowMs) * windowMs}`;
    const prev = out.get(id) ?? { C: 0, S: 0 };
    out.set(id, { C: prev.C + 1, S: prev.S + e.v });
  }
  return out;
}

/** The projection's output: how often each event id came out, and rows that do not match their event. */
export class ProjectionView {
  readonly times = new Map<number, number>();
  readonly wrong: string[] = [];
  records = 0;

  constructor(private readonly events: readonly Event[]) {}

  add(key: Buffer | null, value: Buffer | null): void {
    this.records++;
    const row = value === null ? undefined : (JSON.parse(value.toString('utf8')) as { ID: number; V: number });
    const event = row === undefined ? undefined : this.events[row.ID];
    if (!row || !event || key?.toString('utf8') !== event.k || row.V !== event.v) {
      this.wrong.push(`${key?.toString('utf8')} → ${value?.toString('utf8')}`);
      return;
    }
    this.times.set(row.ID, (this.times.get(row.ID) ?? 0) + 1);
  }

  missing(): number[] {
    return this.events.filter((e) => !this.times.has(e.id)).map((e) => e.id);
  }

  repeated(): [number, number][] {
    return [...this.times].filter(([, n]) => n > 1);
  }

  describe(): string {
    const missing = this.missing();
    const repeated = this.repeated();
    return (
      `projection: ${this.records} records, ${this.times.size} distinct ids of ${this.events.length}; ` +
      `${missing.length} missing (e.g. ${missing.slice(0, 5).join(', ')}); ` +
      `${repeated.length} repeated (e.g. ${repeated.slice(0, 5).map(([id, n]) => `${id} ×${n}`).join(', ')}); ` +
      `${this.wrong.length} not matching their event (e.g. ${this.wrong.slice(0, 3).join('; ')})`
    );
  }
}

/**
 * The windowed table as a consumer sees it: the latest row per (key, window). Keys are as ksqlDB
 * writes a tumbling-windowed KAFKA key: the key's UTF-8 bytes, then the window start as an
 * 8-byte big-endian long.
 */
export class WindowView {
  readonly latest = new Map<string, Aggregate>();
  readonly wrong: string[] = [];
  records = 0;

  constructor(
    private readonly expected: ReadonlyMap<string, Aggregate>,
    private readonly total: number,
  ) {}

  add(key: Buffer | null, value: Buffer | null): void {
    this.records++;
    const id = windowedKeyId(key);
    if (id === undefined) {
      this.wrong.push(`a tumbling-windowed key needs more than 8 bytes, got ${key === null ? 'null' : key.toString('hex')}`);
      return;
    }
    if (value === null) this.latest.delete(id);
    else this.latest.set(id, JSON.parse(value.toString('utf8')) as Aggregate);
  }

  counted(): number {
    return [...this.latest.values()].reduce((n, a) => n + a.C, 0);
  }

  /** Windows whose latest row differs from the answer (`atLeast`: counts below it), and windows not in the answer. */
  differences(atLeast: boolean): string[] {
    const out: string[] = [];
    for (const [id, want] of this.expected) {
      const got = this.latest.get(id);
      const bad = !got || (atLeast ? got.C < want.C : got.C !== want.C || got.S !== want.S);
      if (bad) out.push(`${id}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
    }
    for (const [id, got] of this.latest) if (!this.expected.has(id)) out.push(`${id}: unexpected ${JSON.stringify(got)}`);
    return [...this.wrong, ...out];
  }

  describe(atLeast: boolean): string {
    const diffs = this.differences(atLeast);
    return (
      `windowed table: ${this.records} records, ${this.latest.size} windows of ${this.expected.size}, ${this.counted()} events counted of ${this.total}; ` +
      `${diffs.length} windows ${atLeast ? 'short' : 'off'} (e.g. ${diffs.slice(0, 4).join('; ')})`
    );
  }
}

/**
 * Reads output topics from the beginning at read_committed, following how far it has read each
 * partition (transaction markers included), and probes how far the queries' committed offsets
 * have got (with kafkajs's admin client).
 *
 * The records are read through `KafkaLog` rather than a kafkajs consumer: kafkajs 2.2.4's
 * consumer lets records of aborted transactions through when two producers' aborted
 * transactions start before the same record (its filterAbortedMessages moves past one aborted
 * transaction per record, where Kafka's Java consumer takes every one that has started), which is
 * what a SIGKILL leaves behind when the killed server had several tasks writing to one output
 * partition. `KafkaLog`'s read_committed filtering follows the Java consumer and is tested on its
 * own against transactions written by kafkajs (test/runtime/log/kafka-log.test.ts) and on this
 * case (test/runtime/log/kafka-records.test.ts).
 */
export class OutputReader {
  private readonly positions = new Map<string, number>();
  private log: KafkaLog | undefined;
  private readonly stop = new AbortController();
  private loop: Promise<void> = Promise.resolve();

  constructor(
    private readonly bootstrap: string,
    private readonly admin: Admin,
  ) {}

  async read(handlers: Record<string, (key: Buffer | null, value: Buffer | null) => void>): Promise<void> {
    this.positions.clear();
    const log = await KafkaLog.connect({ bootstrapServers: this.bootstrap, clientId: 'tributary-test-reader' });
    this.log = log;
    const signal = this.stop.signal;
    this.loop = (async () => {
      while (!signal.aborted) {
        let read = 0;
        for (const [topic, handle] of Object.entries(handlers)) {
          const partitions = (await log.describeTopic(topic))?.partitions ?? 0;
          for (let p = 0; p < partitions; p++) {
            const at = `${topic}|${p}`;
            const from = this.positions.get(at) ?? 0;
            // The end first: when nothing readable lies between here and there (only transaction
            // markers and aborted records), the reader is at the end.
            const end = await log.endOffset(topic, p);
            const records = await log.fetch(topic, p, from, 5_000);
            for (const r of records) handle(r.key === null ? null : Buffer.from(r.key), r.value === null ? null : Buffer.from(r.value));
            read += records.length;
            const next = records.length > 0 ? records[records.length - 1]!.offset + 1 : from;
            this.positions.set(at, records.length === 0 && next < end ? end : next);
          }
        }
        if (read === 0) await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    this.loop.catch(() => undefined);
  }

  /** Whether the reader has read every partition of `topics` up to its end. */
  async readToEnd(topics: readonly string[]): Promise<{ done: boolean; text: string }> {
    let done = true;
    const parts: string[] = [];
    for (const t of topics) {
      for (const { partition, high } of await this.admin.fetchTopicOffsets(t)) {
        const at = this.positions.get(`${t}|${partition}`) ?? 0;
        if (at < Number(high)) done = false;
        parts.push(`${t}-${partition} read to ${at} of ${high}`);
      }
    }
    return { done, text: parts.join(', ') };
  }

  /** Each query group's committed offsets on `source`, per partition, against its end offsets. */
  async progress(source: string, groups: readonly string[]): Promise<{ caughtUp: boolean; text: string }> {
    const ends = await this.admin.fetchTopicOffsets(source);
    let caughtUp = true;
    const parts: string[] = [`source ends ${ends.map((e) => `${e.partition}:${e.high}`).join(' ')}`];
    for (const groupId of groups) {
      const [committed] = await this.admin.fetchOffsets({ groupId, topics: [source] });
      const at = (p: number): string => committed?.partitions.find((c) => c.partition === p)?.offset ?? '-1';
      if (!ends.every((e) => at(e.partition) === e.high)) caughtUp = false;
      parts.push(`${groupId} at ${ends.map((e) => `${e.partition}:${at(e.partition)}`).join(' ')}`);
    }
    return { caughtUp, text: parts.join('; ') };
  }

  /**
   * Waits until every query group has committed the whole of `source` (nothing more will be
   * written) and this reader has read `outputs` to their ends after that.
   */
  async settle(source: string, groups: readonly string[], outputs: readonly string[], timeoutMs: number, describe: () => string): Promise<void> {
    let progress = { caughtUp: false, text: '' };
    let read = { done: false, text: '' };
    await pollUntil(
      async () => {
        progress = await this.progress(source, groups);
        if (!progress.caughtUp) return undefined;
        read = await this.readToEnd(outputs);
        return read.done ? true : undefined;
      },
      timeoutMs,
      () => `the queries did not commit the whole input, or the outputs were not read to their ends: ${progress.text}; ${read.text}; ${describe()}`,
    );
  }

  async close(): Promise<void> {
    this.stop.abort();
    await this.loop.catch(() => undefined);
    await this.log?.close();
    this.log = undefined;
  }
}
