/**
 * Bound expression → closure, once per query. Column slots, functions, casts and comparators are
 * resolved here so evaluating a record does no type dispatch.
 */
import { castCompiled } from '../../common/casts.ts';
import { assertNever, ProcessingError } from '../../common/errors.ts';
import type { SqlType } from '../../common/types.ts';
import type { FunctionRegistry } from '../../functions/registry.ts';
import type { BoundExpr, BoundOf, ColumnSlot } from '../../plan/expr.ts';
import type { Evaluator, Rec } from '../record.ts';
import { arithmeticFor, negateFor } from './arithmetic.ts';
import { compileCompare, compileIn } from './compare.ts';
import { likeToRegExp } from './like.ts';
import { literalValue } from '../../common/literal-value.ts';

/** Lambda parameters in scope at compile time: each reads a cell the lambda sets before running its body. */
type LambdaCells = ReadonlyMap<string, { v: unknown }>;

export interface CompileContext {
  readonly registry: FunctionRegistry;
  /**
   * Receives a function call's failure; the call then yields NULL and the rest of the row is
   * still computed (ksqlDB logs a failing UDF and returns null). Without it the error propagates.
   */
  readonly onError?: (error: unknown, what: string) => void;
}

export function compileExpr(e: BoundExpr, ctx: CompileContext, cells: LambdaCells = new Map()): Evaluator {
  const c = (x: BoundExpr): Evaluator => compileExpr(x, ctx, cells);
  switch (e.kind) {
    case 'Literal': {
      const v = literalValue(e.type, e.value);
      return () => v;
    }
    case 'Column':
      return columnReader(e.slot);
    case 'LambdaVar': {
      const cell = cells.get(e.name);
      if (!cell) throw new ProcessingError(`Lambda variable ${e.name} is not in scope`);
      return () => cell.v;
    }
    case 'Lambda':
      return compileLambda(e, ctx, cells);
    case 'Call':
      return compileCall(e, ctx, cells);
    case 'Cast': {
      const operand = c(e.operand);
      if (e.from === null) return () => null;
      const fn = castCompiled(e.from, e.type);
      return (r) => {
        const v = operand(r);
        return v === null || v === undefined ? null : fn(v);
      };
    }
    case 'Arithmetic':
      return strictBinary(c(e.left), c(e.right), arithmeticFor(e.op, e.type));
    case 'Concat':
      return strictBinary(c(e.left), c(e.right), (a, b) => (a as string) + (b as string));
    case 'Negate': {
      const operand = c(e.operand);
      const neg = negateFor(e.type);
      return (r) => {
        const v = operand(r);
        return v === null || v === undefined ? null : neg(v);
      };
    }
    case 'Compare':
      return compileCompare(e, c(e.left), c(e.right));
    case 'And':
      return compileAnd(c(e.left), c(e.right));
    case 'Or':
      return compileOr(c(e.left), c(e.right));
    case 'Not': {
      const operand = c(e.operand);
      return (r) => {
        const v = operand(r);
        return v === null || v === undefined ? null : !v;
      };
    }
    case 'IsNull': {
      const operand = c(e.operand);
      return e.not ? (r) => operand(r) != null : (r) => operand(r) == null;
    }
    case 'In':
      return compileIn(e, c(e.operand), e.tests.map(c));
    case 'Like':
      return compileLike(e, c(e.operand), c(e.pattern));
    case 'Case':
      return compileCase(e, c);
    case 'Subscript':
      return compileSubscript(e, c(e.base), c(e.index));
    case 'Field': {
      const base = c(e.base);
      const field = e.field;
      return (r) => {
        const s = base(r) as Record<string, unknown> | null | undefined;
        return s == null ? null : (s[field] ?? null);
      };
    }
    case 'MakeArray': {
      const elements = e.elements.map(c);
      return (r) => elements.map((x) => x(r) ?? null);
    }
    case 'MakeMap': {
      const entries = e.entries.map((x) => [c(x.key), c(x.value)] as const);
      return (r) => new Map(entries.map(([k, v]) => [k(r), v(r) ?? null]));
    }
    case 'MakeStruct': {
      const fields = e.fields.map((f) => [f.name, c(f.value)] as const);
      return (r) => {
        const out: Record<string, unknown> = {};
        for (const [name, v] of fields) out[name] = v(r) ?? null;
        return out;
      };
    }
    default:
      return assertNever(e, 'bound expression');
  }
}

