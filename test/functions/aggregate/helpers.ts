import { expect } from 'vitest';
import { Decimal } from '../../../common/decimal.ts';
import type { SqlType } from '../../../common/types.ts';
import type { AggregateConfig, ArgType, ResolvedAggregate } from '../../../functions/function.ts';
import { registry } from '../helpers.ts';

export { registry };

export const resolve = (name: string, argTypes: readonly ArgType[], literals: readonly unknown[] = [], config: AggregateConfig = {}): ResolvedAggregate =>
  registry.resolveAggregate(name, argTypes, literals, config);

/** Whether `v` is a run-time value of `t` (see common/types.ts), so a state store can serialize it. */
export function isValueOf(v: unknown, t: SqlType): boolean {
  if (v === null) return true;
  switch (t.kind) {
    case 'BOOLEAN':
      return typeof v === 'boolean';
    case 'INTEGER':
      return typeof v === 'number' && (v | 0) === v;
    case 'BIGINT':
      return typeof v === 'bigint';
    case 'DOUBLE':
    case 'TIMESTAMP':
    case 'DATE':
    case 'TIME':
      return typeof v === 'number';
    case 'DECIMAL':
      return v instanceof Decimal;
    case 'STRING':
      return typeof v === 'string';
    case 'BYTES':
      return v instanceof Uint8Array;
    case 'ARRAY':
      return Array.isArray(v) && v.every((e) => isValueOf(e ?? null, t.element));
    case 'MAP':
      return v instanceof Map && [...v].every(([k, x]) => isValueOf(k ?? null, t.key) && isValueOf(x ?? null, t.value));
    case 'STRUCT': {
      if (typeof v !== 'object' || Array.isArray(v)) return false;
      const o = v as Record<string, unknown>;
      const names = t.fields.map((f) => f.name);
      return Object.keys(o).every((k) => names.includes(k)) && t.fields.every((f) => isValueOf(o[f.name] ?? null, f.type));
    }
  }
}

/** Adds each row (its column arguments) and returns the result after each, checking the state's type. */
export function replay(r: ResolvedAggregate, rows: readonly (readonly unknown[])[]): unknown[] {
  let acc = r.impl.init();
  expect(isValueOf(acc, r.aggregateType)).toBe(true);
  return rows.map((args) => {
    acc = r.impl.add(acc, args);
    expect(isValueOf(acc, r.aggregateType)).toBe(true);
    return r.impl.result(acc);
  });
}

export type TableOp = readonly ['add' | 'undo', ...unknown[]];

/** A table aggregation: each op adds or retracts one row; returns the result after each op. */
export function replayTable(r: ResolvedAggregate, ops: readonly TableOp[]): unknown[] {
  let acc = r.impl.init();
  return ops.map(([op, ...args]) => {
    acc = op === 'add' ? r.impl.add(acc, args) : r.impl.undo!(acc, args);
    expect(isValueOf(acc, r.aggregateType)).toBe(true);
    return r.impl.result(acc);
  });
}

/** Builds an accumulator from rows. */
export function accOf(r: ResolvedAggregate, rows: readonly (readonly unknown[])[]): unknown {
  let acc = r.impl.init();
  for (const args of rows) acc = r.impl.add(acc, args);
  return acc;
}

/**
 * A session merge as Kafka Streams runs it: the initial accumulator merged with each overlapping
 * session in turn, then the new row added.
 */
export function sessionMerge(r: ResolvedAggregate, sessions: readonly unknown[], row: readonly unknown[]): unknown {
  let acc = r.impl.init();
  for (const s of sessions) acc = r.impl.merge!(acc, s);
  acc = r.impl.add(acc, row);
  expect(isValueOf(acc, r.aggregateType)).toBe(true);
  return r.impl.result(acc);
}

export const col = (values: readonly unknown[]): unknown[][] => values.map((v) => [v]);
