import { parseTimestamp } from '../../common/time-format.ts';
import type { SqlType } from '../../common/types.ts';
import type { TimestampSpec } from '../../plan/steps.ts';
import { parseWithPattern } from '../../functions/time/pattern.ts';

/** Reads event time (epoch ms) from a row's TIMESTAMP column; -1 when missing or invalid. */
export function timestampReader(type: SqlType, spec: TimestampSpec): (value: readonly unknown[]) => number {
  const i = spec.valueIndex;
  switch (type.kind) {
    case 'BIGINT':
      return (v) => (v[i] == null ? -1 : Number(v[i] as bigint));
    case 'TIMESTAMP':
      return (v) => (v[i] == null ? -1 : (v[i] as number));
    case 'STRING': {
      const parse = spec.format ? (s: string) => parseWithPattern(s, spec.format!) : parseTimestamp;
      return (v) => {
        if (v[i] == null) return -1;
        try {
          return parse(v[i] as string) ?? -1;
        } catch {
          return -1;
        }
      };
    }
    default:
      return () => -1;
  }
}
