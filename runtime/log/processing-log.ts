import type { TopicPartitionOffset } from './log.ts';

/**
 * The processing log: where a query reports a record it could not handle, then moves on (ksqlDB
 * logs and skips bad records rather than failing the query). The engine also writes entries to
 * the `<service id>ksql_processing_log` stream through a sink.
 */

/** ksqlDB's processing log message types, with the numbers its `type` field uses. */
export const PROCESSING_ERROR_TYPES = {
  DESERIALIZATION_ERROR: 0,
  RECORD_PROCESSING_ERROR: 1,
  PRODUCTION_ERROR: 2,
  SERIALIZATION_ERROR: 3,
  KAFKA_STREAMS_THREAD_ERROR: 4,
} as const;

export type ProcessingErrorType = keyof typeof PROCESSING_ERROR_TYPES;

export interface ProcessingLogEntry {
  /** Epoch milliseconds when the error was logged (wall clock, not event time). */
  readonly time: number;
  readonly level: 'ERROR';
  readonly queryId?: string;
  readonly errorType: ProcessingErrorType;
  readonly message: string;
  /** The source record that failed, when there is one. */
  readonly record?: TopicPartitionOffset;
}

/** What a reporter passes; time and level are filled in. */
export interface ProcessingLogInput {
  readonly queryId?: string;
  readonly errorType: ProcessingErrorType;
  readonly message: string;
  readonly record?: TopicPartitionOffset;
  readonly time?: number;
}

export type ProcessingLogSink = (entry: ProcessingLogEntry) => void;

export interface ProcessingLog {
  /** Records an error and returns the stored entry. Never throws. */
  error(input: ProcessingLogInput): ProcessingLogEntry;
  /** Errors logged for one query, or in total when `queryId` is omitted. */
  errorCount(queryId?: string): number;
  /** The most recent entries, oldest first, optionally for one query. */
  recent(queryId?: string): readonly ProcessingLogEntry[];
}

export interface ProcessingLogOptions {
  /** How many entries to keep for inspection; older ones are dropped (counters keep counting). */
  readonly capacity?: number;
  readonly sink?: ProcessingLogSink;
  readonly clock?: () => number;
}

/** Keeps counters and a bounded history in memory and forwards each entry to an optional sink. */
export class DefaultProcessingLog implements ProcessingLog {
  private readonly entries: ProcessingLogEntry[] = [];
  private readonly counts = new Map<string, number>();
  private total = 0;
  /** Entries the sink threw on; visible so a broken sink is noticed rather than silent. */
  sinkFailures = 0;
  private readonly capacity: number;
  private readonly clock: () => number;

  constructor(private readonly options: ProcessingLogOptions = {}) {
    this.capacity = Math.max(0, options.capacity ?? 1000);
    this.clock = options.clock ?? Date.now;
  }

  error(input: ProcessingLogInput): ProcessingLogEntry {
    const { time = this.clock(), ...rest } = input;
    const entry: ProcessingLogEntry = { time, level: 'ERROR', ...rest };
    this.total++;
    if (entry.queryId !== undefined) this.counts.set(entry.queryId, (this.counts.get(entry.queryId) ?? 0) + 1);
    this.entries.push(entry);
    // Splicing a small array is cheaper than a ring buffer's bookkeeping at these sizes.
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
    try {
      this.options.sink?.(entry);
    } catch {
      // The reporter is already handling one failure; a broken sink must not turn it into a crash.
      this.sinkFailures++;
    }
    return entry;
  }

  errorCount(queryId?: string): number {
    return queryId === undefined ? this.total : (this.counts.get(queryId) ?? 0);
  }

  recent(queryId?: string): readonly ProcessingLogEntry[] {
    return queryId === undefined ? [...this.entries] : this.entries.filter((e) => e.queryId === queryId);
  }
}

/** The message text for an unknown thrown value, for `ProcessingLogInput.message`. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