export function columnReader(slot: ColumnSlot): Evaluator {
  switch (slot.from) {
    case 'KEY': {
      const i = slot.index;
      return (r) => r.key[i] ?? null;
    }
    case 'VALUE': {
      const i = slot.index;
      return (r) => (r.value === null ? null : (r.value[i] ?? null));
    }
    case 'ROWTIME':
      return (r) => BigInt(r.timestamp);
    case 'ROWPARTITION':
      return (r) => r.partition;
    case 'ROWOFFSET':
      return (r) => BigInt(r.offset);
    case 'WINDOWSTART':
      return (r) => (r.windowStart === undefined ? null : BigInt(r.windowStart));
    case 'WINDOWEND':
      return (r) => (r.windowEnd === undefined ? null : BigInt(r.windowEnd));
  }
}

function strictBinary(left: Evaluator, right: Evaluator, op: (a: unknown, b: unknown) => unknown): Evaluator {
  return (r) => {
    const a = left(r);
    if (a === null || a === undefined) return null;
    const b = right(r);
    if (b === null || b === undefined) return null;
    return op(a, b);
  };
}

/** Three-valued AND / OR, as SQL defines them. */
function compileAnd(left: Evaluator, right: Evaluator): Evaluator {
  return (r) => {
    const a = left(r);
    if (a === false) return false;
    const b = right(r);
    if (b === false) return false;
    return a == null || b == null ? null : true;
  };
}

function compileOr(left: Evaluator, right: Evaluator): Evaluator {
  return (r) => {
    const a = left(r);
    if (a === true) return true;
    const b = right(r);
    if (b === true) return true;
    return a == null || b == null ? null : false;
  };
}

function compileLike(e: BoundOf<'Like'>, operand: Evaluator, pattern: Evaluator): Evaluator {
  const literal = e.pattern.kind === 'Literal' && typeof e.pattern.value === 'string' ? likeToRegExp(e.pattern.value, e.escape) : undefined;
  return (r) => {
    const s = operand(r);
    if (s == null) return null;
    let re = literal;
    if (!re) {
      const p = pattern(r);
      if (p == null) return null;
      re = likeToRegExp(p as string, e.escape);
    }
    return re.test(s as string) !== e.not;
  };
}

function compileCase(e: BoundOf<'Case'>, c: (x: BoundExpr) => Evaluator): Evaluator {
  const whens = e.whens.map((w) => [c(w.when), c(w.then)] as const);
  const otherwise = e.else ? c(e.else) : () => null;
  return (r) => {
    for (const [when, then] of whens) if (when(r) === true) return then(r) ?? null;
    return otherwise(r) ?? null;
  };
}

function compileSubscript(e: BoundOf<'Subscript'>, base: Evaluator, index: Evaluator): Evaluator {
  if (e.base.type?.kind === 'MAP') {
    return (r) => {
      const m = base(r) as Map<unknown, unknown> | null;
      if (m == null) return null;
      return m.get(index(r)) ?? null;
    };
  }
  return (r) => {
    const a = base(r) as unknown[] | null;
    const i = index(r) as number | null;
    if (a == null || i == null) return null;
    // ksqlDB arrays are 1-based; negative indexes count from the end.
    const at = i > 0 ? i - 1 : i < 0 ? a.length + i : -1;
    return at >= 0 && at < a.length ? (a[at] ?? null) : null;
  };
}

function compileLambda(e: BoundOf<'Lambda'>, ctx: CompileContext, outer: LambdaCells): Evaluator {
  const own = e.params.map(() => ({ v: null as unknown }));
  const cells = new Map(outer);
  e.params.forEach((p, i) => cells.set(p, own[i]!));
  const body = compileExpr(e.body, ctx, cells);
  return (r: Rec) =>
    (...args: unknown[]) => {
      const saved = own.map((cell) => cell.v);
      for (let i = 0; i < own.length; i++) own[i]!.v = args[i] ?? null;
      try {
        return body(r);
      } finally {
        for (let i = 0; i < own.length; i++) own[i]!.v = saved[i];
      }
    };
}

function compileCall(e: BoundOf<'Call'>, ctx: CompileContext, cells: LambdaCells): Evaluator {
  const lambdaTypes = new Map<number, SqlType>();
  e.args.forEach((a, i) => {
    if (a.kind === 'Lambda') lambdaTypes.set(i, a.type);
  });
  const fn = ctx.registry.resolveScalar(e.name, e.argTypes, (_params, index) => lambdaTypes.get(index)!);
  const args = e.args.map((a) => compileExpr(a, ctx, cells));
  const invoke = fn.invoke;
  const n = args.length;
  const onError = ctx.onError;
  const what = `Error calling ${fn.name}`;
  return (r) => {
    const values = new Array<unknown>(n);
    for (let i = 0; i < n; i++) values[i] = args[i]!(r);
    if (!onError) return invoke(values) ?? null;
    try {
      return invoke(values) ?? null;
    } catch (e) {
      onError(e, what);
      return null;
    }
  };
}

