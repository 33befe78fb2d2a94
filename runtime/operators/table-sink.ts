import type { StepOf } from '../../plan/steps.ts';
import type { SchemaRegistry } from '../serde/index.ts';
import type { Downstream, OperatorContext } from './operator.ts';
import { streamSink, type Emit } from './stream-sink.ts';

/**
 * Writes a table's changes: a row as an upsert, a null value as a tombstone (at the task's stream
 * time when the sink takes its timestamps from a column). Encoding is shared with stream sinks.
 */
export function tableSink(step: StepOf<'TableSink'>, ctx: OperatorContext, emit: Emit, schemaRegistry?: SchemaRegistry): Downstream {
  return streamSink(step, ctx, emit, schemaRegistry);
}
