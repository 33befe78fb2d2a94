import type { Impl, ParamType, ReturnType, ResolvedTypes, Signature } from './function.ts';

interface SigOptions {
  readonly variadic?: boolean;
  readonly nullSafe?: boolean;
  readonly names?: readonly string[];
  readonly description?: string;
}

/** A signature with a plain impl: `sig([P.STRING], P.STRING, (s: string) => s.toLowerCase())`. */
export const sig = (params: readonly ParamType[], returns: ReturnType, impl: Impl, opts: SigOptions = {}): Signature => ({
  params,
  returns,
  impl,
  ...opts,
});

/** A signature whose impl is specialized once per call site to the resolved types. */
export const bound = (
  params: readonly ParamType[],
  returns: ReturnType,
  bind: (types: ResolvedTypes) => Impl,
  opts: SigOptions = {},
): Signature => ({ params, returns, bind, ...opts });
