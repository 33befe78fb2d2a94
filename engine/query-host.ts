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
  /** Late records dropped by the query's windows so far (0 when unknown). */
  lateRecords?(queryId: string): number;
}
