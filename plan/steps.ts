/**
 * Physical steps: the plan the runtime executes, plain JSON data. Each step has a stable,
 * hierarchical id (e.g. `KsqlTopic/Source`, `Project`) that names its state and internal topics.
 * One name across layers: logical `Filter` → step `StreamFilter` → runtime/operators/stream-filter.ts.
 */
import type { Column } from '../common/schema.ts';
import type { BoundExpr, CallArgType } from './expr.ts';

export interface Format {
  /** Upper-case name: JSON, DELIMITED, KAFKA, NONE, ... */
  readonly name: string;
  /** e.g. `delimiter` for DELIMITED. */
  readonly properties: Readonly<Record<string, string>>;
}

export interface Formats {
  readonly key: Format;
  readonly value: Format;
  /** For single-column values: whether the value is wrapped in an object/record. */
  readonly wrapSingleValue: boolean;
}

export interface TimestampSpec {
  /** Index among the value columns. */
  readonly valueIndex: number;
  readonly format?: string;
}

/** The record layout a step produces: key columns and value columns, in order. */
export interface StepSchema {
  readonly key: readonly Column[];
  readonly value: readonly Column[];
}

/** A window of an aggregation, with every duration resolved to milliseconds. */
export interface WindowSpec {
  readonly type: 'TUMBLING' | 'HOPPING' | 'SESSION';
  /** TUMBLING and HOPPING. */
  readonly sizeMs?: number;
  /** HOPPING; equals sizeMs for TUMBLING. */
  readonly advanceMs?: number;
  /** SESSION: the inactivity gap. */
  readonly gapMs?: number;
  readonly graceMs: number;
  readonly retentionMs: number;
  /**
   * Close on the task's watermark (a source declared one) rather than on the operator's stream
   * time: a window closes once the watermark passes its end plus the grace.
   */
  readonly onWatermark?: boolean;
}

/** How a windowed key is laid out in a topic (source or sink of windowed data). */
export interface WindowedKey {
  readonly type: 'TUMBLING' | 'HOPPING' | 'SESSION';
  /** Time windows: the size, since only the start is serialized. */
  readonly sizeMs?: number;
  /**
   * HOPPING, when known (a windowed aggregation's ADVANCE BY; a declared `WINDOW_TYPE` source
   * cannot state it). Not part of the key layout: windowed table-table joins compare it.
   */
  readonly advanceMs?: number;
}

/**
 * One of a query's internal topics, as ksqlDB names and formats them: a repartition topic that a
 * re-keyed join input goes through, or the changelog of a store a join reads. The runtime writes
 * every record it passes with these formats; `keyFeatures`/`valueFeatures` are the serde features
 * ksqlDB reports for the topic (`UNWRAP_SINGLES`).
 */
export interface InternalTopic {
  /** `_confluent-ksql-<service id>query_<query id>-<context>`. */
  readonly name: string;
  readonly kind: 'repartition' | 'changelog';
  readonly formats: Formats;
  readonly keyFeatures: readonly string[];
  readonly valueFeatures: readonly string[];
  readonly window?: WindowedKey;
}

export type JoinKind = 'INNER' | 'LEFT' | 'RIGHT' | 'OUTER';

/** One aggregate function call of a GROUP BY. */
export interface AggregateCall {
  readonly name: string;
  readonly argTypes: readonly CallArgType[];
  /** Column arguments, evaluated per input row against the aggregation's input. */
  readonly args: readonly BoundExpr[];
  /** Constant trailing arguments (TOPK's k, ...), as Literal expressions. */
  readonly literals: readonly BoundExpr[];
}

interface StepBase {
  readonly id: string;
  readonly schema: StepSchema;
}

