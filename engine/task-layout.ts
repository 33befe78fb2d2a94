/**
 * How a persistent query's work splits into tasks that can run on different servers, as Kafka
 * Streams splits a sub-topology into one task per input partition.
 *
 * A task must see every record of each key it aggregates or joins. Kafka puts all records of a
 * key in one partition, so a query whose records keep the key they were read with (filters,
 * projections that pass the key through, GROUP BY the source key, joins on the key of
 * co-partitioned sources) can run one task per partition: task `t` reads partition `t` of every
 * source. A query that changes the key (PARTITION BY, GROUP BY other columns, a join that
 * re-keys a side, a foreign-key join) would need its repartition topic read back by other tasks;
 * Tributary re-keys in process, so such a query runs as one task over all partitions, which the
 * server group places on one server (and moves as a whole when that server goes).
 */
import type { BoundExpr } from '../plan/expr.ts';
import type { QueryPlan, Step } from '../plan/steps.ts';

export interface TaskLayout {
  /** Number of tasks; task `t` of a per-partition layout reads partition `t` of every source. */
  readonly tasks: number;
  readonly perPartition: boolean;
}

/**
 * One task per partition when the plan keeps keys in their partitions and every source topic has
 * the same number of partitions (`partitionsOf`); otherwise one task reading everything.
 */
export function taskLayout(plan: QueryPlan, partitionsOf: (topic: string) => number): TaskLayout {
  const counts = new Set(plan.sourceTopics.map(partitionsOf));
  if (counts.size !== 1) return { tasks: 1, perPartition: false };
  const partitions = [...counts][0]!;
  if (partitions < 2 || !keepsPartitioning(plan.sink)) return { tasks: 1, perPartition: false };
  return { tasks: partitions, perPartition: true };
}

/** True when every record at `step` carries a key that identifies the source key it was read with. */
export function keepsPartitioning(step: Step): boolean {
  switch (step.kind) {
    case 'StreamSource':
    case 'TableSource':
      return true;
    case 'StreamFilter':
    case 'TableFilter':
    case 'StreamFlatMap':
    case 'StreamSink':
    case 'TableSink':
      return keepsPartitioning(step.source);
    case 'InternalTopicWrite':
      // A repartition topic exists because the key changed; a changelog copy changes nothing.
      return step.topics.every((t) => t.kind === 'changelog') && keepsPartitioning(step.source);
    case 'StreamSelect':
    case 'TableSelect':
      return keepsPartitioning(step.source) && coversKey(step.keyExprs, step.source.schema.key.length);
    case 'StreamAggregate':
    case 'TableAggregate':
      return keepsPartitioning(step.source) && coversKey(step.groupKeys, step.source.schema.key.length);
    case 'StreamStreamJoin':
    case 'StreamTableJoin':
    case 'TableTableJoin':
      // Both sides arrive keyed by the join key; a side the planner re-keyed shows it below.
      return keepsPartitioning(step.left) && keepsPartitioning(step.right);
    case 'ForeignKeyJoin':
    case 'StreamSelectKey':
      return false;
  }
}

/**
 * The expressions are plain references to the input's key columns, all of them: the new key is
 * the old key (reordered or renamed), so equal new keys come from equal old keys.
 */
function coversKey(exprs: readonly BoundExpr[], keyColumns: number): boolean {
  const seen = new Set<number>();
  for (const e of exprs) {
    if (e.kind !== 'Column' || e.slot.from !== 'KEY') return false;
    seen.add(e.slot.index);
  }
  return seen.size === keyColumns && exprs.length === keyColumns;
}
