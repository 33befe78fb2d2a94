import type { InternalTopic, StepOf, StepSchema, WindowedKey } from '../../plan/steps.ts';
import type { Rec } from '../record.ts';
import { createSerde, type RowSerde, type SchemaRegistry } from '../serde/index.ts';
import { formatSpec } from '../serde-spec.ts';
import { reportError, type Downstream, type OperatorContext } from './operator.ts';
import type { Emit } from './stream-sink.ts';
import { joinWindowedKey } from './windowed-key.ts';

interface Writer {
  readonly topic: string;
  readonly key: RowSerde;
  readonly value: RowSerde;
  readonly windowType: WindowedKey['type'] | undefined;
}

/**
 * Writes each record to the step's internal topics through the query's output, as a sink writes
 * (key and value in the topic's formats, the record's own time and headers), then passes it on
 * unchanged: the query is one task, so what it would read back from a repartition topic is the
 * record itself. Each topic has its own serdes, so schema-registry formats register under each
 * topic's subject. A record that cannot be serialized never reaches a repartition topic, so it
 * stops here, logged.
 */
export function internalTopicWrite(
  step: StepOf<'InternalTopicWrite'>,
  ctx: OperatorContext,
  emit: Emit,
  next: Downstream,
  schemaRegistry?: SchemaRegistry,
): Downstream {
  const writers = step.topics.map((t) => writer(t, step.schema, schemaRegistry));
  const keyWidth = step.schema.key.length;
  return (r: Rec) => {
    for (const w of writers) {
      let key: Uint8Array | null;
      let value: Uint8Array | null;
      try {
        // As a sink: a single null key is a null record key.
        key = keyWidth === 0 || r.nullKey === true || (keyWidth === 1 && r.key[0] === null) ? null : w.key.serialize(r.key);
        if (w.windowType && key !== null && r.windowStart !== undefined) key = joinWindowedKey(key, w.windowType, r.windowStart, r.windowEnd ?? r.windowStart);
        value = w.value.serialize(r.value);
      } catch (e) {
        reportError(ctx, 'SERIALIZATION_ERROR', `Failed to serialize a row for topic ${w.topic}`, e);
        return;
      }
      emit(w.topic, { key, value, timestamp: r.timestamp, headers: r.headers });
    }
    next(r);
  };
}

function writer(t: InternalTopic, schema: StepSchema, schemaRegistry: SchemaRegistry | undefined): Writer {
  const sr = { topic: t.name, ...(schemaRegistry ? { schemaRegistry } : {}) };
  return {
    topic: t.name,
    key: createSerde(formatSpec(t.formats.key), schema.key, { isKey: true, ...sr }),
    value: createSerde(formatSpec(t.formats.value), schema.value, { isKey: false, wrapSingleValue: t.formats.wrapSingleValue, ...sr }),
    windowType: t.window?.type,
  };
}
