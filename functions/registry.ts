import type { SqlType } from '../common/types.ts';
import { AnalysisError, InternalError } from '../common/errors.ts';
import type {
  AggregateConfig,
  AggregateFunction,
  ArgType,
  LambdaTyper,
  ResolvedAggregate,
  ResolvedFunction,
  ResolvedTableFunction,
  ResolvedTypes,
  ScalarFunction,
  Signature,
  TableFunction,
} from './function.ts';
import { instantiate } from './resolve/match.ts';
import { selectSignature, formatSignature } from './resolve/select.ts';
import { makeInvoker } from './invoke.ts';
import { formatParamType } from './param-types.ts';
import { aggregateParams, formatAggregateSignature, literalCount, resolveAggregateCall } from './resolve/resolve-aggregate.ts';

const TIME_UNIT_WORDS = new Set(
  ['MILLISECOND', 'SECOND', 'MINUTE', 'HOUR', 'DAY'].flatMap((u) => [u, `${u}S`]),
);

export type FunctionType = 'SCALAR' | 'TABLE' | 'AGGREGATE';

export interface FunctionSummary {
  readonly name: string;
  readonly type: FunctionType;
  readonly category: string;
}

/** What DESCRIBE FUNCTION shows; read from the same records the type checker uses. */
export interface FunctionDescription extends FunctionSummary {
  readonly description: string;
  readonly variants: readonly {
    readonly signature: string;
    readonly arguments: readonly { readonly name: string; readonly type: string; readonly isVariadic: boolean }[];
    readonly returnType: string;
    readonly description: string;
  }[];
}

type Entry =
  | { readonly type: 'SCALAR'; readonly def: ScalarFunction }
  | { readonly type: 'TABLE'; readonly def: TableFunction }
  | { readonly type: 'AGGREGATE'; readonly def: AggregateFunction };

/** All functions by upper-cased name. Resolution runs once per call site at plan time. */
export class FunctionRegistry {
  private readonly entries = new Map<string, Entry>();

  registerScalar(def: ScalarFunction): void {
    this.add({ type: 'SCALAR', def });
  }

  registerTable(def: TableFunction): void {
    this.add({ type: 'TABLE', def });
  }

  registerAggregate(def: AggregateFunction): void {
    this.add({ type: 'AGGREGATE', def });
  }

  has(name: string): boolean {
    return this.entries.has(name.toUpperCase());
  }

  isAggregate(name: string): boolean {
    return this.entries.get(name.toUpperCase())?.type === 'AGGREGATE';
  }

  isTableFunction(name: string): boolean {
    return this.entries.get(name.toUpperCase())?.type === 'TABLE';
  }

  getAggregate(name: string): AggregateFunction | undefined {
    const e = this.entries.get(name.toUpperCase());
    return e?.type === 'AGGREGATE' ? e.def : undefined;
  }

  /**
   * Whether argument `index` of any signature of `name` is a time-unit keyword (TIMESTAMPADD...).
   * Given the argument's text (a bare identifier), also whether that text names a time unit, so
   * that a column such as `date` in `dateadd(date, 5, date)` stays a column.
   */
  acceptsIntervalUnit(name: string, index: number, word?: string): boolean {
    const e = this.entries.get(name.toUpperCase());
    if (word !== undefined && !TIME_UNIT_WORDS.has(word.toUpperCase())) return false;
    return !!e && e.def.signatures.some((s) => s.params[index]?.kind === 'INTERVAL_UNIT');
  }

  resolveScalar(name: string, argTypes: readonly ArgType[], lambdaTyper?: LambdaTyper): ResolvedFunction {
    const e = this.lookup(name);
    if (e.type !== 'SCALAR') throw new AnalysisError(`Function '${e.def.name}' is not a scalar function`);
    return this.resolve(e.def.name, e.def.signatures, argTypes, lambdaTyper);
  }

  resolveTable(name: string, argTypes: readonly ArgType[], lambdaTyper?: LambdaTyper): ResolvedTableFunction {
    const e = this.lookup(name);
    if (e.type !== 'TABLE') throw new AnalysisError(`Function '${e.def.name}' is not a table function`);
    const r = this.resolve(e.def.name, e.def.signatures, argTypes, lambdaTyper);
    const invoke = r.invoke as (args: readonly unknown[]) => readonly unknown[] | null;
    // A null result (null input) produces no rows.
    return { ...r, elementType: r.returnType, invoke: (args) => invoke(args) ?? [] };
  }

