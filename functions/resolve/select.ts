import { type SqlType, formatType } from '../../common/types.ts';
import { AnalysisError } from '../../common/errors.ts';
import type { ArgType, LambdaTyper, ParamType } from '../function.ts';
import { formatParamType, hasGenerics } from '../param-types.ts';
import { type Bindings, instantiate, matchType } from './match.ts';

/** The part of a signature resolution looks at (scalar, table and aggregate signatures alike). */
export interface Shape {
  readonly params: readonly ParamType[];
  readonly variadic?: boolean;
  readonly names?: readonly string[];
}

/**
 * How errors show the call and the candidates, when that differs from the matched shapes
 * (aggregates also list their literal arguments, and every signature, not only those whose
 * literals fit).
 */
export interface Display<S extends Shape> {
  readonly args?: string;
  readonly signatures?: readonly S[];
  readonly format?: (fnName: string, s: S) => string;
}

export interface Selected<S extends Shape> {
  readonly signature: S;
  readonly paramTypes: SqlType[];
  readonly lambdaParams: (readonly SqlType[] | undefined)[];
  readonly generics: Bindings;
}

/**
 * Picks the signature for a call the way ksqlDB's UdfIndex does: first without implicit casts, then
 * with; among the matches prefer non-variadic, then more declared parameters, then fewer generic
 * parameters; a tie at the top is ambiguous.
 */
export function selectSignature<S extends Shape>(
  fnName: string,
  signatures: readonly S[],
  args: readonly ArgType[],
  lambdaTyper?: LambdaTyper,
  display: Display<S> = {},
): Selected<S> {
  const argText = display.args ?? formatArgs(args);
  const sigText = (): string => (display.signatures ?? signatures).map((s) => (display.format ?? formatSignature)(fnName, s)).join('\n');
  for (const allowCasts of [false, true]) {
    const found = signatures
      .map((s) => tryMatch(s, args, allowCasts, lambdaTyper))
      .filter((m): m is Selected<S> => m !== undefined);
    if (found.length === 0) continue;
    found.sort((a, b) => rank(b.signature) - rank(a.signature));
    if (found.length > 1 && rank(found[0]!.signature) === rank(found[1]!.signature)) {
      throw new AnalysisError(
        `Function '${fnName}' cannot be resolved due to ambiguous method parameters ${argText}.\n` +
          'Use CAST() to explicitly cast your parameters to one of the supported function calls.\n' +
          `Valid function calls are:\n${sigText()}\n` +
          'For detailed information on a function run: DESCRIBE FUNCTION <Function-Name>;',
      );
    }
    return found[0]!;
  }
  throw new AnalysisError(
    `Function '${fnName}' does not accept parameters ${argText}.\n` +
      `Valid alternatives are:\n${sigText()}\n` +
      'For detailed information on a function run: DESCRIBE FUNCTION <Function-Name>;',
  );
}

// Non-variadic beats variadic, then more declared parameters, then fewer generic parameters.
const rank = (s: Shape): number =>
  (s.variadic ? 0 : 1_000_000) + s.params.length * 1000 - s.params.filter(hasGenerics).length;

function tryMatch<S extends Shape>(
  s: S,
  args: readonly ArgType[],
  allowCasts: boolean,
  lambdaTyper: LambdaTyper | undefined,
): Selected<S> | undefined {
  const fixed = s.variadic ? s.params.length - 1 : s.params.length;
  if (s.variadic ? args.length < fixed : args.length !== fixed) return undefined;
  const b: Bindings = new Map();
  const declared = args.map((_, i) => s.params[Math.min(i, s.params.length - 1)]!);
  const paramTypes: (SqlType | undefined)[] = [];
  const lambdaParams: (readonly SqlType[] | undefined)[] = [];
  for (let i = 0; i < args.length; i++) {
    const p = declared[i]!;
    const a = args[i] as ArgType;
    if (a === null) continue; // a NULL literal fits anything; typed below once generics are bound
    if (a.kind === 'INTERVAL_UNIT' || p.kind === 'INTERVAL_UNIT') {
      if (a.kind !== p.kind) return undefined;
      paramTypes[i] = { kind: 'STRING' };
    } else if (a.kind === 'LAMBDA' || p.kind === 'LAMBDA') {
      if (a.kind !== 'LAMBDA' || p.kind !== 'LAMBDA' || a.arity !== p.params.length || !lambdaTyper) return undefined;
      const inputs = p.params.map((x) => instantiate(x, b));
      if (inputs.some((x) => x === undefined)) return undefined;
      const body = lambdaTyper(inputs as SqlType[], i);
      const t = matchType(p.returns, body, allowCasts, b);
      if (!t) return undefined;
      paramTypes[i] = t;
      lambdaParams[i] = inputs as SqlType[];
    } else {
      const t = matchType(p, a, allowCasts, b);
      if (!t) return undefined;
      paramTypes[i] = t;
    }
  }
  // NULL literals take the declared type; with an unbound generic they are typed STRING, which is
  // harmless because only null ever flows through them.
  const out = Array.from(args, (_, i) => paramTypes[i] ?? instantiate(declared[i]!, b) ?? { kind: 'STRING' as const });
  return { signature: s, paramTypes: out, lambdaParams, generics: b };
}

export function formatArgs(args: readonly ArgType[]): string {
  const one = (a: ArgType): string =>
    a === null ? 'null' : a.kind === 'LAMBDA' ? 'LAMBDA' : a.kind === 'INTERVAL_UNIT' ? 'INTERVALUNIT' : formatType(a);
  return `(${args.map(one).join(', ')})`;
}

export function formatSignature(fnName: string, s: Shape): string {
  const parts = s.params.map((p, i) => {
    const last = s.variadic && i === s.params.length - 1;
    const name = s.names?.[i];
    return `${formatParamType(p)}${last ? '...' : ''}${name ? ` ${name}` : ''}`;
  });
  return `${fnName}(${parts.join(', ')})`;
}
