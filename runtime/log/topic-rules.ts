import { ExecutionError, NotFoundError } from '../../common/errors.ts';
import type { CreateTopicOptions, TopicDescription } from './log.ts';
import { defaultPartition } from './partitioner.ts';

/**
 * Checks every log implementation shares, so memory, embedded and Kafka logs reject the same
 * input with the same messages.
 */

const LEGAL_TOPIC_NAME = /^[a-zA-Z0-9._-]+$/;
const MAX_TOPIC_NAME_LENGTH = 249;

/** Kafka's topic name rules (`org.apache.kafka.common.internals.Topic.validate`). */
export function checkTopicName(name: string): void {
  if (name === '' || name === '.' || name === '..') {
    throw new ExecutionError(`Invalid topic name '${name}': choose a non-empty name other than '.' or '..'.`);
  }
  if (name.length > MAX_TOPIC_NAME_LENGTH) {
    throw new ExecutionError(
      `Invalid topic name '${name.slice(0, 40)}...': it is ${name.length} characters long; the limit is ${MAX_TOPIC_NAME_LENGTH}.`,
    );
  }
  if (!LEGAL_TOPIC_NAME.test(name)) {
    throw new ExecutionError(
      `Invalid topic name '${name}': use only ASCII letters, digits, '.', '_' and '-'.`,
    );
  }
}

/** Validates creation options and fills defaults into a description. */
export function newTopicDescription(name: string, options: CreateTopicOptions): TopicDescription {
  checkTopicName(name);
  const { partitions, replicas = 1 } = options;
  if (!Number.isInteger(partitions) || partitions < 1) {
    throw new ExecutionError(`Cannot create topic '${name}' with ${partitions} partitions: use a whole number of at least 1.`);
  }
  if (!Number.isInteger(replicas) || replicas < 1) {
    throw new ExecutionError(`Cannot create topic '${name}' with ${replicas} replicas: use a whole number of at least 1.`);
  }
  return { name, partitions, replicas, config: { ...options.config } };
}

/**
 * Decides what `createTopic` does when the topic exists: 'skip' when `ifNotExists` and the
 * partition counts agree, otherwise throws.
 */
export function onExistingTopic(existing: TopicDescription, options: CreateTopicOptions): 'skip' {
  if (!options.ifNotExists) {
    throw new ExecutionError(`Topic '${existing.name}' already exists: choose another name or delete it first.`);
  }
  if (existing.partitions !== options.partitions) {
    throw new ExecutionError(
      `A topic named '${existing.name}' already exists with ${existing.partitions} partitions, not ${options.partitions}: ` +
        'use the existing partition count or another topic name.',
    );
  }
  return 'skip';
}

export function unknownTopic(name: string): NotFoundError {
  return new NotFoundError(`Topic '${name}' does not exist: create it first or check the name.`);
}

export function checkPartition(topic: TopicDescription, partition: number): void {
  if (!Number.isInteger(partition) || partition < 0 || partition >= topic.partitions) {
    throw new NotFoundError(
      `Partition ${partition} of topic '${topic.name}' does not exist: the topic has partitions 0 to ${topic.partitions - 1}.`,
    );
  }
}

export function checkOffset(topic: string, partition: number, offset: number): void {
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw new ExecutionError(`Invalid offset ${offset} for ${topic}-${partition}: offsets are whole numbers from 0.`);
  }
}

/** Per-topic state a log keeps to place records whose partition the caller left open. */
export interface PartitionCursor {
  readonly description: TopicDescription;
  /** Next round-robin slot for null keys. */
  roundRobin: number;
}

/** Where one record goes: the explicit partition, else the key hash, else round-robin. */
export function choosePartition(cursor: PartitionCursor, explicit: number | undefined, key: Uint8Array | null): number {
  if (explicit !== undefined) {
    checkPartition(cursor.description, explicit);
    return explicit;
  }
  const count = cursor.description.partitions;
  if (key !== null) return defaultPartition(key, count);
  const partition = cursor.roundRobin % count;
  cursor.roundRobin = (partition + 1) % count;
  return partition;
}
