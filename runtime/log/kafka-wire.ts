import { createRequire } from 'node:module';
import type { Kafka } from 'kafkajs';

/**
 * The part of kafkajs below its public API that `KafkaLog` uses, typed here and nowhere else.
 *
 * Why go below it: kafkajs's public clients do not fit a log read by offset. Its consumer must
 * join a group and cannot be pointed at one partition and offset per call; its producer chooses
 * partitions itself and keeps every topic it ever wrote in its metadata requests, so one deleted
 * topic makes every later send fail; its admin commits offsets by joining the group. A kafkajs
 * `Cluster` with its `Broker`s speaks the plain protocol requests (Produce, Fetch, ListOffsets,
 * OffsetCommit, OffsetFetch, Metadata) to the right node, with kafkajs's own connection handling,
 * version negotiation and record encoding. A kafkajs upgrade that changes these shapes fails
 * loudly in `openCluster`, not silently somewhere else. Produce requests carry record batches
 * `KafkaLog` encodes itself (`produceEncoded`), and Fetch responses are read by `KafkaLog` itself
 * (`fetchRaw`), both through kafkajs's own request for the negotiated version and its connection;
 * that borrows kafkajs modules by path and the broker's private send, each checked on first use
 * with a message that says so.
 */

/** A record as kafkajs encodes it for a Produce request. */
export interface WireMessage {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  /** Epoch milliseconds as a decimal string (kafkajs treats a numeric 0 as "now"). */
  readonly timestamp: string;
  readonly headers: Record<string, Buffer | null | (Buffer | null)[]>;
}

export interface WireBatchContext {
  readonly firstOffset: string;
  readonly lastOffsetDelta: number;
  readonly producerId: string;
  readonly inTransaction: boolean;
  readonly isControlBatch: boolean;
}

/** A record as kafkajs decodes it from a Fetch response; every record points at its batch. */
export interface WireFetchedMessage {
  readonly offset: string;
  readonly timestamp: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Record<string, Buffer | null | (Buffer | null)[]>;
  readonly isControlRecord: boolean;
  readonly batchContext: WireBatchContext;
}

export interface WireFetchedPartition {
  readonly partition: number;
  readonly errorCode: number;
  readonly highWatermark: string;
  readonly lastStableOffset: string;
  readonly abortedTransactions: readonly { readonly producerId: string; readonly firstOffset: string }[] | null;
  readonly messages: readonly WireFetchedMessage[];
}

export interface WireFetchRequest {
  readonly replicaId?: number;
  readonly isolationLevel: number;
  readonly maxWaitTime: number;
  readonly minBytes: number;
  readonly maxBytes: number;
  readonly topics: readonly {
    readonly topic: string;
    readonly partitions: readonly { readonly partition: number; readonly fetchOffset: string; readonly maxBytes: number }[];
  }[];
}

export interface WirePartitionMetadata {
  readonly partitionId: number;
  readonly leader: number;
  readonly replicas: readonly number[];
}

export interface WireMetadata {
  readonly topicMetadata: readonly { readonly topic: string; readonly partitionMetadata: readonly WirePartitionMetadata[] }[];
}

export interface WireProduceResponse {
  readonly topics: readonly { readonly topicName: string; readonly partitions: readonly { readonly partition: number; readonly errorCode: number; readonly baseOffset: string }[] }[];
}

export interface WireBroker {
  metadata(topics: string[]): Promise<WireMetadata>;
  produce(request: {
    acks: number;
    timeout: number;
    topicData: { topic: string; partitions: { partition: number; messages: WireMessage[] }[] }[];
  }): Promise<WireProduceResponse>;
  fetch(request: WireFetchRequest): Promise<{ responses: { topicName: string; partitions: WireFetchedPartition[] }[] }>;
  listOffsets(request: {
    replicaId?: number;
    isolationLevel: number;
    topics: { topic: string; partitions: { partition: number; timestamp: number }[] }[];
  }): Promise<{ responses: { topic: string; partitions: { partition: number; errorCode: number; offset: string }[] }[] }>;
  offsetCommit(request: {
    groupId: string;
    groupGenerationId: number;
    memberId: string;
    retentionTime?: number;
    topics: { topic: string; partitions: { partition: number; offset: string }[] }[];
  }): Promise<unknown>;
  offsetFetch(request: {
    groupId: string;
    topics: { topic: string; partitions: { partition: number }[] }[];
  }): Promise<{ responses: { topic: string; partitions: { partition: number; offset: string; errorCode: number }[] }[] }>;
}

