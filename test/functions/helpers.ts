import type { SqlType } from '../../common/types.ts';
import type { ArgType, LambdaTyper } from '../../functions/function.ts';
import { createDefaultRegistry } from '../../functions/index.ts';

export const registry = createDefaultRegistry();

/** Resolves `name` for the argument types and calls it once. */
export function call(name: string, argTypes: readonly ArgType[], args: readonly unknown[], typer?: LambdaTyper): unknown {
  return registry.resolveScalar(name, argTypes, typer).invoke(args);
}

/** Calls a single-signature-shape function over several rows. */
export function rows(name: string, argTypes: readonly ArgType[], inputs: readonly (readonly unknown[])[]): unknown[] {
  const f = registry.resolveScalar(name, argTypes);
  return inputs.map((args) => f.invoke(args));
}

export const returnTypeOf = (name: string, argTypes: readonly ArgType[], typer?: LambdaTyper): SqlType =>
  registry.resolveScalar(name, argTypes, typer).returnType;
