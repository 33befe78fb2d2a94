import { type SqlType, type Struct, struct } from '../../common/types.ts';
import { AnalysisError } from '../../common/errors.ts';
import type { AggregateConfig, AggregateImpl, AggregateSignature, ParamType, ResolvedTypes, ReturnType } from '../function.ts';

interface AggOptions {
  readonly literalParams?: readonly ParamType[];
  readonly variadic?: boolean;
  readonly names?: readonly string[];
  readonly description?: string;
}

type Bind = (types: ResolvedTypes, literals: readonly unknown[], config: AggregateConfig) => AggregateImpl;

/** An aggregate signature: `agg([P.BIGINT], P.BIGINT, P.BIGINT, () => impl)`. */
export const agg = (
  params: readonly ParamType[],
  returns: ReturnType,
  aggregateType: ReturnType,
  bind: Bind,
  opts: AggOptions = {},
): AggregateSignature => ({ params, returns, aggregateType, bind, ...opts });

/** The first column argument's type after resolution (what the accumulator holds). */
export const argType = (t: { readonly paramTypes: readonly SqlType[] }): SqlType => t.paramTypes[0]!;

/** A STRUCT type from `[name, type]` pairs, in order. */
export const structOf = (...fields: readonly (readonly [string, SqlType])[]): SqlType =>
  struct(fields.map(([name, type]) => ({ name, type })));

/** Java `int` arithmetic wraps at 32 bits. */
export const int32 = (n: number): number => n | 0;

/** Java `long` arithmetic wraps at 64 bits. */
export const int64 = (n: bigint): bigint => BigInt.asIntN(64, n);

/** The accumulator as a struct (the runtime keeps it a valid value of `aggregateType`). */
export const asStruct = (acc: unknown): Struct => acc as Struct;

const INT_MAX = 2147483647;

/**
 * A size limit from the engine settings, as ksqlDB's collect functions read it: a number or a
 * numeric string; absent or negative means no limit.
 */
export function limitFrom(config: AggregateConfig, key: string): number {
  const raw = config[key];
  let limit = INT_MAX;
  if (typeof raw === 'number' || typeof raw === 'bigint') limit = Number(raw);
  else if (typeof raw === 'string' && raw.trim() !== '') limit = Number.parseInt(raw.trim(), 10);
  if (!Number.isFinite(limit)) throw new AnalysisError(`Invalid value for ${key}: ${String(raw)}`);
  return limit < 0 ? INT_MAX : limit;
}

/** A literal INTEGER argument (TOPK's k, EARLIEST_BY_OFFSET's n). */
export function intLiteral(fnName: string, v: unknown, what: string): number {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'bigint') return Number(v);
  throw new AnalysisError(`Function '${fnName}' requires a constant INTEGER ${what}, got ${String(v)}`);
}

/** A literal BOOLEAN argument (ignoreNulls). */
export function boolLiteral(fnName: string, v: unknown, what: string): boolean {
  if (typeof v === 'boolean') return v;
  throw new AnalysisError(`Function '${fnName}' requires a constant BOOLEAN ${what}, got ${String(v)}`);
}
