/**
 * Step tree → operator chain. The result takes source records by topic and pushes outputs through
 * `emit`, synchronously, depth-first: one record is fully processed before the next.
 */
import { assertNever, InternalError } from '../common/errors.ts';
import type { AggregateConfig } from '../functions/function.ts';
import type { FunctionRegistry } from '../functions/registry.ts';
import type { BoundExpr } from '../plan/expr.ts';
import type { QueryPlan, Step, StepOf } from '../plan/steps.ts';
import type { Rec } from './record.ts';
import { compileExpr } from './expr/compile.ts';
import { readsOnlyKey } from './expr/inspect.ts';
import type { StoredRecord } from './log/log.ts';
import type { ProcessingLog } from './log/processing-log.ts';
import type { SchemaRegistry } from './serde/index.ts';
import { reportError, type Downstream, type OperatorContext } from './operators/operator.ts';
import { streamFilter } from './operators/stream-filter.ts';
import { streamFlatMap } from './operators/stream-flat-map.ts';
import { streamSelectKey } from './operators/stream-select-key.ts';
import { streamSelect } from './operators/stream-select.ts';
import { streamSink, type Emit } from './operators/stream-sink.ts';
import { streamSource } from './operators/stream-source.ts';
import { streamAggregate, type AggregateDeps } from './operators/stream-aggregate.ts';
import { tableAggregate } from './operators/table-aggregate.ts';
import { aggregateTable, backingAggregate, type AggregateStep } from './operators/aggregate-table.ts';
import { buildAggregator, type Aggregator } from './operators/aggregator.ts';
import { tableFilter } from './operators/table-filter.ts';
import { tableSelect } from './operators/table-select.ts';
import { tableSink } from './operators/table-sink.ts';
import { tableSource } from './operators/table-source.ts';
import { foreignKeyJoin } from './operators/foreign-key-join.ts';
import { internalTopicWrite } from './operators/internal-topic-write.ts';
import { streamStreamJoin } from './operators/stream-stream-join.ts';
import { streamTableJoin } from './operators/stream-table-join.ts';
import { tableTableJoin } from './operators/table-table-join.ts';
import { MemoryStateProvider } from './state/memory-state-provider.ts';
import type { StateProvider } from './state/state-store.ts';
import { materializeTable, type MaterializedTable } from './operators/table-materialize.ts';
import { Watermarks } from './watermarks.ts';

export interface TopologyDeps {
  readonly registry: FunctionRegistry;
  readonly processingLog: ProcessingLog;
  readonly emit: Emit;
  /** Where AVRO / PROTOBUF / JSON_SR serdes register and find schemas (the engine's registry). */
  readonly schemaRegistry?: SchemaRegistry;
  /** Where stateful operators keep their stores, named by step id; in memory when omitted. */
  readonly stateProvider?: StateProvider;
  /** Engine settings aggregate functions read (e.g. `ksql.functions.collect_list.limit`). */
  readonly aggregateConfig?: AggregateConfig;
}

export interface Topology {
  readonly queryId: string;
  /** Source topic → record handler. */
  readonly sources: ReadonlyMap<string, (record: StoredRecord) => void>;
  /** The operators' state (for committing dirty entries). */
  readonly state: StateProvider;
  /** Records dropped for arriving after their window closed, per operator id. */
  readonly lateRecords: ReadonlyMap<string, number>;
  /** A table query's result, latest row per key as its sink wrote it (pull queries read it). */
  readonly materialized?: MaterializedTable;
}

export function buildTopology(plan: QueryPlan, deps: TopologyDeps): Topology {
  const sink = plan.sink;
  const ctx: OperatorContext = { queryId: plan.queryId, processingLog: deps.processingLog, lateRecords: new Map(), watermarks: new Watermarks() };
  switch (sink.kind) {
    case 'StreamSink':
      return buildPipeline(plan.queryId, sink.source, deps, streamSink(sink, ctx, deps.emit, deps.schemaRegistry), ctx);
    case 'TableSink': {
      const state = deps.stateProvider ?? new MemoryStateProvider();
      if (sink.materializeOnly) {
        // A source table's materialization keeps its topic's records as they are, latest per key.
        const { emit, table } = materializeTable(sink, state, () => undefined);
        const sources = new Map([[sink.topic, (r: StoredRecord) => emit(sink.topic, r)]]);
        return { queryId: plan.queryId, sources, state, lateRecords: new Map(), materialized: table };
      }
      const aggregate = backingAggregate(sink);
      if (aggregate) {
        const topology = buildPipeline(plan.queryId, sink.source, { ...deps, stateProvider: state }, tableSink(sink, ctx, deps.emit, deps.schemaRegistry), ctx);
        return { ...topology, materialized: aggregateBackedTable(plan.queryId, sink, aggregate, state, deps) };
      }
      const { emit, table } = materializeTable(sink, state, deps.emit);
      return { ...buildPipeline(plan.queryId, sink.source, { ...deps, stateProvider: state }, tableSink(sink, ctx, emit, deps.schemaRegistry), ctx), materialized: table };
    }
    default:
      throw new InternalError(`Query ${plan.queryId} does not end in a sink`);
  }
}

/**
 * A table query's result read from its aggregation's store (aggregate-table.ts): the steps above
 * the aggregation are built a second time, with their own context, to turn stored states into
 * the records the sink writes.
 */
