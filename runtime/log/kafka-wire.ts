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
 * loudly in `openCluster`, not silently somewhere else.
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

export interface WireBroker {
  metadata(topics: string[]): Promise<WireMetadata>;
  produce(request: {
    acks: number;
    timeout: number;
    topicData: { topic: string; partitions: { partition: number; messages: WireMessage[] }[] }[];
  }): Promise<{ topics: { topicName: string; partitions: { partition: number; errorCode: number; baseOffset: string }[] }[] }>;
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

export interface WireCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  refreshMetadata(): Promise<void>;
  getNodeIds(): number[];
  findBroker(options: { nodeId: number }): Promise<WireBroker>;
  findGroupCoordinator(options: { groupId: string }): Promise<WireBroker>;
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
  for (const method of ['connect', 'disconnect', 'refreshMetadata', 'getNodeIds', 'findBroker', 'findGroupCoordinator'] as const) {
    if (typeof cluster[method] !== 'function') {
      throw new Error(`kafkajs's Cluster has no ${method}() (checked against kafkajs 2.2.4): install kafkajs 2.2.x or update runtime/log/kafka-wire.ts.`);
    }
  }
  return cluster;
}
