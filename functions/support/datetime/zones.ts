import { ProcessingError } from '../../../common/errors.ts';

/**
 * Time zones as Java's ZoneId understands them: fixed offsets (`+0200`, `+02:00`, `UTC`, `Z`,
 * `GMT+2`) and region ids (`America/Los_Angeles`), the latter through the platform's Intl data.
 */
export interface Zone {
  readonly id: string;
  /** Offset from UTC in ms at the given instant. */
  offsetAt(utcMs: number): number;
}

const fixed = (id: string, offsetMs: number): Zone => ({ id, offsetAt: () => offsetMs });
export const UTC: Zone = fixed('UTC', 0);

const OFFSET = /^(?:(?:UTC|GMT|UT)(?=[+-]))?([+-])(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?$/;

function regionZone(id: string): Zone {
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone: id,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    era: 'short',
  });
  return {
    id: fmt.resolvedOptions().timeZone,
    offsetAt(utcMs) {
      const whole = Math.floor(utcMs / 1000) * 1000;
      const p: Record<string, string> = {};
      for (const part of fmt.formatToParts(whole)) p[part.type] = part.value;
      const year = p.era === 'BC' || p.era === 'B' ? 1 - Number(p.year) : Number(p.year);
      const d = new Date(0);
      d.setUTCFullYear(year, Number(p.month) - 1, Number(p.day));
      d.setUTCHours(Number(p.hour), Number(p.minute), Number(p.second), 0);
      return d.getTime() - whole;
    },
  };
}

const cache = new Map<string, Zone>();

/** Java's `ZoneId.of`; throws a ProcessingError for an unknown zone. */
export function zoneOf(id: string): Zone {
  const hit = cache.get(id);
  if (hit) return hit;
  let zone: Zone;
  const m = OFFSET.exec(id);
  if (id === 'Z' || id === 'UTC' || id === 'GMT' || id === 'UT') zone = fixed(id, 0);
  else if (m) {
    const ms = ((Number(m[2]) * 60 + Number(m[3] ?? 0)) * 60 + Number(m[4] ?? 0)) * 1000;
    zone = fixed(id, m[1] === '-' ? -ms : ms);
  } else {
    try {
      zone = regionZone(id);
    } catch {
      throw new ProcessingError(`Unknown time-zone ID: ${id}`);
    }
  }
  cache.set(id, zone);
  return zone;
}

/** UTC instant of a wall-clock time in a zone (earlier offset in overlaps, shifted forward in gaps). */
export function localToUtc(localMs: number, zone: Zone): number {
  const first = zone.offsetAt(localMs);
  const second = zone.offsetAt(localMs - first);
  return localMs - (first === second ? first : Math.max(first, second));
}

// Java's short names for common zones (standard, daylight); Intl's en-US names cover the rest.
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

/** Zone names as they are parsed by `z` (Java maps these abbreviations to regions). */
export const ZONE_ABBREVIATIONS: Record<string, string> = {
  PST: 'America/Los_Angeles', PDT: 'America/Los_Angeles',
  MST: 'America/Denver', MDT: 'America/Denver',
  CST: 'America/Chicago', CDT: 'America/Chicago',
  EST: 'America/New_York', EDT: 'America/New_York',
  BST: 'Europe/London', CET: 'Europe/Paris', CEST: 'Europe/Paris',
  JST: 'Asia/Tokyo', IST: 'Asia/Kolkata', AEST: 'Australia/Sydney', AEDT: 'Australia/Sydney',
};

/** `zzz`: the short name (PDT, BST), or a GMT offset form for fixed zones. */
export function shortZoneName(zone: Zone, utcMs: number, long: boolean): string {
  const known = SHORT_NAMES[zone.id];
  if (known && !long) {
    const jan = zone.offsetAt(Date.UTC(new Date(utcMs).getUTCFullYear(), 0, 1));
    const jul = zone.offsetAt(Date.UTC(new Date(utcMs).getUTCFullYear(), 6, 1));
    return zone.offsetAt(utcMs) > Math.min(jan, jul) ? known[1] : known[0];
  }
  if (zone.id === 'Z') return 'Z';
  if (!zone.id.includes('/')) return zone.id;
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone.id, timeZoneName: long ? 'long' : 'short' }).formatToParts(utcMs);
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? zone.id;
}
