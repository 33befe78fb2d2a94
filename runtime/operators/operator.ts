/** The small lifecycle every operator shares. Operators are synchronous and push-based. */
import type { ProcessingErrorType, ProcessingLog } from '../log/processing-log.ts';
import type { Rec } from '../record.ts';
import type { Watermarks } from '../watermarks.ts';

export type Downstream = (r: Rec) => void;

/** What an operator needs from its query: where to report bad records. */
export interface OperatorContext {
  readonly queryId: string;
  readonly processingLog: ProcessingLog;
  /** The source record being processed, for the processing log. */
  current?: { readonly topic: string; readonly partition: number; readonly offset: number };
  /** The task's stream time: the largest source timestamp seen (tombstones at a TIMESTAMP sink use it). */
  streamTime?: number;
  /** Records dropped as too late, per operator id (Kafka Streams' dropped-records metric). */
  readonly lateRecords?: Map<string, number>;
  /** The task's watermark, when a source declares one. */
  readonly watermarks?: Watermarks;
}

/** Counts one record dropped by `operatorId` for arriving after its window closed. */
export function countLate(ctx: OperatorContext, operatorId: string): void {
  ctx.lateRecords?.set(operatorId, (ctx.lateRecords.get(operatorId) ?? 0) + 1);
}

export function reportError(ctx: OperatorContext, errorType: ProcessingErrorType, what: string, error: unknown): void {
  const detail = error instanceof Error ? error.message : String(error);
  ctx.processingLog.error({
    queryId: ctx.queryId,
    errorType,
    message: `${what}: ${detail}`,
    ...(ctx.current ? { record: ctx.current } : {}),
  });
}
