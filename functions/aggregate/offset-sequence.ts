import { type SqlType, type Struct, BIGINT, array } from '../../common/types.ts';
import type { BoundTypes } from '../function.ts';
import { AnalysisError } from '../../common/errors.ts';
import { argType, structOf } from './support.ts';

/**
 * EARLIEST_BY_OFFSET and LATEST_BY_OFFSET keep each value with a sequence number (STRUCT<SEQ
 * BIGINT, VAL T>) so that session merges can tell which came first. Like ksqlDB, the sequence is
 * process-wide; it starts from the clock so values stored before a restart stay older.
 */
let sequence = BigInt(Date.now()) * 1_000_000n;

export const entry = (val: unknown): Struct => ({ SEQ: sequence++, VAL: val ?? null });

/** By sequence; a negative sequence has wrapped around and counts as later (as in ksqlDB). */
export function compareSeq(a: Struct, b: Struct): number {
  const x = a.SEQ as bigint;
  const y = b.SEQ as bigint;
  if (x < 0n && y >= 0n) return 1;
  if (y < 0n && x >= 0n) return -1;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** As `compareSeq`, but an entry with a null value loses to one with a value. */
export function compareSeqIgnoringNulls(a: Struct, b: Struct): number {
  const an = a.VAL === null;
  const bn = b.VAL === null;
  if (an || bn) return an && bn ? 0 : an ? -1 : 1;
  return compareSeq(a, b);
}

export const entryType = (t: BoundTypes): SqlType => structOf(['SEQ', BIGINT], ['VAL', argType(t)]);
export const entriesType = (t: BoundTypes): SqlType => array(entryType(t));
export const valuesOf = (acc: unknown): unknown[] => (acc as Struct[]).map((s) => s.VAL);

/** The N of the N-value forms, which must be positive. */
export function checkN(fnName: 'earliestN' | 'latestN', n: number): number {
  if (n <= 0) throw new AnalysisError(`${fnName} must be 1 or greater`);
  return n;
}
