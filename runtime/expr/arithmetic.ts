/** Binary arithmetic per result type, resolved once at compile time. Integer math wraps like Java's. */
import { Decimal } from '../../common/decimal.ts';
import { ProcessingError } from '../../common/errors.ts';
import type { SqlType } from '../../common/types.ts';

export type BinaryFn = (a: unknown, b: unknown) => unknown;
type Op = '+' | '-' | '*' | '/' | '%';

const divideByZero = (): never => {
  throw new ProcessingError('/ by zero');
};

const INT_OPS: Record<Op, (a: number, b: number) => number> = {
  '+': (a, b) => (a + b) | 0,
  '-': (a, b) => (a - b) | 0,
  '*': (a, b) => Math.imul(a, b),
  '/': (a, b) => (b === 0 ? divideByZero() : (a / b) | 0),
  '%': (a, b) => (b === 0 ? divideByZero() : a % b),
};

const BIGINT_OPS: Record<Op, (a: bigint, b: bigint) => bigint> = {
  '+': (a, b) => BigInt.asIntN(64, a + b),
  '-': (a, b) => BigInt.asIntN(64, a - b),
  '*': (a, b) => BigInt.asIntN(64, a * b),
  '/': (a, b) => (b === 0n ? divideByZero() : BigInt.asIntN(64, a / b)),
  '%': (a, b) => (b === 0n ? divideByZero() : a % b),
};

const DOUBLE_OPS: Record<Op, (a: number, b: number) => number> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => a / b,
  '%': (a, b) => a % b,
};

function decimalOp(op: Op, scale: number): (a: Decimal, b: Decimal) => Decimal {
  switch (op) {
    case '+':
      return (a, b) => a.add(b).setScale(scale);
    case '-':
      return (a, b) => a.sub(b).setScale(scale);
    case '*':
      return (a, b) => a.mul(b).setScale(scale);
    case '/':
      return (a, b) => (b.signum() === 0 ? divideByZero() : a.div(b, scale));
    case '%':
      return (a, b) => (b.signum() === 0 ? divideByZero() : a.mod(b).setScale(scale));
  }
}

/** The operation for operands already cast to `type` (DECIMAL operands keep their own scales). */
export function arithmeticFor(op: Op, type: SqlType): BinaryFn {
  switch (type.kind) {
    case 'INTEGER':
      return INT_OPS[op] as BinaryFn;
    case 'BIGINT':
      return BIGINT_OPS[op] as BinaryFn;
    case 'DOUBLE':
      return DOUBLE_OPS[op] as BinaryFn;
    case 'DECIMAL':
      return decimalOp(op, type.scale) as BinaryFn;
    default:
      throw new ProcessingError(`Arithmetic is not defined for ${type.kind}`);
  }
}

export function negateFor(type: SqlType): (a: unknown) => unknown {
  switch (type.kind) {
    case 'INTEGER':
      return (a) => -(a as number) | 0;
    case 'BIGINT':
      return (a) => BigInt.asIntN(64, -(a as bigint));
    case 'DECIMAL':
      return (a) => (a as Decimal).negate();
    default:
      return (a) => -(a as number);
  }
}
