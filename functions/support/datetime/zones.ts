import { ProcessingError } from '../../../common/errors.ts';
import { Instant, ZoneId } from './joda.ts';

const cache = new Map<string, ZoneId>();

/** Java's `ZoneId.of` (region ids, `UTC`, `Z`, `+02:00`, `GMT+2`...); a ProcessingError if unknown. */
export function zoneOf(id: string): ZoneId {
  let zone = cache.get(id);
  if (zone === undefined) {
    try {
      zone = ZoneId.of(id);
    } catch {
      throw new ProcessingError(`Unknown time-zone ID: ${id}`);
    }
    cache.set(id, zone);
  }
  return zone;
}

export const UTC: ZoneId = ZoneId.UTC;

/** The zone's offset from UTC in ms at an instant. */
export const offsetMs = (zone: ZoneId, epochMs: number): number =>
  zone.rules().offset(Instant.ofEpochMilli(epochMs)).totalSeconds() * 1000;

// Java's own short names (its COMPAT zone names), which CLDR's English data lacks or spells
// generically ("PT"): standard, daylight.
const SHORT_NAMES: Record<string, readonly [string, string]> = {
  'America/Los_Angeles': ['PST', 'PDT'],
  'America/Denver': ['MST', 'MDT'],
  'America/Chicago': ['CST', 'CDT'],
  'America/New_York': ['EST', 'EDT'],
  'Europe/London': ['GMT', 'BST'],
  'Europe/Paris': ['CET', 'CEST'],
  'Europe/Berlin': ['CET', 'CEST'],
  'Europe/Amsterdam': ['CET', 'CEST'],
  'Asia/Tokyo': ['JST', 'JST'],
  'Asia/Kolkata': ['IST', 'IST'],
  'Australia/Sydney': ['AEST', 'AEDT'],
  UTC: ['UTC', 'UTC'],
};

/** Pattern letter `z` as Java prints it: PDT, BST; `zzzz`: Pacific Daylight Time; an offset zone's id. */
export function zoneText(zone: ZoneId, epochMs: number, long: boolean): string {
  const id = zone.id();
  // js-joda's tz rules do not answer isDaylightSavings: summer time is the larger of the year's offsets.
  const year = new Date(epochMs).getUTCFullYear();
  const dst = offsetMs(zone, epochMs) > Math.min(offsetMs(zone, Date.UTC(year, 0, 1)), offsetMs(zone, Date.UTC(year, 6, 1)));
  const known = SHORT_NAMES[id];
  if (known && !long) return known[dst ? 1 : 0];
  if (!id.includes('/')) return id;
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: id, timeZoneName: long ? 'long' : 'short' }).formatToParts(epochMs);
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? id;
}