/** The group membership requests of a coordinator (JoinGroup, SyncGroup, Heartbeat, LeaveGroup). */
export interface WireGroupBroker {
  joinGroup(request: {
    groupId: string;
    sessionTimeout: number;
    rebalanceTimeout: number;
    memberId: string;
    protocolType: string;
    groupProtocols: { name: string; metadata: Buffer }[];
  }): Promise<{ generationId: number; leaderId: string; memberId: string; groupProtocol: string; members: { memberId: string; memberMetadata: Buffer }[] }>;
  syncGroup(request: {
    groupId: string;
    generationId: number;
    memberId: string;
    groupAssignment: { memberId: string; memberAssignment: Buffer }[];
  }): Promise<{ memberAssignment: Buffer }>;
  heartbeat(request: { groupId: string; groupGenerationId: number; memberId: string }): Promise<unknown>;
  leaveGroup(request: { groupId: string; memberId: string }): Promise<unknown>;
}

export interface WireCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  refreshMetadata(): Promise<void>;
  getNodeIds(): number[];
  findBroker(options: { nodeId: number }): Promise<WireBroker>;
  findGroupCoordinator(options: { groupId: string }): Promise<WireBroker>;
  /** The coordinator's node id, without connecting to it (one FindCoordinator request). */
  findGroupCoordinatorMetadata(options: { groupId: string }): Promise<{ coordinator: { nodeId: number } }>;
}

/** kafkajs's isolation levels: read_committed hides aborted transactions and open ones. */
export const READ_COMMITTED = 1;

/**
 * A new kafkajs `Cluster` with the client's settings (brokers, logger, retry, timeouts), as the
 * client's own producer and consumer get one. Each cluster has its own connections.
 */
export function openCluster(kafka: Kafka): WireCluster {
  const create = Object.getOwnPropertySymbols(kafka).find((s) => s.description === 'private:Kafka:createCluster');
  const factory = create === undefined ? undefined : (kafka as unknown as Record<symbol, unknown>)[create];
  if (typeof factory !== 'function') {
    throw new Error(
      'This kafkajs version does not expose the cluster factory KafkaLog relies on (checked against kafkajs 2.2.4): ' +
        'install kafkajs 2.2.x or update runtime/log/kafka-wire.ts.',
    );
  }
  const cluster = (factory as (options: object) => WireCluster)({ allowAutoTopicCreation: false, isolationLevel: READ_COMMITTED });
  for (const method of ['connect', 'disconnect', 'refreshMetadata', 'getNodeIds', 'findBroker', 'findGroupCoordinator', 'findGroupCoordinatorMetadata'] as const) {
    if (typeof cluster[method] !== 'function') {
      throw new Error(`kafkajs's Cluster has no ${method}() (checked against kafkajs 2.2.4): install kafkajs 2.2.x or update runtime/log/kafka-wire.ts.`);
    }
  }
  return cluster;
}

/** A Produce request whose record sets are already encoded (`encodeRecordBatch` in kafka-records.ts). */
export interface EncodedProduceRequest {
  readonly acks: number;
  readonly timeout: number;
  readonly topicData: readonly {
    readonly topic: string;
    readonly partitions: readonly { readonly partition: number; readonly records: Buffer }[];
  }[];
}

const kafkajsMissing = (what: string): Error =>
  new Error(`kafkajs has no ${what} (checked against kafkajs 2.2.4): install kafkajs 2.2.x or update runtime/log/kafka-wire.ts.`);

/** A module of kafkajs below its public API, by path; says which when it is missing. */
function kafkajsModule(path: string): unknown {
  try {
    return createRequire(import.meta.url)(`kafkajs/${path}`) as unknown;
  } catch {
    throw kafkajsMissing(`${path} module`);
  }
}

/** A kafkajs request as its Broker builds one for the negotiated version, and sends. */
interface KafkajsProtocol {
  readonly request: { readonly apiVersion: number; encode: () => Promise<unknown> };
  response: { decode: (raw: Buffer) => Promise<unknown>; parse: (data: unknown) => Promise<unknown> };
}

/** kafkajs's request for `apiKey` (module `definition`) with `args`, at the version `broker` negotiated. */
function kafkajsRequest(broker: WireBroker, apiKey: number, definition: unknown, args: object): KafkajsProtocol {
  const lookup = (broker as unknown as { lookupRequest?: (apiKey: number, definition: unknown) => (args: object) => KafkajsProtocol }).lookupRequest;
  if (typeof lookup !== 'function') throw kafkajsMissing('Broker#lookupRequest');
  return lookup.call(broker, apiKey, definition)(args);
}

