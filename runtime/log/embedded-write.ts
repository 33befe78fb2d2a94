import type { AbstractSublevel } from 'abstract-level';
import type { Level } from 'level';
import type { LogRecord, TopicPartitionOffset } from './log.ts';

/** The embedded log's public write types, apart so callers can import them without the class. */

type Bytes = Uint8Array;
/** The LevelDB handle, with binary keys and values throughout. */
export type Root = Level<Bytes, Bytes>;

/** A caller's own namespace in the log's LevelDB, with binary keys and values. */
export type Keyspace = AbstractSublevel<Root, string | Buffer | Uint8Array, Bytes, Bytes>;

/** A caller's write to a keyspace, committed in the same LevelDB batch as log writes. */
export type KeyspaceOp =
  | { readonly type: 'put'; readonly keyspace: Keyspace; readonly key: Bytes; readonly value: Bytes }
  | { readonly type: 'del'; readonly keyspace: Keyspace; readonly key: Bytes };

/** Everything `writeBatch` commits atomically: all of it is durable, or none of it. */
export interface EmbeddedWrite {
  readonly appends?: readonly { readonly topic: string; readonly partition?: number; readonly records: readonly LogRecord[] }[];
  readonly commits?: readonly { readonly group: string; readonly offsets: readonly TopicPartitionOffset[] }[];
  readonly ops?: readonly KeyspaceOp[];
}

export interface EmbeddedLogOptions {
  /**
   * fsync every write. Off by default: a write then survives a process crash (LevelDB's log is in
   * the OS page cache) but not a machine crash, which is Kafka's `acks=1` trade-off too.
   */
  readonly sync?: boolean;
}
