import type { Rec } from '../record.ts';
import type { StateProvider } from '../state/state-store.ts';
import type { Aggregator } from './aggregator.ts';
import type { Downstream, OperatorContext } from './operator.ts';

/** What the windowed variants of a stream aggregation share, resolved once by `streamAggregate`. */
export interface AggregateParts {
  /** The step id: names the state store and the late-record counter. */
  readonly id: string;
  readonly agg: Aggregator;
  /** The row's group key with its aggregate arguments loaded, or null when the row is dropped. */
  readonly admit: (r: Rec) => unknown[] | null;
  readonly ctx: OperatorContext;
  readonly state: StateProvider;
  readonly next: Downstream;
  readonly emitFinal: boolean;
  readonly compareKeys: (a: readonly unknown[], b: readonly unknown[]) => number;
}