function aggregateBackedTable(queryId: string, sink: StepOf<'TableSink'>, aggregate: AggregateStep, state: StateProvider, deps: TopologyDeps): MaterializedTable {
  const ctx: OperatorContext = { queryId, processingLog: deps.processingLog, lateRecords: new Map(), watermarks: new Watermarks() };
  const above = (out: Downstream): { entry: Downstream; aggregator: Aggregator } => {
    let built: { entry: Downstream; aggregator: Aggregator } | undefined;
    buildPipeline(queryId, sink.source, { ...deps, stateProvider: new MemoryStateProvider() }, out, ctx, {
      step: aggregate,
      entry: (next, aggDeps) => {
        // As the query's own aggregator is built (session windows never get here).
        built = { entry: next, aggregator: buildAggregator(aggregate.aggregates, aggDeps, aggregate.kind === 'TableAggregate' ? 'undo' : undefined) };
      },
    });
    if (!built) throw new InternalError(`Aggregation ${aggregate.id} is not under the sink of ${queryId}`);
    return built;
  };
  return aggregateTable({ sink, aggregate, above, state, ctx, ...(deps.schemaRegistry ? { schemaRegistry: deps.schemaRegistry } : {}) });
}

/**
 * Where `buildPipeline` stops going down: at `step` it builds nothing and hands `entry` the
 * operator that takes that step's output (and the deps its operators would have had).
 */
export interface StopAt {
  readonly step: Step;
  readonly entry: (next: Downstream, deps: AggregateDeps) => void;
}

/** Operators for the steps under `root`, feeding `output`; used directly by transient (push/pull) queries. */
export function buildPipeline(
  queryId: string,
  root: Step,
  deps: Omit<TopologyDeps, 'emit'> & { readonly emit?: Emit },
  output: Downstream,
  ctx: OperatorContext = { queryId, processingLog: deps.processingLog, lateRecords: new Map(), watermarks: new Watermarks() },
  stopAt?: StopAt,
): Topology {
  const sources = new Map<string, (record: StoredRecord) => void>();
  const compileCtx = { registry: deps.registry, onError: (e: unknown, what: string) => reportError(ctx, 'RECORD_PROCESSING_ERROR', what, e) };
  const compile = (e: Parameters<typeof compileExpr>[0]) => compileExpr(e, compileCtx);
  const state = deps.stateProvider ?? new MemoryStateProvider();
  const aggDeps: AggregateDeps = { registry: deps.registry, config: deps.aggregateConfig ?? {}, compile, state, ctx };

  const join = (step: Step & { readonly left: Step; readonly right: Step }, sides: { left: Downstream; right: Downstream }): void => {
    build(step.left, sides.left);
    build(step.right, sides.right);
  };
  const build = (step: Step, next: Downstream): void => {
    if (step === stopAt?.step) return stopAt.entry(next, aggDeps);
    switch (step.kind) {
      case 'StreamSource':
        sources.set(step.topic, streamSource(step, ctx, next, deps.schemaRegistry));
        return;
      case 'StreamFilter':
        return build(step.source, streamFilter(compile(step.predicate), ctx, next));
      case 'StreamSelect':
        return build(step.source, streamSelect(step.keyExprs.map(compile), step.valueExprs.map(compile), step.keyExprs.every(readsOnlyKey), ctx, next));
      case 'StreamSelectKey': {
        const carried = step.source.schema.key.map((c, i) => (step.schema.key.some((k) => k.name === c.name) ? -1 : i)).filter((i) => i >= 0);
        return build(step.source, streamSelectKey(step.keyExprs.map(compile), step.keyExprs.map(readsOnlyKey), carried, ctx, next, step.window));
      }
      case 'InternalTopicWrite':
        if (!deps.emit) throw new InternalError(`Step ${step.id} writes internal topics, which needs the query's output`);
        return build(step.source, internalTopicWrite(step, ctx, deps.emit, next, deps.schemaRegistry));
      case 'StreamFlatMap': {
        const fns = step.functions.map((f) => {
          const resolved = deps.registry.resolveTable(f.name, f.argTypes);
          const args = f.args.map(compile);
          return (r: Parameters<Downstream>[0]) => resolved.invoke(args.map((a) => a(r)));
        });
        return build(step.source, streamFlatMap(fns, ctx, next));
      }
      case 'TableSource':
        sources.set(step.topic, tableSource(step, ctx, state, next, deps.schemaRegistry));
        return;
      case 'TableFilter':
        return build(step.source, tableFilter(compile(step.predicate), ctx, next));
      case 'TableSelect':
        return build(step.source, tableSelect(step.keyExprs.map(compile), step.valueExprs.map(compile), ctx, next));
      case 'StreamAggregate':
        return build(step.source, streamAggregate(step, aggDeps, next));
      case 'TableAggregate':
        return build(step.source, tableAggregate(step, aggDeps, next));
      case 'StreamStreamJoin':
        return join(step, streamStreamJoin(step, state, next, residual(step.residual)));
      case 'StreamTableJoin':
        return join(step, streamTableJoin(step, state, next, residual(step.residual)));
      case 'TableTableJoin':
        return join(step, tableTableJoin(step, state, next));
      case 'ForeignKeyJoin':
        return join(step, foreignKeyJoin(step, compile(step.foreignKey), state, ctx, next));
      case 'StreamSink':
      case 'TableSink':
        throw new InternalError('A sink can only be the root of a query plan');
      default:
        return assertNever(step, 'step');
    }
  };

  /** A join's non-equi condition as a match test; a failing evaluation is logged and is no match. */
  function residual(expr: BoundExpr | undefined): ((joined: Rec) => boolean) | undefined {
    if (!expr) return undefined;
    const test = compile(expr);
    return (joined) => {
      try {
        return test(joined) === true;
      } catch (e) {
        reportError(ctx, 'RECORD_PROCESSING_ERROR', 'Error evaluating the join condition', e);
        return false;
      }
    };
  }

  build(root, output);
  return { queryId, sources, state, lateRecords: ctx.lateRecords ?? new Map() };
}