  /**
   * Resolves an aggregate call. `argTypes` are the column arguments; `literals` the values of the
   * trailing literal arguments (see `literalArgCount`), typed from their run-time values unless
   * `literalTypes` says otherwise. Binding the impl may fail on a bad literal (e.g. N < 1).
   */
  resolveAggregate(
    name: string,
    argTypes: readonly ArgType[],
    literals: readonly unknown[],
    config: AggregateConfig,
    literalTypes?: readonly (SqlType | null)[],
  ): ResolvedAggregate {
    const e = this.lookup(name);
    if (e.type !== 'AGGREGATE') throw new AnalysisError(`Function '${e.def.name}' is not an aggregate function`);
    return resolveAggregateCall(e.def, argTypes, literals, config, literalTypes);
  }

  /**
   * How many of the `argCount` arguments of a call to aggregate `name` are trailing literal
   * parameters (TOPK(x, y, 3) → 1, EARLIEST_BY_OFFSET(x, 2, false) → 2); 0 for other functions.
   */
  literalArgCount(name: string, argCount: number): number {
    const e = this.entries.get(name.toUpperCase());
    return e?.type === 'AGGREGATE' ? literalCount(e.def, argCount) : 0;
  }

  /** For SHOW FUNCTIONS: every function, sorted by name. */
  list(): FunctionSummary[] {
    return [...this.entries.entries()]
      .map(([name, e]) => ({ name, type: e.type, category: e.def.category }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  describe(name: string): FunctionDescription {
    const e = this.lookup(name);
    const upper = e.def.name.toUpperCase();
    if (e.type === 'AGGREGATE') {
      const variants = e.def.signatures.map((s) => ({
        signature: formatAggregateSignature(upper, s),
        arguments: aggregateParams(s),
        returnType: typeof s.returns === 'function' ? 'computed from the arguments' : formatParamType(s.returns),
        description: s.description ?? e.def.description,
      }));
      return { name: upper, type: e.type, category: e.def.category, description: e.def.description, variants };
    }
    const variants = e.def.signatures.map((s) => ({
      signature: formatSignature(upper, s),
      arguments: s.params.map((p, i) => ({
        name: ('names' in s && s.names?.[i]) || '',
        type: formatParamType(p),
        isVariadic: !!s.variadic && i === s.params.length - 1,
      })),
      returnType: typeof s.returns === 'function' ? 'computed from the arguments' : formatParamType(s.returns),
      description: ('description' in s && s.description) || e.def.description,
    }));
    return { name: upper, type: e.type, category: e.def.category, description: e.def.description, variants };
  }

  private add(e: Entry): void {
    const key = e.def.name.toUpperCase();
    if (this.entries.has(key)) throw new InternalError(`Function ${key} is registered twice`);
    this.entries.set(key, e);
  }

  private lookup(name: string): Entry {
    const e = this.entries.get(name.toUpperCase());
    if (!e) throw new AnalysisError(`Can't find any functions with the name '${name.toUpperCase()}'`);
    return e;
  }

  private resolve(
    fnName: string,
    signatures: readonly Signature[],
    argTypes: readonly ArgType[],
    lambdaTyper: LambdaTyper | undefined,
  ): ResolvedFunction {
    const sel = selectSignature(fnName, signatures, argTypes, lambdaTyper);
    const s = sel.signature;
    const bound = {
      argTypes: argTypes.map((a) => (a === null || a.kind === 'LAMBDA' || a.kind === 'INTERVAL_UNIT' ? null : a)),
      paramTypes: sel.paramTypes,
      generics: sel.generics,
    };
    const returnType: SqlType | undefined = typeof s.returns === 'function' ? s.returns(bound) : instantiate(s.returns, sel.generics);
    if (!returnType) {
      throw new AnalysisError(`Function '${fnName}' cannot infer its return type from ${argTypes.length} untyped argument(s)`);
    }
    const types: ResolvedTypes = { ...bound, returnType };
    const impl = s.bind ? s.bind(types) : s.impl;
    const fixed = s.variadic ? s.params.length - 1 : s.params.length;
    return {
      name: fnName,
      returnType,
      paramTypes: sel.paramTypes,
      lambdaParams: sel.lambdaParams,
      invoke: makeInvoker(impl, fixed, !!s.variadic, !!s.nullSafe),
    };
  }
}
