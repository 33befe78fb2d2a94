import type { Column } from '../common/schema.ts';
import type { Step, StepOf } from '../plan/steps.ts';
import type { SourceDefinition } from './catalog.ts';

/** The source step of a stream: the logical layout, the physical one, and where ROWTIME comes from. */
/** `id` names the step (and its state): joins give each input its own, as ksqlDB's `KafkaTopic_Left/Source`. */
export function sourceStep(source: SourceDefinition, id = 'KsqlTopic/Source'): StepOf<'StreamSource'> {
  const key: Column[] = source.schema.columns.filter((c) => c.namespace === 'KEY');
  const value: Column[] = source.schema.columns.filter((c) => c.namespace !== 'KEY');
  const physicalValue = value.filter((c) => c.namespace === 'VALUE');
  const tsIndex = source.timestampColumn === undefined ? -1 : value.findIndex((c) => c.name === source.timestampColumn);
  const step: Step = {
    kind: 'StreamSource',
    id,
    schema: { key, value },
    topic: source.topic,
    formats: source.formats,
    physical: { key, value: physicalValue },
    ...(tsIndex >= 0 ? { timestamp: { valueIndex: tsIndex, ...(source.timestampFormat ? { format: source.timestampFormat } : {}) } } : {}),
    ...(source.window ? { window: { type: source.window.type, ...(source.window.sizeMs !== undefined ? { sizeMs: source.window.sizeMs } : {}) } } : {}),
    ...(source.watermarkDelayMs !== undefined ? { watermarkDelayMs: source.watermarkDelayMs } : {}),
  };
  return step;
}

/** A source table's step: the same layout as a stream's, materialized by the runtime. */
export function tableSourceStep(source: SourceDefinition, id = 'KsqlTopic/Source'): StepOf<'TableSource'> {
  const stream = sourceStep(source, id);
  return { ...stream, kind: 'TableSource' };
}
