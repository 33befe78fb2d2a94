import type { StepOf } from '../../plan/steps.ts';
import type { StoredRecord } from '../log/log.ts';
import { recWith, type Rec } from '../record.ts';
import type { SchemaRegistry } from '../serde/index.ts';
import type { StateProvider } from '../state/state-store.ts';
import type { Downstream, OperatorContext } from './operator.ts';
import { streamSource } from './stream-source.ts';

type Row = readonly unknown[];

/**
 * A source table: an upsert changelog materialized as the latest row per key. Each change goes
 * out with the key's previous row as `oldValue`; a null value deletes (and still goes out as a
 * tombstone when the key was absent); records without a key are dropped. Windowed keys are
 * materialized per (key, window).
 */
export function tableSource(
  step: StepOf<'TableSource'>,
  ctx: OperatorContext,
  state: StateProvider,
  next: Downstream,
  schemaRegistry?: SchemaRegistry,
): (record: StoredRecord) => void {
  const store = state.keyValue<Row>(step.id);
  const windowed = step.window !== undefined;
  const materialize: Downstream = (r: Rec) => {
    if (r.nullKey === true || (r.key.length === 1 && r.key[0] === null)) return;
    const stateKey = windowed ? [...r.key, r.windowStart, r.windowEnd] : r.key;
    const oldValue = store.get(stateKey) ?? null;
    if (r.value === null) store.delete(stateKey);
    else store.put(stateKey, r.value);
    next(recWith(r, r.key, r.value, oldValue));
  };
  return streamSource(step, ctx, materialize, schemaRegistry);
}