let sendSymbol: symbol | undefined;

/** Sends `protocol` on the broker's connection (kafkajs's private send: retries, correlation, errors). */
function sendRequest<T>(broker: WireBroker, protocol: KafkajsProtocol): Promise<T> {
  sendSymbol ??= Object.getOwnPropertySymbols(Object.getPrototypeOf(broker)).find((s) => s.description === 'private:Broker:sendRequest');
  if (sendSymbol === undefined) throw kafkajsMissing("Broker method 'private:Broker:sendRequest'");
  const send = (broker as unknown as Record<symbol, (protocolRequest: unknown) => Promise<T>>)[sendSymbol]!;
  return send.call(broker, protocol);
}

let produceDefinition: unknown;
let Encoder: (new () => { writeBuffer(bytes: Buffer): unknown }) | undefined;

/**
 * Sends a Produce request with record sets this side encoded, through the broker's connection and
 * kafkajs's version negotiation and response parsing (errors come back as kafkajs's, with their
 * `type`). kafkajs has no way to take encoded batches, so this builds kafkajs's own Produce
 * request for the negotiated version and swaps in an encoder for its body, which is the same in
 * versions 3 to 8 (transactional id, acks, timeout, then topics and their partitions' record
 * sets); Kafka 4 accepts nothing older than 3 and kafkajs 2.2.4 nothing newer than 7.
 */
export async function produceEncoded(broker: WireBroker, request: EncodedProduceRequest): Promise<WireProduceResponse> {
  produceDefinition ??= kafkajsModule('src/protocol/requests/produce/index.js');
  if (!Encoder) {
    const loaded = kafkajsModule('src/protocol/encoder.js');
    if (typeof loaded !== 'function' || typeof (loaded.prototype as { writeBuffer?: unknown } | undefined)?.writeBuffer !== 'function') throw kafkajsMissing('Encoder#writeBuffer');
    Encoder = loaded as unknown as typeof Encoder;
  }
  const encoder = Encoder!;
  const protocol = kafkajsRequest(broker, PRODUCE_API_KEY, produceDefinition, { acks: request.acks, timeout: request.timeout, compression: 0, topicData: [] });
  const version = protocol.request.apiVersion;
  if (version < 3 || version > 8) throw new Error(`Produce version ${version} negotiated with the broker has a body KafkaLog cannot encode (3 to 8).`);
  protocol.request.encode = async () => new encoder().writeBuffer(encodeProduceBody(request));
  return sendRequest<WireProduceResponse>(broker, protocol);
}

const PRODUCE_API_KEY = 0;

/** The body of a Produce request, versions 3 to 8, not transactional. */
function encodeProduceBody(request: EncodedProduceRequest): Buffer {
  let size = 2 + 2 + 4 + 4;
  for (const t of request.topicData) {
    size += 2 + Buffer.byteLength(t.topic, 'utf8') + 4;
    for (const p of t.partitions) size += 4 + 4 + p.records.length;
  }
  const out = Buffer.allocUnsafe(size);
  let at = out.writeInt16BE(-1, 0); // transactional_id: null
  at = out.writeInt16BE(request.acks, at);
  at = out.writeInt32BE(request.timeout, at);
  at = out.writeInt32BE(request.topicData.length, at);
  for (const t of request.topicData) {
    at = out.writeInt16BE(Buffer.byteLength(t.topic, 'utf8'), at);
    at += out.write(t.topic, at, 'utf8');
    at = out.writeInt32BE(t.partitions.length, at);
    for (const p of t.partitions) {
      at = out.writeInt32BE(p.partition, at);
      at = out.writeInt32BE(p.records.length, at);
      at += p.records.copy(out, at);
    }
  }
  return out;
}

/** One partition of a Fetch response, its record set left undecoded (kafka-records.ts reads it). */
export interface RawFetchedPartition {
  readonly partition: number;
  readonly errorCode: number;
  readonly highWatermark: number;
  readonly lastStableOffset: number;
  readonly abortedTransactions: readonly { readonly producerId: bigint; readonly firstOffset: number }[];
  /** The record batches as the broker sent them; the last one may be cut short. */
  readonly recordSet: Buffer;
}

export interface RawFetchResponse {
  readonly topics: readonly { readonly topic: string; readonly partitions: readonly RawFetchedPartition[] }[];
}

