import type { SqlType } from '../../common/types.ts';
import type { StepOf } from '../../plan/steps.ts';
import type { StoredRecord } from '../log/log.ts';
import type { Rec } from '../record.ts';
import { createSerde, type SchemaRegistry } from '../serde/index.ts';
import { formatSpec } from '../serde-spec.ts';
import { reportError, type Downstream, type OperatorContext } from './operator.ts';
import { timestampReader } from './timestamps.ts';
import { splitWindowedKey } from './windowed-key.ts';

/** Steps that decode a topic: streams and source tables share the decoding. */
export type SourceStep = StepOf<'StreamSource'> | StepOf<'TableSource'>;

/**
 * Decodes a topic's records into rows, fills header columns, and takes ROWTIME from the TIMESTAMP
 * column when one is set. A windowed key is split into the inner key and its window. A record that
 * cannot be decoded goes to the processing log and is skipped.
 */
export function streamSource(
  step: SourceStep,
  ctx: OperatorContext,
  next: Downstream,
  schemaRegistry?: SchemaRegistry,
): (record: StoredRecord) => void {
  const sr = { topic: step.topic, ...(schemaRegistry ? { schemaRegistry } : {}) };
  const keySerde = createSerde(formatSpec(step.formats.key), step.physical.key, { isKey: true, ...sr });
  const valueSerde = createSerde(formatSpec(step.formats.value), step.physical.value, { isKey: false, wrapSingleValue: step.formats.wrapSingleValue, ...sr });
  const nullKey = step.schema.key.map(() => null);
  const fillHeaders = headerFiller(step);
  const readTimestamp = step.timestamp ? timestampReader(step.schema.value[step.timestamp.valueIndex]!.type, step.timestamp) : undefined;
  const window = step.window;
  const holdMark = step.kind === 'StreamSource' && step.watermarkDelayMs !== undefined ? ctx.watermarks?.source(step.watermarkDelayMs) : undefined;
  return (record: StoredRecord) => {
    ctx.current = record;
    let key: unknown[] | null;
    let value: unknown[] | null;
    let windowStart: number | undefined;
    let windowEnd: number | undefined;
    try {
      let keyBytes = record.key;
      if (window && keyBytes !== null) {
        const split = splitWindowedKey(keyBytes, window);
        keyBytes = split.inner;
        windowStart = split.start;
        windowEnd = split.end;
      }
      key = keyBytes === null ? null : keySerde.deserialize(keyBytes);
      value = valueSerde.deserialize(record.value);
    } catch (e) {
      reportError(ctx, 'DESERIALIZATION_ERROR', `Failed to deserialize a record from topic ${record.topic}`, e);
      return;
    }
    if (value !== null && fillHeaders) value = fillHeaders(value, record);
    let timestamp = record.timestamp;
    if (readTimestamp) {
      const ts = value === null ? -1 : readTimestamp(value);
      if (ts < 0) {
        reportError(ctx, 'RECORD_PROCESSING_ERROR', 'Invalid TIMESTAMP column value; the record was dropped', value?.[step.timestamp!.valueIndex]);
        return;
      }
      timestamp = ts;
    }
    if (ctx.streamTime === undefined || timestamp > ctx.streamTime) ctx.streamTime = timestamp;
    holdMark?.(timestamp);
    const rec: Rec = { key: key ?? nullKey, value, timestamp, partition: record.partition, offset: record.offset, headers: record.headers, nullKey: key === null, windowStart, windowEnd };
    next(rec);
  };
}

/** Builds the value row with HEADERS / HEADER('k') columns at their schema positions. */
function headerFiller(step: SourceStep): ((physical: unknown[], record: StoredRecord) => unknown[]) | undefined {
  const columns = step.schema.value;
  if (!columns.some((c) => c.namespace === 'HEADERS' || c.namespace === 'HEADER')) return undefined;
  return (physical, record) => {
    let p = 0;
    return columns.map((c) => {
      if (c.namespace === 'HEADERS') return record.headers.map((h) => ({ KEY: h.key, VALUE: h.value }));
      if (c.namespace === 'HEADER') {
        let found: Uint8Array | null = null;
        for (const h of record.headers) if (h.key === c.headerKey) found = h.value;
        return headerValue(found, c.type);
      }
      return physical[p++] ?? null;
    });
  };
}

function headerValue(bytes: Uint8Array | null, type: SqlType): unknown {
  if (bytes === null) return null;
  return type.kind === 'STRING' ? Buffer.from(bytes).toString('utf8') : bytes;
}
