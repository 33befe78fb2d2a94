/**
 * Text forms of TIMESTAMP (epoch ms), DATE (epoch days) and TIME (ms of day), as ksqlDB's
 * `SqlTimeTypes` prints and parses them. Everything is UTC.
 */

const MS_PER_DAY = 86_400_000;

// PartialStringToTimestampParser accepts any prefix of yyyy-MM-ddTHH:mm:ss.SSS plus an optional zone.
const TIMESTAMP_TEXT =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?)?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;
const DATE_TEXT = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
// java.time.LocalTime.parse: HH:mm[:ss[.nnnnnnnnn]]
const TIME_TEXT = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$/;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function formatYear(y: number): string {
  // java.time prints years outside 0..9999 with a sign, e.g. `+10000`.
  if (y >= 0 && y <= 9999) return pad(y, 4);
  return (y < 0 ? '-' : '+') + pad(Math.abs(y), 4);
}

/** `CAST(ts AS STRING)`: `yyyy-MM-dd'T'HH:mm:ss.SSS` in UTC. */
export function formatTimestamp(ms: number): string {
  const d = new Date(ms);
  return (
    `${formatYear(d.getUTCFullYear())}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`
  );
}

/** `CAST(date AS STRING)`: ISO `yyyy-MM-dd`. */
export function formatDate(days: number): string {
  const d = new Date(days * MS_PER_DAY);
  return `${formatYear(d.getUTCFullYear())}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/**
 * `CAST(time AS STRING)`: java.time's `LocalTime.toString()` at second precision, which drops
 * `:ss` when the seconds are zero (`00:01`, `00:00:05`).
 */
export function formatTime(msOfDay: number): string {
  const secs = Math.floor(msOfDay / 1000);
  const h = Math.floor(secs / 3600);
  const m = Math.floor((secs % 3600) / 60);
  const s = secs % 60;
  return s === 0 ? `${pad(h)}:${pad(m)}` : `${pad(h)}:${pad(m)}:${pad(s)}`;
}

/** Epoch ms of a UTC calendar time, or null if any field is out of range (Feb 30, hour 25). */
function utcMillis(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number | null {
  const t = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const check = new Date(t);
  if (Number.isNaN(t) || y < 100) {
    // Date.UTC maps years 0..99 to 1900..1999; rebuild with setUTCFullYear to keep them.
    check.setTime(0);
    check.setUTCFullYear(y, mo - 1, d);
    check.setUTCHours(h, mi, s, ms);
  }
  const ok =
    check.getUTCFullYear() === y && check.getUTCMonth() === mo - 1 && check.getUTCDate() === d &&
    check.getUTCHours() === h && check.getUTCMinutes() === mi && check.getUTCSeconds() === s;
  return ok ? check.getTime() : null;
}

function zoneOffsetMs(zone: string | undefined): number {
  if (zone === undefined || zone === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0')) * 60_000;
}

const num = (s: string | undefined, dflt: number): number => (s === undefined ? dflt : Number(s));

/** Parses ksqlDB timestamp text (partials like `2020-01` allowed, optional zone); null if invalid. */
export function parseTimestamp(text: string): number | null {
  const m = TIMESTAMP_TEXT.exec(text);
  if (!m) return null;
  const millis = m[7] === undefined ? 0 : Math.floor(Number(m[7].padEnd(3, '0').slice(0, 3)));
  const t = utcMillis(num(m[1], 0), num(m[2], 1), num(m[3], 1), num(m[4], 0), num(m[5], 0), num(m[6], 0), millis);
  return t === null ? null : t - zoneOffsetMs(m[8]);
}

/** Parses `yyyy-MM-dd` (or `yyyy`, `yyyy-MM`) to epoch days; null if invalid. */
export function parseDate(text: string): number | null {
  const m = DATE_TEXT.exec(text);
  if (!m) return null;
  const t = utcMillis(num(m[1], 0), num(m[2], 1), num(m[3], 1), 0, 0, 0, 0);
  return t === null ? null : Math.floor(t / MS_PER_DAY);
}

/** Parses `HH:mm[:ss[.fff]]` to ms of day (sub-millisecond digits truncated); null if invalid. */
export function parseTime(text: string): number | null {
  const m = TIME_TEXT.exec(text);
  if (!m) return null;
  const h = Number(m[1]);
  const mi = Number(m[2]);
  const s = num(m[3], 0);
  if (h > 23 || mi > 59 || s > 59) return null;
  const ms = m[4] === undefined ? 0 : Number(m[4].padEnd(3, '0').slice(0, 3));
  return ((h * 60 + mi) * 60 + s) * 1000 + ms;
}

/** TIMESTAMP → DATE: the UTC day containing the instant. */
export const timestampToDate = (ms: number): number => Math.floor(ms / MS_PER_DAY);

/** TIMESTAMP → TIME: ms into the UTC day (floor-mod, so -2000 → 86398000). */
export const timestampToTime = (ms: number): number => ((ms % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY;

/** DATE → TIMESTAMP: midnight UTC. */
export const dateToTimestamp = (days: number): number => days * MS_PER_DAY;
