import type { SqlType } from '../common/types.ts';

/**
 * Functions are data: a record of name, category, description and signatures. The type checker,
 * `DESCRIBE FUNCTION` and the runtime all read the same record.
 */

/** A declared parameter type. Concrete kinds mirror `SqlType`; `DECIMAL` accepts any precision. */
export type ParamType =
  | { readonly kind: 'BOOLEAN' | 'INTEGER' | 'BIGINT' | 'DOUBLE' | 'DECIMAL' | 'STRING' | 'BYTES' }
  | { readonly kind: 'TIMESTAMP' | 'DATE' | 'TIME' }
  | { readonly kind: 'ARRAY'; readonly element: ParamType }
  | { readonly kind: 'MAP'; readonly key: ParamType; readonly value: ParamType }
  /** Any STRUCT (ksqlDB's UDFs with an unspecified struct schema). */
  | { readonly kind: 'STRUCT' }
  /** A type variable (`T`, `K`, `V`): bound by the first argument it meets, then must match exactly. */
  | { readonly kind: 'GENERIC'; readonly name: string }
  /** Any of INTEGER, BIGINT, DECIMAL, DOUBLE, taken as is. */
  | { readonly kind: 'NUMERIC' }
  /** Anything at all (ksqlDB's `Object` parameters). */
  | { readonly kind: 'ANY' }
  /** A lambda `(A, B) => R`; its parameter types come from generics bound by earlier arguments. */
  | { readonly kind: 'LAMBDA'; readonly params: readonly ParamType[]; readonly returns: ParamType }
  /** A time unit keyword such as `SECONDS` (TIMESTAMPADD and friends); passed to impl as a string. */
  | { readonly kind: 'INTERVAL_UNIT' };

/** What resolution settled for one call; handed to return-type functions and `bind`. */
export interface BoundTypes {
  /** The argument types as given (null for an untyped NULL literal). */
  readonly argTypes: readonly (SqlType | null)[];
  /** What each argument is cast to before the call. */
  readonly paramTypes: readonly SqlType[];
  /** Generic bindings, e.g. `T → INTEGER`. */
  readonly generics: ReadonlyMap<string, SqlType>;
}

export interface ResolvedTypes extends BoundTypes {
  readonly returnType: SqlType;
}

/** A concrete or generic return type, or one computed from the arguments (e.g. DECIMAL scale). */
export type ReturnType = ParamType | ((types: BoundTypes) => SqlType);

/**
 * A function body. Parameters are typed by each signature; the resolver guarantees the values
 * match the declared types (`never[]` lets a typed impl be stored here without `any`).
 */
export type Impl = (...args: never[]) => unknown;

interface SignatureBase {
  readonly params: readonly ParamType[];
  /** The last parameter repeats zero or more times; impl receives those values as one array. */
  readonly variadic?: boolean;
  readonly returns: ReturnType;
  /** If false (default), a null in any fixed argument yields null without calling impl. */
  readonly nullSafe?: boolean;
  /** Parameter names for DESCRIBE FUNCTION. */
  readonly names?: readonly string[];
  readonly description?: string;
}

/** Either a plain impl, or `bind`, which specializes an impl once per call site to its types. */
export type Signature =
  | (SignatureBase & { readonly impl: Impl; readonly bind?: undefined })
  | (SignatureBase & { readonly bind: (types: ResolvedTypes) => Impl; readonly impl?: undefined });

export interface ScalarFunction {
  /** As ksqlDB declares it; error messages quote it (`Function 'least' ...`). Lookup ignores case. */
  readonly name: string;
  readonly category: string;
  readonly description: string;
  readonly signatures: readonly Signature[];
}

/** A table function: each signature's impl returns the rows (elements) one input row expands to. */
export interface TableFunction {
  readonly name: string;
  readonly category: string;
  readonly description: string;
  readonly signatures: readonly Signature[];
}

/**
 * A running aggregate for one group. The accumulator is always a SQL value of the signature's
 * `aggregateType` (so state stores can serialize it with the ordinary value codecs). `add` and
 * `undo` may update the accumulator in place and return it: the runtime never shares one
 * accumulator between groups, and copies before keeping an old value.
 */
export interface AggregateImpl {
  readonly init: () => unknown;
  /** Folds one input row's argument values (the column arguments, in order) into the accumulator. */
  readonly add: (acc: unknown, args: readonly unknown[]) => unknown;
  /** Removes a row added before: table aggregations retract the old row of a changed key. */
  readonly undo?: (acc: unknown, args: readonly unknown[]) => unknown;
  /** Combines two accumulators: session windows merge. */
  readonly merge?: (a: unknown, b: unknown) => unknown;
  /** The aggregate's current result. */
  readonly result: (acc: unknown) => unknown;
}

export interface AggregateSignature {
  /** Column arguments: evaluated per row. */
  readonly params: readonly ParamType[];
  /**
   * Literal arguments that follow the column arguments and configure the aggregate (TOPK's k,
   * EARLIEST_BY_OFFSET's n and ignoreNulls): constants at plan time, passed to `bind`.
   */
  readonly literalParams?: readonly ParamType[];
  /** The last column parameter repeats zero or more times (TOPK's `otherCols...`). */
  readonly variadic?: boolean;
  readonly returns: ReturnType;
  /** The accumulator's SQL type. */
  readonly aggregateType: ReturnType;
  /** Specializes the impl to the resolved types, the literal values and the engine settings. */
  readonly bind: (types: ResolvedTypes, literals: readonly unknown[], config: AggregateConfig) => AggregateImpl;
  readonly names?: readonly string[];
  readonly description?: string;
}

/** Engine settings aggregates read, e.g. `ksql.functions.collect_list.limit`. */
export type AggregateConfig = Readonly<Record<string, unknown>>;

export interface AggregateFunction {
  readonly name: string;
  readonly category: string;
  readonly description: string;
  readonly signatures: readonly AggregateSignature[];
}

export interface ResolvedAggregate {
  readonly name: string;
  readonly returnType: SqlType;
  readonly aggregateType: SqlType;
  /** What each column argument must be implicitly cast to. */
  readonly paramTypes: readonly SqlType[];
  readonly impl: AggregateImpl;
  /** Whether the aggregate supports retraction (`undo`), which table aggregations need. */
  readonly undoable: boolean;
}

/** One argument as the planner sees it before resolution. */
export type ArgType =
  | SqlType
  /** An untyped NULL literal: matches any parameter. */
  | null
  | { readonly kind: 'LAMBDA'; readonly arity: number }
  | { readonly kind: 'INTERVAL_UNIT' };

/** Types a lambda body given its parameter types; supplied by the planner at resolve time. */
export type LambdaTyper = (paramTypes: readonly SqlType[], argIndex: number) => SqlType;

export interface ResolvedFunction {
  readonly name: string;
  readonly returnType: SqlType;
  /**
   * What each argument must be implicitly cast to. For a lambda argument: the type its body must
   * produce; for an interval unit: STRING (pass the unit name, e.g. 'SECONDS').
   */
  readonly paramTypes: readonly SqlType[];
  /** For each lambda argument, the types of its parameters (undefined for other arguments). */
  readonly lambdaParams: readonly (readonly SqlType[] | undefined)[];
  /** Calls the function. Lambda arguments are passed as JS functions. */
  readonly invoke: (args: readonly unknown[]) => unknown;
}

export interface ResolvedTableFunction extends Omit<ResolvedFunction, 'invoke'> {
  /** Element type of the produced rows (same as returnType; named for readers of the planner). */
  readonly elementType: SqlType;
  readonly invoke: (args: readonly unknown[]) => readonly unknown[];
}
