import type { MaterializedTable } from '../runtime/operators/table-materialize.ts';
import type { QueryPlan } from '../plan/steps.ts';

export interface StartOptions {
  readonly fromEarliest: boolean;
  /** Session properties the query was created with (aggregates read some). */
  readonly properties?: Readonly<Record<string, unknown>>;
}

/** Runs persistent queries: the live host tails the log; the test host lets a driver feed records. */
export interface QueryHost {
  start(plan: QueryPlan, options: StartOptions): Promise<void>;
  stop(queryId: string): Promise<void>;
  close(): Promise<void>;
  /** Removes what a terminated query leaves behind: its state and its changelog topics. */
  cleanup?(queryId: string): Promise<void>;
  /**
   * A table query's result stores, one per task running here: the latest row per key as its sink
   * wrote it (runtime/operators/table-materialize.ts). Pull queries read them.
   */
  materialized?(queryId: string): readonly MaterializedTable[];
  /** Late records dropped by the query's windows so far (0 when unknown). */
  lateRecords?(queryId: string): number;
}
