import { keyString } from '../../common/values.ts';
import type { Rec } from '../record.ts';
import type { StoreEntry, WindowStore } from '../state/state-store.ts';
import type { Row } from './join-rows.ts';

/** Unmatched outer records of one key, side and timestamp, waiting for their window to close. */
export interface Held {
  readonly key: Row;
  readonly windowStart: number | null;
  readonly windowEnd: number | null;
  readonly rows: Row[];
}

/** Emits one held row (`primary`: it came from Kafka's left side) at its own timestamp. */
export type EmitHeld = (primary: boolean, held: Held, row: Row, timestamp: number) => void;

/**
 * The outer-join store of a stream-stream join with a GRACE PERIOD (Kafka Streams' spurious-result
 * fix), keyed by (side flag, join key) at the record's timestamp. `minTime` mirrors Streams'
 * shared tracker, including its quirk of ending a scan at the last entry's timestamp; it is not
 * durable (Streams keeps it in memory too).
 */
export class HeldOuterRecords {
  private minTime = Number.POSITIVE_INFINITY;

  constructor(
    private readonly store: WindowStore<Held>,
    private readonly graceMs: number,
    /** How long each side looks back: `after` for Kafka's left side, `before` for its right. */
    private readonly primaryLookBack: number,
    private readonly secondaryLookBack: number,
  ) {}

  hold(primary: boolean, stateKey: Row, r: Rec): void {
    const key = [primary ? 1 : 0, ...stateKey];
    const held = this.store.get(key, r.timestamp);
    if (held) held.rows.push(r.value!);
    const value = held ?? { key: r.key, windowStart: r.windowStart ?? null, windowEnd: r.windowEnd ?? null, rows: [r.value!] };
    this.store.put(key, r.timestamp, value);
    if (r.timestamp < this.minTime) this.minTime = r.timestamp;
  }

  /** A match removes every held record of that side, key and timestamp. */
  cancel(primary: boolean, stateKey: Row, timestamp: number): void {
    this.store.delete([primary ? 1 : 0, ...stateKey], timestamp);
  }

  /** Emits, in (timestamp, side, key) order, every held record whose window plus grace has closed. */
  emitClosed(lookBack: number, streamTime: number, emit: EmitHeld): void {
    if (this.minTime !== Number.POSITIVE_INFINITY && this.minTime + lookBack + this.graceMs >= streamTime) return;
    this.minTime = Number.POSITIVE_INFINITY;
    const entries = this.store.fetchAll(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
    if (entries.length > 1) entries.sort(heldOrder);
    for (const e of entries) {
      const start = e.start!;
      this.minTime = start;
      const primary = e.key[0] === 1;
      if (start + (primary ? this.primaryLookBack : this.secondaryLookBack) + this.graceMs >= streamTime) continue;
      for (const row of e.value.rows) emit(primary, e.value, row, start);
      this.store.delete(e.key, start);
    }
  }
}

/** Streams' serialized order: timestamp, then the right side (flag 0) before the left, then key. */
function heldOrder(a: StoreEntry<Held>, b: StoreEntry<Held>): number {
  return a.start! - b.start! || (a.key[0] as number) - (b.key[0] as number) || compareKeys(a.key, b.key);
}

function compareKeys(a: Row, b: Row): number {
  for (let i = 1; i < a.length && i < b.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if ((typeof x === 'number' || typeof x === 'bigint') && (typeof y === 'number' || typeof y === 'bigint')) return x < y ? -1 : 1;
    if (typeof x === 'string' && typeof y === 'string') return x < y ? -1 : 1;
    const sx = keyString([x]);
    const sy = keyString([y]);
    if (sx !== sy) return sx < sy ? -1 : 1;
  }
  return a.length - b.length;
}
