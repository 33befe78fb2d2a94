import { InternalError } from '../../common/errors.ts';
import type { AggregateConfig, AggregateImpl } from '../../functions/function.ts';
import type { FunctionRegistry } from '../../functions/registry.ts';
import type { BoundExpr } from '../../plan/expr.ts';
import type { AggregateCall } from '../../plan/steps.ts';
import { literalValue } from '../../common/literal-value.ts';
import type { Evaluator, Rec } from '../record.ts';

/**
 * The aggregates of one GROUP BY, resolved once at build time. A group's state is one accumulator
 * per aggregate (updated in place, see AggregateImpl) and the largest timestamp folded into it.
 * `load(r)` evaluates the column arguments of one input row into reused buffers; `add`/`undo`
 * then fold them into any number of groups (hopping windows).
 */
export interface AggState {
  ts: number;
  readonly accs: unknown[];
}

export interface Aggregator {
  init(ts: number): AggState;
  /** Evaluates the arguments of `r`; throws when one fails. */
  load(r: Rec): void;
  add(s: AggState): void;
  undo(s: AggState): void;
  /** Folds `from` into `into` (session merge). */
  merge(into: AggState, from: AggState): void;
  result(s: AggState): unknown[];
}

export interface AggregatorDeps {
  readonly registry: FunctionRegistry;
  readonly config: AggregateConfig;
  readonly compile: (e: BoundExpr) => Evaluator;
}

export function buildAggregator(calls: readonly AggregateCall[], deps: AggregatorDeps, needs?: 'undo' | 'merge'): Aggregator {
  const impls = calls.map((c) => resolve(c, deps, needs));
  const args = calls.map((c) => c.args.map(deps.compile));
  const buffers = calls.map((c) => new Array<unknown>(c.args.length));
  const n = impls.length;
  return {
    init: (ts) => ({ ts, accs: impls.map((i) => i.init()) }),
    load: (r) => {
      for (let i = 0; i < n; i++) {
        const a = args[i]!;
        const buf = buffers[i]!;
        for (let j = 0; j < a.length; j++) buf[j] = a[j]!(r) ?? null;
      }
    },
    add: (s) => {
      for (let i = 0; i < n; i++) s.accs[i] = impls[i]!.add(s.accs[i], buffers[i]!);
    },
    undo: (s) => {
      for (let i = 0; i < n; i++) s.accs[i] = impls[i]!.undo!(s.accs[i], buffers[i]!);
    },
    merge: (into, from) => {
      for (let i = 0; i < n; i++) into.accs[i] = impls[i]!.merge!(into.accs[i], from.accs[i]);
    },
    result: (s) => {
      const row = new Array<unknown>(n);
      for (let i = 0; i < n; i++) row[i] = impls[i]!.result(s.accs[i]) ?? null;
      return row;
    },
  };
}

function resolve(call: AggregateCall, deps: AggregatorDeps, needs: 'undo' | 'merge' | undefined): AggregateImpl {
  const literals = call.literals.map((l) => {
    if (l.kind !== 'Literal') throw new InternalError(`Aggregate ${call.name} has a non-literal constant argument`);
    return literalValue(l.type, l.value);
  });
  const impl = deps.registry.resolveAggregate(call.name, call.argTypes, literals, deps.config).impl;
  if (needs && impl[needs] === undefined) throw new InternalError(`Aggregate ${call.name} cannot ${needs}`);
  return impl;
}

/** An aggregation's output change: key, new and previous result rows, time and window. */
export function aggregateRecord(
  input: Rec,
  key: readonly unknown[],
  value: readonly unknown[] | null,
  oldValue: readonly unknown[] | null,
  timestamp: number,
  windowStart?: number,
  windowEnd?: number,
): Rec {
  return { key, value, oldValue, timestamp, partition: input.partition, offset: input.offset, headers: input.headers, nullKey: false, windowStart, windowEnd };
}
