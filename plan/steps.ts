/**
 * Physical steps: the plan the runtime executes, plain JSON data. Each step has a stable,
 * hierarchical id (e.g. `KsqlTopic/Source`, `Project`) that names its state and internal topics.
 * One name across layers: logical `Filter` → step `StreamFilter` → runtime/operators/stream-filter.ts.
 */
import type { Column } from '../common/schema.ts';
import type { BoundExpr } from './expr.ts';

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
  /** PARTITION BY: a new key from expressions; the value is unchanged. */
  | (StepBase & { readonly kind: 'StreamSelectKey'; readonly source: Step; readonly keyExprs: readonly BoundExpr[] })
  | (StepBase & {
      readonly kind: 'StreamSink';
      readonly source: Step;
      readonly topic: string;
      readonly formats: Formats;
      readonly timestamp?: TimestampSpec;
    });

export type StepKind = Step['kind'];
export type StepOf<K extends StepKind> = Extract<Step, { kind: K }>;

/** A persistent or transient query's executable plan. */
export interface QueryPlan {
  readonly queryId: string;
  readonly sink: Step;
  /** Source topics the query reads, in plan order. */
  readonly sourceTopics: readonly string[];
}

export function childrenOf(step: Step): Step[] {
  return step.kind === 'StreamSource' ? [] : [step.source];
}
