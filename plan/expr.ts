/**
 * Bound expressions: the planner's output for every expression, plain data that round-trips through
 * JSON. Column references are resolved to positions, function calls carry the argument types they
 * were resolved with, and every node knows its result type (`null` only for an untyped NULL literal).
 */
import type { SqlType } from '../common/types.ts';

/** Where a column reference reads from in a runtime record. */
export type ColumnSlot =
  | { readonly from: 'KEY'; readonly index: number }
  | { readonly from: 'VALUE'; readonly index: number }
  | { readonly from: 'ROWTIME' | 'ROWPARTITION' | 'ROWOFFSET' | 'WINDOWSTART' | 'WINDOWEND' };

/** The argument types a call was resolved with; lambdas and time-unit keywords are markers. */
export type CallArgType = SqlType | null | { readonly kind: 'LAMBDA'; readonly arity: number } | { readonly kind: 'INTERVAL_UNIT' };

export type BoundExpr =
  /** `value` is text for numbers (exactness), a string, a boolean, or null. */
  | { readonly kind: 'Literal'; readonly type: SqlType | null; readonly value: string | boolean | null }
  | { readonly kind: 'Column'; readonly type: SqlType; readonly name: string; readonly slot: ColumnSlot }
  | { readonly kind: 'LambdaVar'; readonly type: SqlType; readonly name: string }
  | { readonly kind: 'Lambda'; readonly type: SqlType; readonly params: readonly string[]; readonly paramTypes: readonly SqlType[]; readonly body: BoundExpr }
  | { readonly kind: 'Call'; readonly type: SqlType; readonly name: string; readonly argTypes: readonly CallArgType[]; readonly args: readonly BoundExpr[] }
  | { readonly kind: 'Cast'; readonly type: SqlType; readonly from: SqlType | null; readonly operand: BoundExpr }
  | { readonly kind: 'Arithmetic'; readonly type: SqlType; readonly op: '+' | '-' | '*' | '/' | '%'; readonly left: BoundExpr; readonly right: BoundExpr }
  | { readonly kind: 'Concat'; readonly type: SqlType; readonly left: BoundExpr; readonly right: BoundExpr }
  | { readonly kind: 'Negate'; readonly type: SqlType; readonly operand: BoundExpr }
  /** Both operands already cast to `operandType`. */
  | { readonly kind: 'Compare'; readonly type: SqlType; readonly op: '=' | '<>' | '<' | '<=' | '>' | '>=' | 'DISTINCT' | 'NOT DISTINCT'; readonly operandType: SqlType; readonly left: BoundExpr; readonly right: BoundExpr }
  | { readonly kind: 'And' | 'Or'; readonly type: SqlType; readonly left: BoundExpr; readonly right: BoundExpr }
  | { readonly kind: 'Not'; readonly type: SqlType; readonly operand: BoundExpr }
  | { readonly kind: 'IsNull'; readonly type: SqlType; readonly not: boolean; readonly operand: BoundExpr }
  /** `operand [NOT] IN (...)`: each list item is an `=` comparison with the operand, typed pairwise. */
  | { readonly kind: 'In'; readonly type: SqlType; readonly not: boolean; readonly operand: BoundExpr; readonly tests: readonly BoundExpr[] }
  | { readonly kind: 'Like'; readonly type: SqlType; readonly not: boolean; readonly operand: BoundExpr; readonly pattern: BoundExpr; readonly escape?: string }
  | { readonly kind: 'Case'; readonly type: SqlType; readonly whens: readonly { readonly when: BoundExpr; readonly then: BoundExpr }[]; readonly else?: BoundExpr }
  | { readonly kind: 'Subscript'; readonly type: SqlType; readonly base: BoundExpr; readonly index: BoundExpr }
  | { readonly kind: 'Field'; readonly type: SqlType; readonly base: BoundExpr; readonly field: string }
  | { readonly kind: 'MakeArray'; readonly type: SqlType; readonly elements: readonly BoundExpr[] }
  | { readonly kind: 'MakeMap'; readonly type: SqlType; readonly entries: readonly { readonly key: BoundExpr; readonly value: BoundExpr }[] }
  | { readonly kind: 'MakeStruct'; readonly type: SqlType; readonly fields: readonly { readonly name: string; readonly value: BoundExpr }[] };

export type BoundKind = BoundExpr['kind'];
export type BoundOf<K extends BoundKind> = Extract<BoundExpr, { kind: K }>;
