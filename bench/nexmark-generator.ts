/**
 * A deterministic Nexmark-style event generator: people register, open auctions and bid on them.
 *
 * Three topics, one per event kind, each record keyed by the id a query joins or groups on, with
 * a JSON value whose field names are the column names (upper case, as ksqlDB writes them):
 *
 *   <prefix>person   key PERSON id (KAFKA BIGINT)   {NAME, EMAILADDRESS, CREDITCARD, CITY, STATE, DATETIME, EXTRA}
 *   <prefix>auction  key AUCTION id (KAFKA BIGINT)  {ITEMNAME, DESCRIPTION, INITIALBID, RESERVE, DATETIME, EXPIRES, SELLER, CATEGORY, EXTRA}
 *   <prefix>bid      key AUCTION id (KAFKA BIGINT)  {BIDDER, PRICE, CHANNEL, URL, DATETIME, EXTRA}
 *
 * Separate topics make the SQL plain (a STREAM of bids, a TABLE of auctions keyed by id) where
 * one mixed topic would need a type filter and STRUCT columns in every query. Bids are keyed by
 * their auction, as a producer that partitions bids by auction would, so grouping by auction or
 * joining bids to auctions needs no repartition.
 *
 * Proportions follow Nexmark: of every 50 events, 1 person, 3 auctions and 46 bids (92% bids),
 * in that order. Event time starts at `baseTime` and advances one millisecond every 10 events
 * (10,000 events per second of event time); it is both the record timestamp and the DATETIME
 * field. (A broker deletes segments older than its retention time by their timestamps, so the
 * runs start their events at the current time.) A bid names an auction
 * and a bidder that already exist: half the bids go to a "hot" auction (the newest auction id
 * rounded down to a multiple of 10), the rest to one of the 1,000 newest auctions; bidders
 * likewise among people. Everything comes from one xorshift32 stream seeded by `seed`, so a run
 * is the same events in the same order every time (up to the base time).
 */

export const FIRST_ID = 1000;
const EVENTS_PER_MS = 10;
const PERIOD = 50;
const AUCTIONS_PER_PERIOD = 3;
const IN_FLIGHT = 1000;
const HOT_STRIDE = 10;
/** Q2's filter: bids on auctions whose id is a multiple of this. */
export const Q2_MODULUS = 123;

const CHANNELS = ['Google', 'Facebook', 'Baidu', 'Apple'] as const;
const FIRST_NAMES = ['Peter', 'Paul', 'Luke', 'John', 'Saul', 'Vicky', 'Kate', 'Julie', 'Sarah', 'Deiter', 'Walter'] as const;
const LAST_NAMES = ['Shultz', 'Abrams', 'Spencer', 'White', 'Bartels', 'Walton', 'Smith', 'Jones', 'Noris'] as const;
const CITIES = ['Phoenix', 'Los Angeles', 'San Francisco', 'Boise', 'Portland', 'Bend', 'Redmond', 'Seattle', 'Kent', 'Cheyenne'] as const;
const STATES = ['AZ', 'CA', 'ID', 'OR', 'WA', 'WY'] as const;
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

export type NexmarkKind = 'person' | 'auction' | 'bid';

/** One event as it goes to Kafka. */
export interface NexmarkEvent {
  readonly kind: NexmarkKind;
  /** The id as an 8-byte big-endian long (ksqlDB's KAFKA format for BIGINT). */
  readonly key: Buffer;
  readonly value: Buffer;
  readonly timestamp: number;
}

/** How many events of each kind the first `n` events hold, and what the queries should emit. */
export interface NexmarkCounts {
  readonly events: number;
  readonly persons: number;
  readonly auctions: number;
  readonly bids: number;
  /** Bids whose auction id is a multiple of Q2_MODULUS. */
  readonly q2Bids: number;
}

export function bigintKey(id: number): Buffer {
  const key = Buffer.allocUnsafe(8);
  key.writeUInt32BE(Math.floor(id / 0x1_0000_0000), 0);
  key.writeUInt32BE(id >>> 0, 4);
  return key;
}

