/**
 * A query host that never runs on its own: a driver pushes records into each query's topology, one
 * at a time, as ksqlDB's TopologyTestDriver does. Used by the conformance suite and unit tests.
 */
import type { FunctionRegistry } from '../functions/registry.ts';
import type { QueryPlan } from '../plan/steps.ts';
import type { ProcessingLog } from '../runtime/log/processing-log.ts';
import type { Emit } from '../runtime/operators/stream-sink.ts';
import type { MaterializedTable } from '../runtime/operators/table-materialize.ts';
import type { SchemaRegistry } from '../runtime/serde/index.ts';
import { buildTopology, type Topology } from '../runtime/topology.ts';
import type { QueryHost, StartOptions } from './query-host.ts';

export class ManualQueryHost implements QueryHost {
  /** Running topologies in start order. */
  readonly topologies = new Map<string, { readonly plan: QueryPlan; readonly topology: Topology }>();

  constructor(
    private readonly registry: FunctionRegistry,
    private readonly processingLog: ProcessingLog,
    private readonly emit: Emit,
    private readonly schemaRegistry?: SchemaRegistry,
  ) {}

  async start(plan: QueryPlan, options?: StartOptions): Promise<void> {
    const topology = buildTopology(plan, { aggregateConfig: options?.properties ?? {}, registry: this.registry, processingLog: this.processingLog, emit: this.emit, ...(this.schemaRegistry ? { schemaRegistry: this.schemaRegistry } : {}) });
    this.topologies.delete(plan.queryId);
    this.topologies.set(plan.queryId, { plan, topology });
  }

  /** A table query's result store (pull queries read it). */
  materialized(queryId: string): MaterializedTable[] {
    const table = this.topologies.get(queryId)?.topology.materialized;
    return table ? [table] : [];
  }

  lateRecords(queryId: string): number {
    const t = this.topologies.get(queryId)?.topology;
    return t ? [...t.lateRecords.values()].reduce((a, b) => a + b, 0) : 0;
  }

  async stop(queryId: string): Promise<void> {
    this.topologies.delete(queryId);
  }

  async close(): Promise<void> {
    this.topologies.clear();
  }
}
