import type { ParamType, ScalarFunction } from '../../function.ts';
import { ProcessingError } from '../../../common/errors.ts';
import { P } from '../../param-types.ts';
import { sig } from '../../define.ts';

const MS_PER_DAY = 86_400_000;
const UNIT_MS: Record<string, number> = {
  MILLISECONDS: 1,
  SECONDS: 1000,
  MINUTES: 60_000,
  HOURS: 3_600_000,
  DAYS: MS_PER_DAY,
};

/** Milliseconds in `n` units; the unit is the keyword text the planner passes (e.g. 'DAYS'). */
function toMillis(unit: string, n: number | bigint): number {
  const key = unit.toUpperCase();
  const per = UNIT_MS[key.endsWith('S') ? key : key + 'S'];
  if (per === undefined) throw new ProcessingError(`Unknown time unit: ${unit}`);
  return Number(n) * per;
}

// Java's TimeUnit.toDays truncates toward zero.
const dateAdd = (sign: number) => (unit: string, n: number, days: number): number =>
  days + sign * Math.trunc(toMillis(unit, n) / MS_PER_DAY);
const timeAdd = (sign: number) => (unit: string, n: number, ms: number): number =>
  (((ms + sign * toMillis(unit, n)) % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY;
const tsAdd = (sign: number) => (unit: string, n: number | bigint, ms: number): number => ms + sign * toMillis(unit, n);

const names = ['unit', 'interval', 'value'];
const family = (name: string, description: string, target: ParamType, f: (u: string, n: number, v: number) => number): ScalarFunction => ({
  name,
  category: 'DATE / TIME',
  description,
  signatures: [sig([P.INTERVAL_UNIT, P.INTEGER, target], target, f, { names })],
});

export const dateadd = family('dateadd', 'Adds an interval to a DATE.', P.DATE, dateAdd(1));
export const datesub = family('datesub', 'Subtracts an interval from a DATE.', P.DATE, dateAdd(-1));
export const timeadd = family('timeadd', 'Adds an interval to a TIME, wrapping around midnight.', P.TIME, timeAdd(1));
export const timesub = family('timesub', 'Subtracts an interval from a TIME, wrapping around midnight.', P.TIME, timeAdd(-1));
export const timestampadd = family('timestampadd', 'Adds an interval to a TIMESTAMP.', P.TIMESTAMP, tsAdd(1));
export const timestampsub = family('timestampsub', 'Subtracts an interval from a TIMESTAMP.', P.TIMESTAMP, tsAdd(-1));
