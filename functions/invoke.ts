import type { Impl } from './function.ts';

type Call = (...args: unknown[]) => unknown;

/**
 * Wraps an impl into the per-record entry point: the null check and varargs packing are decided
 * here once, so a call does no dispatch. Only fixed arguments are null-checked; variadic values
 * reach the impl (nulls included) as one array, as Java varargs do.
 */
export function makeInvoker(
  impl: Impl,
  fixedCount: number,
  variadic: boolean,
  nullSafe: boolean,
): (args: readonly unknown[]) => unknown {
  const f = impl as unknown as Call;
  if (variadic) {
    return (args) => {
      if (!nullSafe) for (let i = 0; i < fixedCount; i++) if (args[i] == null) return null;
      const fixed = args.slice(0, fixedCount);
      fixed.push(args.slice(fixedCount));
      return f(...fixed);
    };
  }
  if (nullSafe) {
    switch (fixedCount) {
      case 0:
        return () => f();
      case 1:
        return (a) => f(a[0]);
      case 2:
        return (a) => f(a[0], a[1]);
      default:
        return (a) => f(...a);
    }
  }
  switch (fixedCount) {
    case 0:
      return () => f();
    case 1:
      return (a) => (a[0] == null ? null : f(a[0]));
    case 2:
      return (a) => (a[0] == null || a[1] == null ? null : f(a[0], a[1]));
    case 3:
      return (a) => (a[0] == null || a[1] == null || a[2] == null ? null : f(a[0], a[1], a[2]));
    default:
      return (a) => (a.some((x) => x == null) ? null : f(...a));
  }
}