export type Step =
  | (StepBase & {
      readonly kind: 'StreamSource';
      readonly topic: string;
      readonly formats: Formats;
      /** Columns as stored in the topic (value columns exclude header columns). */
      readonly physical: StepSchema;
      readonly timestamp?: TimestampSpec;
      /** Set for a windowed source (`WINDOW_TYPE`): records carry their window. */
      readonly window?: WindowedKey;
      /** An explicit watermark: this source holds the task's watermark at event time minus this. */
      readonly watermarkDelayMs?: number;
    })
  /**
   * A source table: materialized (latest value per key). Emits each change with the key's previous
   * value (`oldValue`); a null value deletes; null keys are dropped.
   */
  | (StepBase & {
      readonly kind: 'TableSource';
      readonly topic: string;
      readonly formats: Formats;
      readonly physical: StepSchema;
      readonly timestamp?: TimestampSpec;
      readonly window?: WindowedKey;
    })
  /** A table filter: a row that stops matching becomes a tombstone, if its previous row matched. */
  | (StepBase & { readonly kind: 'TableFilter'; readonly source: Step; readonly predicate: BoundExpr })
  /** Projection of a table's changes (new and old values alike). */
  | (StepBase & {
      readonly kind: 'TableSelect';
      readonly source: Step;
      readonly keyExprs: readonly BoundExpr[];
      readonly valueExprs: readonly BoundExpr[];
    })
  /**
   * GROUP BY over a stream, optionally windowed. Input rows with a null value or a null group key
   * are dropped. Output: key = the group key columns, value = one column per aggregate, emitted as
   * table changes (with the previous result as `oldValue`); windowed results carry their window.
   */
  | (StepBase & {
      readonly kind: 'StreamAggregate';
      readonly source: Step;
      readonly groupKeys: readonly BoundExpr[];
      readonly aggregates: readonly AggregateCall[];
      readonly window?: WindowSpec;
      /** EMIT FINAL: one result per window, when it closes. */
      readonly emitFinal: boolean;
    })
  /** GROUP BY over a table: the old row's contribution is retracted before the new row's is added. */
  | (StepBase & {
      readonly kind: 'TableAggregate';
      readonly source: Step;
      readonly groupKeys: readonly BoundExpr[];
      readonly aggregates: readonly AggregateCall[];
    })
  /**
   * Joins. Both inputs arrive keyed by the join key (the planner re-keys a side whose join
   * expression is not its key). Output: key = the join key (for a right-only or outer result, the
   * present side's key); value = the left input's key and value columns, then the right input's
   * key and value columns, NULL-padded for a missing side.
   */
  | (StepBase & {
      readonly kind: 'StreamStreamJoin';
      readonly left: Step;
      readonly right: Step;
      readonly joinType: JoinKind;
      /** A right record joins a left one when right.ts ∈ [left.ts − beforeMs, left.ts + afterMs]. */
      readonly beforeMs: number;
      readonly afterMs: number;
      /** The explicit GRACE PERIOD; absent means ksqlDB's default (eager outer results). */
      readonly graceMs?: number;
      /** Non-equi conditions beyond the key (`AND a.ts BETWEEN b.s AND b.e`), over the joined row. */
      readonly residual?: BoundExpr;
    })
  /** Stream records look up the table's current row; table updates emit nothing. INNER or LEFT. */
  | (StepBase & {
      readonly kind: 'StreamTableJoin';
      readonly left: Step;
      readonly right: Step;
      readonly joinType: 'INNER' | 'LEFT';
      /** Non-equi conditions beyond the key, over the joined row: a pair failing them does not match. */
      readonly residual?: BoundExpr;
    })
  /** Table-table on the primary key: emits table changes (with `oldValue`). */
  | (StepBase & { readonly kind: 'TableTableJoin'; readonly left: Step; readonly right: Step; readonly joinType: JoinKind })
  /**
   * Foreign-key table-table join: `foreignKey` (evaluated on the left input's row) is matched
   * against the right table's primary key. Output key = the left key. INNER or LEFT.
   */
  | (StepBase & {
      readonly kind: 'ForeignKeyJoin';
      readonly left: Step;
      readonly right: Step;
      readonly joinType: 'INNER' | 'LEFT';
      readonly foreignKey: BoundExpr;
    })
  | (StepBase & {
      readonly kind: 'TableSink';
      readonly source: Step;
      readonly topic: string;
      readonly formats: Formats;
      readonly timestamp?: TimestampSpec;
      readonly window?: WindowedKey;
      /** A source table's materialization (ksqlDB's CST_ query): keeps the result store, writes nothing. */
      readonly materializeOnly?: boolean;
    })
  | (StepBase & { readonly kind: 'StreamFilter'; readonly source: Step; readonly predicate: BoundExpr })
  | (StepBase & {
      readonly kind: 'StreamSelect';
      readonly source: Step;
      readonly keyExprs: readonly BoundExpr[];
      readonly valueExprs: readonly BoundExpr[];
    })
  /** Appends one column per table function to the value, one output record per generated row. */
  | (StepBase & {
      readonly kind: 'StreamFlatMap';
      readonly source: Step;
      readonly functions: readonly { readonly name: string; readonly argTypes: readonly BoundExpr['type'][]; readonly args: readonly BoundExpr[] }[];
    })
  /**
   * Writes each record to internal topics (ksqlDB's repartition and changelog topics) and passes it
   * on unchanged: the query is one task, so reading a repartition topic back gives the record
   * itself. A record that cannot be serialized never reaches the topic, so it stops here (logged).
   */
  | (StepBase & { readonly kind: 'InternalTopicWrite'; readonly source: Step; readonly topics: readonly InternalTopic[] })
  /** PARTITION BY: a new key from expressions; the value is unchanged. */
  | (StepBase & {
      readonly kind: 'StreamSelectKey';
      readonly source: Step;
      readonly keyExprs: readonly BoundExpr[];
      /**
       * Set when a windowed stream is repartitioned into another window's key format (a join of
       * time windows of different sizes): a time window keeps its start, and its end becomes
       * start + size, as reading the key back from the repartition topic gives.
       */
      readonly window?: WindowedKey;
    })
  | (StepBase & {
      readonly kind: 'StreamSink';
      readonly source: Step;
      readonly topic: string;
      readonly formats: Formats;
      readonly timestamp?: TimestampSpec;
      readonly window?: WindowedKey;
    });

export type StepKind = Step['kind'];
export type StepOf<K extends StepKind> = Extract<Step, { kind: K }>;

/** A persistent or transient query's executable plan. */
export interface QueryPlan {
  readonly queryId: string;
  readonly sink: Step;
  /** Source topics the query reads, in plan order. */
  readonly sourceTopics: readonly string[];
  /** Repartition and changelog topics the query writes (persistent queries only). */
  readonly internalTopics?: readonly InternalTopic[];
}

export function childrenOf(step: Step): Step[] {
  if (step.kind === 'StreamSource' || step.kind === 'TableSource') return [];
  if ('left' in step) return [step.left, step.right];
  return [step.source];
}
