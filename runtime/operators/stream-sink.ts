import type { StepOf } from '../../plan/steps.ts';
import type { LogRecord } from '../log/log.ts';
import type { Rec } from '../record.ts';
import { createSerde, type SchemaRegistry } from '../serde/index.ts';
import { formatSpec } from '../serde-spec.ts';
import { reportError, type Downstream, type OperatorContext } from './operator.ts';
import { timestampReader } from './timestamps.ts';
import { joinWindowedKey } from './windowed-key.ts';

export type Emit = (topic: string, record: LogRecord) => void;

export type SinkStep = StepOf<'StreamSink'> | StepOf<'TableSink'>;

/**
 * Encodes rows and hands them to the query's output; the sink's TIMESTAMP column sets the record
 * time. A windowed sink appends the record's window to the key bytes.
 */
export function streamSink(step: SinkStep, ctx: OperatorContext, emit: Emit, schemaRegistry?: SchemaRegistry): Downstream {
  const schema = step.source.schema;
  const sr = { topic: step.topic, ...(schemaRegistry ? { schemaRegistry } : {}) };
  const keySerde = createSerde(formatSpec(step.formats.key), schema.key, { isKey: true, ...sr });
  const valueSerde = createSerde(formatSpec(step.formats.value), schema.value, { isKey: false, wrapSingleValue: step.formats.wrapSingleValue, ...sr });
  const readTimestamp = step.timestamp ? timestampReader(schema.value[step.timestamp.valueIndex]!.type, step.timestamp) : undefined;
  const keyWidth = schema.key.length;
  const windowType = step.window?.type;
  // A table tombstone has no TIMESTAMP column to read: it goes out at the task's stream time.
  const tombstoneAtStreamTime = step.kind === 'TableSink' && readTimestamp !== undefined;
  return (r: Rec) => {
    let timestamp = r.timestamp;
    if (tombstoneAtStreamTime && r.value === null) timestamp = ctx.streamTime ?? timestamp;
    if (readTimestamp && r.value !== null) {
      timestamp = readTimestamp(r.value);
      if (timestamp < 0) {
        reportError(ctx, 'RECORD_PROCESSING_ERROR', 'Invalid sink TIMESTAMP column value; the row was dropped', r.value[step.timestamp!.valueIndex]);
        return;
      }
    }
    let key: Uint8Array | null;
    let value: Uint8Array | null;
    try {
      // A single null key is a null record key; a multi-column key is written even when all parts are null.
      key = keyWidth === 0 || r.nullKey === true || (keyWidth === 1 && r.key[0] === null) ? null : keySerde.serialize(r.key);
      if (windowType && key !== null && r.windowStart !== undefined) key = joinWindowedKey(key, windowType, r.windowStart, r.windowEnd ?? r.windowStart);
      value = valueSerde.serialize(r.value);
    } catch (e) {
      reportError(ctx, 'SERIALIZATION_ERROR', `Failed to serialize a row for topic ${step.topic}`, e);
      return;
    }
    emit(step.topic, { key, value, timestamp, headers: r.headers });
  };
}