const FETCH_API_KEY = 1;

let fetchDefinition: unknown;
let errorOf: ((code: number) => Error) | undefined;

/**
 * Sends a Fetch request through kafkajs (its version negotiation, connection and request
 * encoding) but reads the response itself, leaving each partition's record set as bytes for
 * `decodeRecordSet`: kafkajs decodes every record into objects with string offsets and
 * timestamps, which cost a live query more than the rest of its read path. Versions 4 to 11 (all
 * Kafka 4 and kafkajs 2.2.4 share). A partition or response error is thrown as kafkajs's error,
 * with its `type`, as kafkajs would.
 */
export async function fetchRaw(broker: WireBroker, request: WireFetchRequest): Promise<RawFetchResponse> {
  fetchDefinition ??= kafkajsModule('src/protocol/requests/fetch/index.js');
  if (!errorOf) {
    const create = (kafkajsModule('src/protocol/error.js') as { createErrorFromCode?: unknown }).createErrorFromCode;
    if (typeof create !== 'function') throw kafkajsMissing('createErrorFromCode');
    errorOf = create as (code: number) => Error;
  }
  const toError = errorOf;
  const protocol = kafkajsRequest(broker, FETCH_API_KEY, fetchDefinition, { rackId: '', ...request });
  const version = protocol.request.apiVersion;
  if (version < 4 || version > 11) throw new Error(`Fetch version ${version} negotiated with the broker has a response KafkaLog cannot read (4 to 11).`);
  protocol.response = {
    decode: async (raw: Buffer) => decodeFetchResponse(raw, version),
    parse: async (data: unknown) => {
      const response = data as RawFetchResponse & { errorCode: number };
      if (response.errorCode !== 0) throw toError(response.errorCode);
      for (const t of response.topics) for (const p of t.partitions) if (p.errorCode !== 0) throw toError(p.errorCode);
      return response;
    },
  };
  return sendRequest<RawFetchResponse>(broker, protocol);
}

/**
 * Fetch response, versions 4 to 11: throttle_time_ms int32, [v7+: error_code int16, session_id
 * int32], then topics: name string, partitions: partition int32, error_code int16,
 * high_watermark int64, last_stable_offset int64, [v5+: log_start_offset int64],
 * aborted_transactions (producer_id int64, first_offset int64; count -1 = null),
 * [v11: preferred_read_replica int32], records bytes (int32 length, -1 = null).
 */
function decodeFetchResponse(raw: Buffer, version: number): RawFetchResponse & { errorCode: number } {
  let at = 4; // throttle_time_ms
  let errorCode = 0;
  if (version >= 7) {
    errorCode = raw.readInt16BE(at);
    at += 2 + 4; // error_code, session_id
  }
  const topics: { topic: string; partitions: RawFetchedPartition[] }[] = [];
  const topicCount = raw.readInt32BE(at);
  at += 4;
  for (let t = 0; t < topicCount; t++) {
    const nameLength = raw.readInt16BE(at);
    const topic = raw.toString('utf8', at + 2, at + 2 + nameLength);
    at += 2 + nameLength;
    const partitionCount = raw.readInt32BE(at);
    at += 4;
    const partitions: RawFetchedPartition[] = [];
    for (let p = 0; p < partitionCount; p++) {
      const partition = raw.readInt32BE(at);
      const partitionError = raw.readInt16BE(at + 4);
      const highWatermark = Number(raw.readBigInt64BE(at + 6));
      const lastStableOffset = Number(raw.readBigInt64BE(at + 14));
      at += 22;
      if (version >= 5) at += 8; // log_start_offset
      const abortedCount = raw.readInt32BE(at);
      at += 4;
      const abortedTransactions: { producerId: bigint; firstOffset: number }[] = [];
      for (let a = 0; a < abortedCount; a++) {
        abortedTransactions.push({ producerId: raw.readBigInt64BE(at), firstOffset: Number(raw.readBigInt64BE(at + 8)) });
        at += 16;
      }
      if (version >= 11) at += 4; // preferred_read_replica
      const size = raw.readInt32BE(at);
      at += 4;
      const recordSet = size > 0 ? raw.subarray(at, at + size) : EMPTY;
      if (size > 0) at += size;
      partitions.push({ partition, errorCode: partitionError, highWatermark, lastStableOffset, abortedTransactions, recordSet });
    }
    topics.push({ topic, partitions });
  }
  return { errorCode, topics };
}

const EMPTY = Buffer.alloc(0);
