/**
 * What the engine offers the server and the embedding application. Entities are the JSON shapes of
 * ksqlDB's REST API (`../shared/reference/ksqldb-rest-contract.md` §2.1), so the server only routes.
 */

/** One result of `POST /ksql`, e.g. `{ '@type': 'currentStatus', statementText, commandId, ... }`. */
export type KsqlEntity = { readonly '@type': string; readonly statementText: string; readonly [field: string]: unknown };

export interface RequestOptions {
  /** `streamsProperties` of the request: session overrides such as `auto.offset.reset`. */
  readonly properties?: Readonly<Record<string, unknown>>;
  /** `sessionVariables` of the request, substituted for `${NAME}`. */
  readonly variables?: Readonly<Record<string, string>>;
  /**
   * The request's `Authorization` header, passed on when the engine asks another server of its
   * group for part of a pull query's answer (as ksqlDB forwards the caller's credentials).
   */
  readonly authorization?: string;
}

/** A running push query, or a pull query whose rows end when it is answered. */
export interface QueryStream {
  readonly queryId: string;
  /** Output column names and their ksqlDB type text (`BIGINT`, `ARRAY<STRING>`, ...). */
  readonly columnNames: readonly string[];
  readonly columnTypes: readonly string[];
  /** ksqlDB's schema text for the header of `POST /query`, e.g. ``"`ID` STRING KEY, `C` BIGINT"``. */
  readonly schemaText: string;
  readonly isPull: boolean;
  /**
   * Whether /query ends the rows with a `finalMessage`: push queries and pull queries over streams
   * do; a pull query over a table does not. Defaults to `!isPull`.
   */
  readonly finalMessage?: boolean;
  /**
   * Rows in engine value representation (see common/types.ts); render with `toJsonValue`.
   * Ends when a pull query is answered, a LIMIT is reached, or the stream is closed.
   */
  readonly rows: AsyncIterable<readonly unknown[]>;
  /**
   * A pull query answered as it started (a prepared key lookup): its rows, the ones `rows` yields,
   * for callers that write the answer at once.
   */
  readonly answered?: readonly (readonly unknown[])[];
  /**
   * Whether a row of a push query over a table stands for a deleted row (key columns and window
   * bounds set, the rest null): `"tombstone": true` on /query, dropped by /query-stream's framings.
   */
  readonly isTombstone?: (row: readonly unknown[]) => boolean;
  /** Set when the stream ended because LIMIT was reached. */
  readonly limitReached: () => boolean;
  close(): Promise<void>;
}

export interface ServerInfo {
  readonly version: string;
  readonly kafkaClusterId: string;
  readonly ksqlServiceId: string;
  readonly serverStatus: 'RUNNING' | 'ERROR';
}

/** The target of `POST /inserts-stream`, resolved before any row is read. */
export interface InsertsTarget {
  /**
   * Coerces one row (a JSON tree from `parseJsonLossless`: an object keyed by column name) to the
   * target's columns and appends it. A row that does not fit throws a 400-status TributaryError.
   */
  insert(row: unknown): Promise<void>;
}

export interface EngineApi {
  /**
   * Runs every statement in `sql` in order and returns one entity per statement that yields one.
   * Throws a TributaryError (with `statementText` set) on the first statement that fails; the
   * entities of the statements before it are on the error's `entities` property.
   */
  execute(sql: string, options?: RequestOptions): Promise<KsqlEntity[]>;
  /** Starts a push query (`EMIT CHANGES`) or answers a pull query (no EMIT). */
  query(sql: string, options?: RequestOptions): Promise<QueryStream>;
  /** Opens a stream or table for `POST /inserts-stream`; throws a TributaryError when it cannot take rows. */
  openInserts?(target: string): Promise<InsertsTarget>;
  info(): ServerInfo;
  /**
   * The address this server serves on, once it listens, for the other servers of its group
   * (pull queries forwarded to the tasks they run). Engines without a group ignore it.
   */
  advertise?(url: string): void;
  /**
   * The servers of this engine's group (this one alone without a group), by `host:port` (`self`
   * is this server's), with the source partitions each one's tasks read, per persistent query:
   * `GET /clusterStatus`.
   */
  clusterStatus?(self: string): Readonly<Record<string, HostStatus>>;
  close(): Promise<void>;
}

/** One server in `GET /clusterStatus`, in ksqlDB's shape. */
export interface HostStatus {
  readonly hostAlive: boolean;
  readonly lastStatusUpdateMs: number;
  readonly activeStandbyPerQuery: Readonly<
    Record<string, { readonly activeStores: readonly string[]; readonly activePartitions: readonly { readonly topic: string; readonly partition: number }[]; readonly standByStores: readonly string[]; readonly standByPartitions: readonly unknown[] }>
  >;
  readonly hostStoreLags: { readonly stateStoreLags: Readonly<Record<string, unknown>>; readonly updateTimeMs: number };
}
