/** Hand-built plans for operator tests: a STRING-keyed JSON source, bound expressions, a collecting driver. */
import type { Column } from '../../../common/schema.ts';
import { BIGINT, STRING, type SqlType } from '../../../common/types.ts';
import { createDefaultRegistry } from '../../../functions/index.ts';
import type { BoundExpr } from '../../../plan/expr.ts';
import type { AggregateCall, Formats, Step, StepOf, WindowSpec } from '../../../plan/steps.ts';
import { DefaultProcessingLog } from '../../../runtime/log/processing-log.ts';
import type { Rec } from '../../../runtime/record.ts';
import { buildPipeline, type Topology } from '../../../runtime/topology.ts';

export const registry = createDefaultRegistry();
export const formats: Formats = { key: { name: 'KAFKA', properties: {} }, value: { name: 'JSON', properties: {} }, wrapSingleValue: true };

export const keyCol = (name: string, type: SqlType = STRING): Column => ({ name, type, namespace: 'KEY' });
export const valCol = (name: string, type: SqlType): Column => ({ name, type, namespace: 'VALUE' });
export const keyRef = (index: number, type: SqlType = STRING): BoundExpr => ({ kind: 'Column', type, name: `K${index}`, slot: { from: 'KEY', index } });
export const valRef = (index: number, type: SqlType): BoundExpr => ({ kind: 'Column', type, name: `V${index}`, slot: { from: 'VALUE', index } });
export const lit = (type: SqlType, value: string): BoundExpr => ({ kind: 'Literal', type, value });

/** `ID STRING KEY` plus the given value columns, read from topic `in`. */
export function source(kind: 'StreamSource' | 'TableSource', value: readonly Column[]): StepOf<'StreamSource'> | StepOf<'TableSource'> {
  const schema = { key: [keyCol('ID')], value };
  return { kind, id: 'KsqlTopic/Source', topic: 'in', formats, physical: schema, schema } as StepOf<'StreamSource'> | StepOf<'TableSource'>;
}

export const countStar: AggregateCall = { name: 'COUNT', argTypes: [], args: [], literals: [] };

export function aggregate(input: Step, groupKeys: readonly BoundExpr[], aggregates: readonly AggregateCall[], window?: WindowSpec, emitFinal = false): Step {
  const schema = { key: groupKeys.map((g, i) => keyCol(`G${i}`, g.type ?? STRING)), value: aggregates.map((_, i) => valCol(`A${i}`, BIGINT)) };
  return { kind: 'StreamAggregate', id: 'Aggregate/Aggregate', schema, source: input, groupKeys, aggregates, emitFinal, ...(window ? { window } : {}) };
}

/** A compact view of an output change for assertions. */
export interface Out {
  readonly key: unknown;
  readonly value: unknown;
  readonly old?: unknown;
  readonly ts: number;
  readonly win?: readonly [number, number];
}

export interface Driver {
  readonly topology: Topology;
  readonly out: Out[];
  readonly log: DefaultProcessingLog;
  send(key: string | null, value: Record<string, unknown> | null, timestamp?: number): void;
}

let offset = 0;

export function drive(root: Step): Driver {
  const out: Out[] = [];
  const log = new DefaultProcessingLog();
  const collect = (r: Rec): void => {
    out.push({
      key: r.key.length === 1 ? r.key[0] : r.key,
      value: r.value === null ? null : r.value.length === 1 ? r.value[0] : r.value,
      ...(r.oldValue !== undefined ? { old: r.oldValue === null ? null : r.oldValue.length === 1 ? r.oldValue[0] : r.oldValue } : {}),
      ts: r.timestamp,
      ...(r.windowStart !== undefined ? { win: [r.windowStart, r.windowEnd!] as const } : {}),
    });
  };
  const topology = buildPipeline('Q', root, { registry, processingLog: log }, collect);
  const send = (key: string | null, value: Record<string, unknown> | null, timestamp = 0): void => {
    const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
    const record = { topic: 'in', partition: 0, offset: offset++, timestamp, headers: [], key: key === null ? null : enc(key), value: value === null ? null : enc(JSON.stringify(value)) };
    topology.sources.get('in')!(record);
  };
  return { topology, out, log, send };
}
