import { type SqlType, decimal } from '../../common/types.ts';
import { AnalysisError } from '../../common/errors.ts';
import { Decimal } from '../../common/decimal.ts';
import type { AggregateConfig, AggregateFunction, AggregateSignature, ArgType, ParamType, ResolvedAggregate, ResolvedTypes, ReturnType, BoundTypes } from '../function.ts';
import { formatParamType } from '../param-types.ts';
import { instantiate, matchType } from './match.ts';
import { formatArgs, selectSignature } from './select.ts';

/**
 * Resolves an aggregate call: the column arguments by the scalar rules (exact match first, then
 * implicit widening, generics), among the signatures whose literal parameters fit the literals.
 */
export function resolveAggregateCall(
  def: AggregateFunction,
  argTypes: readonly ArgType[],
  literals: readonly unknown[],
  config: AggregateConfig,
  literalTypes: readonly (SqlType | null)[] = literals.map(literalType),
): ResolvedAggregate {
  const fnName = def.name;
  const fitting = def.signatures.filter((s) => literalsFit(s.literalParams ?? [], literalTypes));
  const sel = selectSignature(fnName, fitting, argTypes, undefined, {
    args: formatArgs([...argTypes, ...literalTypes]),
    signatures: def.signatures,
    format: formatAggregateSignature,
  });
  const s = sel.signature;
  const bound: BoundTypes = {
    argTypes: argTypes.map((a) => (a === null || a.kind === 'LAMBDA' || a.kind === 'INTERVAL_UNIT' ? null : a)),
    paramTypes: sel.paramTypes,
    generics: sel.generics,
  };
  const returnType = typeOf(fnName, s.returns, bound);
  const aggregateType = typeOf(fnName, s.aggregateType, bound);
  const types: ResolvedTypes = { ...bound, returnType };
  const impl = s.bind(types, literals, config);
  return { name: fnName, returnType, aggregateType, paramTypes: sel.paramTypes, impl, undoable: impl.undo !== undefined };
}

/** How many trailing arguments of a call with `argCount` arguments are literal parameters. */
export function literalCount(def: AggregateFunction, argCount: number): number {
  let count = 0;
  for (const s of def.signatures) {
    const lits = s.literalParams?.length ?? 0;
    const fits = s.variadic ? argCount >= s.params.length - 1 + lits : argCount === s.params.length + lits;
    if (fits) count = Math.max(count, lits);
  }
  return count;
}

/** `TOPK(INT, ANY..., INT)`: column parameters, then literal parameters. */
export function formatAggregateSignature(fnName: string, s: AggregateSignature): string {
  return `${fnName}(${aggregateParams(s).map((p) => `${p.type}${p.isVariadic ? '...' : ''}${p.name ? ` ${p.name}` : ''}`).join(', ')})`;
}

export function aggregateParams(s: AggregateSignature): { name: string; type: string; isVariadic: boolean }[] {
  const all: readonly ParamType[] = [...s.params, ...(s.literalParams ?? [])];
  return all.map((p, i) => ({
    name: s.names?.[i] ?? '',
    type: formatParamType(p),
    isVariadic: !!s.variadic && i === s.params.length - 1,
  }));
}

function literalsFit(params: readonly ParamType[], types: readonly (SqlType | null)[]): boolean {
  if (params.length !== types.length) return false;
  return params.every((p, i) => {
    const t = types[i];
    return t === null || t === undefined || matchType(p, t, true, new Map()) !== undefined;
  });
}

function typeOf(fnName: string, r: ReturnType, bound: BoundTypes): SqlType {
  const t = typeof r === 'function' ? r(bound) : instantiate(r, bound.generics);
  if (!t) throw new AnalysisError(`Function '${fnName}' cannot infer its return type from untyped arguments`);
  return t;
}

/** The SQL type of a literal's run-time value (a whole number is taken as INTEGER when it fits). */
export function literalType(v: unknown): SqlType | null {
  switch (typeof v) {
    case 'boolean':
      return { kind: 'BOOLEAN' };
    case 'bigint':
      return { kind: 'BIGINT' };
    case 'string':
      return { kind: 'STRING' };
    case 'number':
      return Number.isInteger(v) && (v | 0) === v ? { kind: 'INTEGER' } : { kind: 'DOUBLE' };
    default:
      if (v instanceof Decimal) return decimal(Math.max(v.precision(), v.scale), Math.max(v.scale, 0));
      return null;
  }
}
