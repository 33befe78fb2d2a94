/**
 * The Nexmark queries in the ksqlDB dialect, over the topics of nexmark-generator.ts. Each query
 * reads the bid stream from the beginning; the join also reads the auction table.
 */
import { Q2_MODULUS, type NexmarkCounts } from './nexmark-generator.ts';

export const NEXMARK_QUERY_NAMES = ['q0', 'q1', 'q2', 'window', 'join'] as const;
export type NexmarkQueryName = (typeof NEXMARK_QUERY_NAMES)[number];

export interface NexmarkTopics {
  readonly person: string;
  readonly auction: string;
  readonly bid: string;
}

export const nexmarkTopics = (prefix: string): NexmarkTopics => ({ person: `${prefix}person`, auction: `${prefix}auction`, bid: `${prefix}bid` });

export interface NexmarkQuery {
  readonly name: NexmarkQueryName;
  /** What the table of results calls it. */
  readonly title: string;
  /** The persistent query (one CREATE ... AS SELECT). */
  readonly sql: string;
  readonly sinkTopic: string;
  /** Source topics and the events the query reads from each (all of them). */
  sources(counts: NexmarkCounts): Map<string, number>;
  /** Rows the sink must hold when the query has read everything, or undefined when not fixed. */
  expectedRows(counts: NexmarkCounts): number | undefined;
}

/** The sources over the generator's topics. */
export function nexmarkDdl(topics: NexmarkTopics): string {
  return [
    `CREATE STREAM PERSON (ID BIGINT KEY, NAME STRING, EMAILADDRESS STRING, CREDITCARD STRING, CITY STRING, STATE STRING, DATETIME BIGINT, EXTRA STRING)` +
      ` WITH (KAFKA_TOPIC='${topics.person}', VALUE_FORMAT='JSON');`,
    `CREATE TABLE AUCTION (ID BIGINT PRIMARY KEY, ITEMNAME STRING, DESCRIPTION STRING, INITIALBID BIGINT, RESERVE BIGINT, DATETIME BIGINT, EXPIRES BIGINT,` +
      ` SELLER BIGINT, CATEGORY BIGINT, EXTRA STRING) WITH (KAFKA_TOPIC='${topics.auction}', VALUE_FORMAT='JSON');`,
    `CREATE STREAM BID (AUCTION BIGINT KEY, BIDDER BIGINT, PRICE BIGINT, CHANNEL STRING, URL STRING, DATETIME BIGINT, EXTRA STRING)` +
      ` WITH (KAFKA_TOPIC='${topics.bid}', VALUE_FORMAT='JSON');`,
  ].join('\n');
}

/** `prefix` names the generator's topics; the query writes `sinkTopic`. */
export function nexmarkQuery(name: NexmarkQueryName, prefix: string, sinkTopic = `${prefix}${name}`): NexmarkQuery {
  const topics = nexmarkTopics(prefix);
  const bids = (c: NexmarkCounts): Map<string, number> => new Map([[topics.bid, c.bids]]);
  const sink = `WITH (KAFKA_TOPIC='${sinkTopic}')`;
  switch (name) {
    case 'q0':
      return {
        name,
        title: 'q0 pass-through',
        sql: `CREATE STREAM NEXMARK_Q0 ${sink} AS SELECT * FROM BID EMIT CHANGES;`,
        sinkTopic,
        sources: bids,
        expectedRows: (c) => c.bids,
      };
    case 'q1':
      return {
        name,
        title: 'q1 projection (price in euros)',
        sql: `CREATE STREAM NEXMARK_Q1 ${sink} AS SELECT AUCTION, BIDDER, 0.908 * PRICE AS PRICE, DATETIME FROM BID EMIT CHANGES;`,
        sinkTopic,
        sources: bids,
        expectedRows: (c) => c.bids,
      };
    case 'q2':
      return {
        name,
        title: `q2 filter (auction % ${Q2_MODULUS} = 0)`,
        sql: `CREATE STREAM NEXMARK_Q2 ${sink} AS SELECT AUCTION, PRICE FROM BID WHERE AUCTION % ${Q2_MODULUS} = 0 EMIT CHANGES;`,
        sinkTopic,
        sources: bids,
        expectedRows: (c) => c.q2Bids,
      };
    case 'window':
      return {
        name,
        title: 'MAX(price) per auction, 10 s tumbling',
        sql:
          `CREATE TABLE NEXMARK_MAX_PRICE ${sink} AS SELECT AUCTION, MAX(PRICE) AS MAX_PRICE FROM BID` +
          ' WINDOW TUMBLING (SIZE 10 SECONDS) GROUP BY AUCTION EMIT CHANGES;',
        sinkTopic,
        sources: bids,
        // One update per bid (EMIT CHANGES, no record cache).
        expectedRows: (c) => c.bids,
      };
    case 'join':
      return {
        name,
        title: 'bids JOIN auctions (stream-table)',
        sql:
          `CREATE STREAM NEXMARK_JOIN ${sink} AS SELECT B.AUCTION AS AUCTION, B.BIDDER AS BIDDER, B.PRICE AS PRICE, A.ITEMNAME AS ITEMNAME,` +
          ' A.SELLER AS SELLER, A.CATEGORY AS CATEGORY FROM BID B JOIN AUCTION A ON B.AUCTION = A.ID EMIT CHANGES;',
        sinkTopic,
        sources: (c) => new Map([[topics.auction, c.auctions], [topics.bid, c.bids]]),
        // A bid joins only when its auction was read before it; the query reads both topics side
        // by side and auctions are 1 in 16 of them, so nearly all do, but the count is not fixed.
        expectedRows: () => undefined,
      };
  }
}