export class NexmarkGenerator {
  private index = 0;
  private state: number;
  private persons = 0;
  private auctions = 0;
  private bids = 0;
  private q2Bids = 0;

  constructor(
    private readonly baseTime: number,
    seed = 0x2545f491,
  ) {
    this.state = seed | 0 || 1;
  }

  /** The next event, in the order a single source emits them. */
  next(): NexmarkEvent {
    const i = this.index++;
    const slot = i % PERIOD;
    const timestamp = this.baseTime + Math.floor(i / EVENTS_PER_MS);
    if (slot === 0) return this.person(timestamp);
    if (slot <= AUCTIONS_PER_PERIOD) return this.auction(timestamp);
    return this.bid(timestamp);
  }

  counts(): NexmarkCounts {
    return { events: this.index, persons: this.persons, auctions: this.auctions, bids: this.bids, q2Bids: this.q2Bids };
  }

  private person(timestamp: number): NexmarkEvent {
    const id = FIRST_ID + this.persons++;
    const name = `${this.pick(FIRST_NAMES)} ${this.pick(LAST_NAMES)}`;
    const email = `${this.word(7)}@${this.word(5)}.com`;
    const card = `${this.digits(4)} ${this.digits(4)} ${this.digits(4)} ${this.digits(4)}`;
    const value =
      `{"NAME":"${name}","EMAILADDRESS":"${email}","CREDITCARD":"${card}","CITY":"${this.pick(CITIES)}",` +
      `"STATE":"${this.pick(STATES)}","DATETIME":${timestamp},"EXTRA":"${this.word(40)}"}`;
    return { kind: 'person', key: bigintKey(id), value: Buffer.from(value), timestamp };
  }

  private auction(timestamp: number): NexmarkEvent {
    const id = FIRST_ID + this.auctions++;
    const initialBid = 100 + this.below(10_000);
    const value =
      `{"ITEMNAME":"${this.word(12)}","DESCRIPTION":"${this.word(40)}","INITIALBID":${initialBid},` +
      `"RESERVE":${initialBid + this.below(10_000)},"DATETIME":${timestamp},"EXPIRES":${timestamp + 10_000 + this.below(100_000)},` +
      `"SELLER":${this.recent(this.persons)},"CATEGORY":${10 + this.below(5)},"EXTRA":"${this.word(40)}"}`;
    return { kind: 'auction', key: bigintKey(id), value: Buffer.from(value), timestamp };
  }

  private bid(timestamp: number): NexmarkEvent {
    this.bids++;
    const auction = this.recent(this.auctions);
    if (auction % Q2_MODULUS === 0) this.q2Bids++;
    const channel = this.below(CHANNELS.length);
    const value =
      `{"BIDDER":${this.recent(this.persons)},"PRICE":${100 + this.below(1_000_000)},"CHANNEL":"${CHANNELS[channel]}",` +
      `"URL":"https://www.nexmark.com/${this.word(5)}/${this.word(5)}/item.htm?query=1&channel_id=${channel}",` +
      `"DATETIME":${timestamp},"EXTRA":""}`;
    return { kind: 'bid', key: bigintKey(auction), value: Buffer.from(value), timestamp };
  }

  /** An existing id among `count` (count > 0): half the time a hot one, else one of the newest. */
  private recent(count: number): number {
    const newest = FIRST_ID + count - 1;
    if (this.below(2) === 0) return Math.max(FIRST_ID, newest - (newest % HOT_STRIDE));
    return newest - this.below(Math.min(count, IN_FLIGHT));
  }

  private random(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x;
    return x >>> 0;
  }

  private below(n: number): number {
    return this.random() % n;
  }

  private pick<T>(values: readonly T[]): T {
    return values[this.below(values.length)]!;
  }

  private word(length: number): string {
    let s = '';
    for (let k = 0; k < length; k++) s += LETTERS[this.below(LETTERS.length)];
    return s;
  }

  private digits(length: number): string {
    let s = '';
    for (let k = 0; k < length; k++) s += String(this.below(10));
    return s;
  }
}
