/** Hand-built join plans over BIGINT-keyed JSON sources, driven record by record per topic. */
import type { Column } from '../../../common/schema.ts';
import { BIGINT } from '../../../common/types.ts';
import type { BoundExpr } from '../../../plan/expr.ts';
import type { Formats, JoinKind, Step } from '../../../plan/steps.ts';
import { DefaultProcessingLog } from '../../../runtime/log/processing-log.ts';
import type { Rec } from '../../../runtime/record.ts';
import { buildPipeline } from '../../../runtime/topology.ts';
import { keyCol, registry, valCol } from './helpers.ts';

const formats: Formats = { key: { name: 'JSON', properties: {} }, value: { name: 'JSON', properties: {} }, wrapSingleValue: true };

/** A source on `topic` keyed by `<prefix>_ID BIGINT` with the given value columns (named `<prefix>_<col>` in the output). */
export function src(kind: 'StreamSource' | 'TableSource', topic: string, prefix: string, values: readonly string[], types: Record<string, Column['type']> = {}): Step {
  const schema = { key: [keyCol(`${prefix}_ID`, BIGINT)], value: values.map((v) => valCol(`${prefix}_${v}`, types[v] ?? BIGINT)) };
  const physical = { key: schema.key, value: values.map((v) => valCol(v, types[v] ?? BIGINT)) };
  return { kind, id: `${prefix}/Source`, topic, formats, physical, schema } as Step;
}

type JoinExtras =
  | { kind: 'StreamStreamJoin'; beforeMs: number; afterMs: number; graceMs?: number }
  | { kind: 'StreamTableJoin' }
  | { kind: 'TableTableJoin' }
  | { kind: 'ForeignKeyJoin'; foreignKey: BoundExpr };

/** A join step whose value is the left input's key and value columns, then the right input's. */
export function join(id: string, joinType: JoinKind, left: Step, right: Step, extras: JoinExtras): Step {
  const schema = { key: left.schema.key, value: [...left.schema.key, ...left.schema.value, ...right.schema.key, ...right.schema.value] };
  return { id, schema, left, right, joinType, ...extras } as Step;
}

export interface JoinOut {
  readonly key: unknown;
  readonly value: Record<string, unknown> | null;
  readonly old?: Record<string, unknown> | null;
  readonly ts: number;
}

export interface JoinDriver {
  readonly out: JoinOut[];
  readonly log: DefaultProcessingLog;
  send(topic: string, key: number | null, value: Record<string, unknown> | null, timestamp?: number): void;
}

const plain = (v: unknown): unknown => (typeof v === 'bigint' ? Number(v) : v);

export function driveJoin(root: Step, columns: readonly string[] = root.schema.value.map((c) => c.name)): JoinDriver {
  const out: JoinOut[] = [];
  const log = new DefaultProcessingLog();
  const named = (row: readonly unknown[] | null): Record<string, unknown> | null =>
    row === null ? null : Object.fromEntries(columns.map((c, i) => [c, plain(row[i])]));
  const collect = (r: Rec): void => {
    out.push({ key: plain(r.key[0]), value: named(r.value), ...(r.oldValue !== undefined ? { old: named(r.oldValue) } : {}), ts: r.timestamp });
  };
  const topology = buildPipeline('Q', root, { registry, processingLog: log }, collect);
  const offsets = new Map<string, number>();
  const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
  const send = (topic: string, key: number | null, value: Record<string, unknown> | null, timestamp = 0): void => {
    const offset = offsets.get(topic) ?? 0;
    offsets.set(topic, offset + 1);
    const record = { topic, partition: 0, offset, timestamp, headers: [], key: key === null ? null : enc(String(key)), value: value === null ? null : enc(JSON.stringify(value)) };
    topology.sources.get(topic)!(record);
  };
  return { out, log, send };
}

/** Outputs as `[key, selected columns (or null), ts]`, the shape of the QTT vectors' SELECT lists. */
export function rows(out: readonly JoinOut[], cols: readonly string[]): unknown[] {
  return out.map((o) => [o.key, o.value === null ? null : Object.fromEntries(cols.map((c) => [c, o.value![c]])), o.ts]);
}
