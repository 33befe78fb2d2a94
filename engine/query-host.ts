import type { QueryPlan } from '../plan/steps.ts';

/** Runs persistent queries: the live host tails the log; the test host lets a driver feed records. */
export interface QueryHost {
  start(plan: QueryPlan, options: { readonly fromEarliest: boolean }): Promise<void>;
  stop(queryId: string): Promise<void>;
  close(): Promise<void>;
}
