/**
 * PARTITION BY, over one stream or over a stream join's result: the new key is the expressions;
 * the old key columns that the new key does not replace move to the end of the value, so the
 * projection can still read them.
 */
import { AnalysisError } from '../common/errors.ts';
import type { Column } from '../common/schema.ts';
import { BOOLEAN, formatType } from '../common/types.ts';
import type { Expr, Query } from '../parser/ast.ts';
import type { ColumnSlot } from '../plan/expr.ts';
import type { Step } from '../plan/steps.ts';
import { bindExpr, type Scope } from './bind-expr.ts';
import type { FunctionRegistry } from '../functions/registry.ts';
import { containsMap } from './type-rules.ts';

export interface PartitionBy {
  readonly step: Step;
  /** The partitioning expressions the projection matches its items against (none for NULL). */
  readonly exprs: readonly Expr[];
  /** Where each old key column now is: carried into the value, or kept as a new key column of the same name. */
  readonly oldKey: readonly ColumnSlot[];
}

export function planPartitionBy(
  step: Step,
  q: Query,
  scope: Scope & { withClause(clause: string): Scope },
  registry: FunctionRegistry,
  /** The key column name a partitioning expression gives (ksqlDB's generated names, or `<ALIAS>_<COL>` over a join). */
  keyName: (e: Expr) => string,
): PartitionBy {
  const exprs = q.partitionBy!;
  if (exprs.length === 0) throw new AnalysisError('PARTITION BY requires at least one expression', q.span);
  const nulls = exprs.filter((e) => e.kind === 'NullLiteral');
  if (nulls.length > 0 && exprs.length > 1) throw new AnalysisError('Cannot PARTITION BY multiple columns including NULL', nulls[0]!.span);
  const keyExprs = nulls.length > 0 ? [] : exprs.map((e) => bindExpr(e, { scope: scope.withClause('PARTITION BY'), registry }));
  const key: Column[] = keyExprs.map((k, i) => {
    const type = k.type ?? BOOLEAN;
    const name = keyName(exprs[i]!);
    if (containsMap(type)) {
      throw new AnalysisError(`Map keys, including types that contain maps, are not supported as they may lead to unexpected behavior due to inconsistent serialization. Key column name: \`${name}\`. Column type: ${formatType(type)}. See https://github.com/confluentinc/ksql/issues/6621 for more.`, exprs[i]!.span);
    }
    return { name, type, namespace: 'KEY' };
  });
  const carried = step.schema.key.filter((c) => !key.some((k) => k.name === c.name));
  const value: Column[] = [...step.schema.value, ...carried.map((c) => ({ ...c, namespace: 'VALUE' as const }))];
  const oldKey = step.schema.key.map((c): ColumnSlot => {
    const kept = key.findIndex((k) => k.name === c.name);
    return kept >= 0 ? { from: 'KEY', index: kept } : { from: 'VALUE', index: step.schema.value.length + carried.indexOf(c) };
  });
  return {
    step: { kind: 'StreamSelectKey', id: 'PartitionBy', schema: { key, value }, source: step, keyExprs },
    exprs: nulls.length > 0 ? [] : exprs,
    oldKey,
  };
}
