import type { MaterializedTable } from '../runtime/operators/table-materialize.ts';
import type { QueryPlan } from '../plan/steps.ts';
import type { QueryHost, StartOptions } from './query-host.ts';

/**
 * A query host that can hold starts back while the command log replays, so only the queries that
 * survive the whole log run. Started eagerly, a query that a later TERMINATE (or CREATE OR REPLACE)
 * ends could still process records in between, writing rows the user never asked for.
 */
export class DeferredQueryHost implements QueryHost {
  private pending: Map<string, { plan: QueryPlan; options: StartOptions }> | undefined;

  constructor(private readonly inner: QueryHost) {}

  /** From now until `release`, starts and stops only update the list of queries to run. */
  defer(): void {
    this.pending ??= new Map();
  }

  /** Starts the queries left after the deferred starts and stops, in their start order. */
  async release(onError: (queryId: string, error: unknown) => void): Promise<void> {
    const pending = this.pending;
    this.pending = undefined;
    for (const { plan, options } of pending?.values() ?? []) {
      await this.inner.start(plan, options).catch((e: unknown) => onError(plan.queryId, e));
    }
  }

  materialized(queryId: string): readonly MaterializedTable[] {
    return this.inner.materialized?.(queryId) ?? [];
  }

  lateRecords(queryId: string): number {
    return this.inner.lateRecords?.(queryId) ?? 0;
  }

  async start(plan: QueryPlan, options: StartOptions): Promise<void> {
    if (!this.pending) return this.inner.start(plan, options);
    this.pending.delete(plan.queryId);
    this.pending.set(plan.queryId, { plan, options });
  }

  async stop(queryId: string): Promise<void> {
    if (this.pending) this.pending.delete(queryId);
    await this.inner.stop(queryId);
  }

  async cleanup(queryId: string): Promise<void> {
    await this.inner.cleanup?.(queryId);
  }

  close(): Promise<void> {
    this.pending = undefined;
    return this.inner.close();
  }
}
