import { describe, expect, it } from 'vitest';
import { DeferredQueryHost } from '../../engine/deferred-host.ts';
import type { QueryHost } from '../../engine/query-host.ts';
import type { QueryPlan } from '../../plan/steps.ts';

class RecordingHost implements QueryHost {
  readonly calls: string[] = [];
  async start(plan: QueryPlan): Promise<void> {
    this.calls.push(`start ${plan.queryId}`);
  }
  async stop(queryId: string): Promise<void> {
    this.calls.push(`stop ${queryId}`);
  }
  async close(): Promise<void> {
    this.calls.push('close');
  }
}

const plan = (queryId: string): QueryPlan => ({ queryId } as unknown as QueryPlan);
const options = { fromEarliest: false };

describe('DeferredQueryHost', () => {
  it('passes calls straight through when not deferring', async () => {
    const inner = new RecordingHost();
    const host = new DeferredQueryHost(inner);
    await host.start(plan('Q1'), options);
    await host.stop('Q1');
    expect(inner.calls).toEqual(['start Q1', 'stop Q1']);
  });

  it('starts only the queries that survive the deferred period, in start order', async () => {
    const inner = new RecordingHost();
    const host = new DeferredQueryHost(inner);
    host.defer();
    await host.start(plan('Q1'), options);
    await host.start(plan('Q2'), options);
    await host.stop('Q1');
    await host.start(plan('Q3'), options);
    expect(inner.calls.filter((c) => c.startsWith('start'))).toEqual([]);
    await host.release(() => undefined);
    expect(inner.calls.filter((c) => c.startsWith('start'))).toEqual(['start Q2', 'start Q3']);
  });

  it('reports a query that fails to start and starts the rest', async () => {
    const inner = new RecordingHost();
    const failing: QueryHost = { ...inner, start: async (p) => (p.queryId === 'BAD' ? Promise.reject(new Error('no topic')) : inner.start(p)), stop: (id) => inner.stop(id), close: () => inner.close() };
    const host = new DeferredQueryHost(failing);
    const errors: string[] = [];
    host.defer();
    await host.start(plan('BAD'), options);
    await host.start(plan('OK'), options);
    await host.release((id, e) => errors.push(`${id}: ${(e as Error).message}`));
    expect(errors).toEqual(['BAD: no topic']);
    expect(inner.calls).toEqual(['start OK']);
  });
});
