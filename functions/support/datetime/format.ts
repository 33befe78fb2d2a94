import { ProcessingError } from '../../../common/errors.ts';
import { DateTimeFormatter, Instant, LOCALE, LocalDate, LocalTime, ZonedDateTime, type ZoneId } from './joda.ts';
import { zoneText } from './zones.ts';

/** A pattern split at its zone-name fields (`z`), which Java prints from its own name table. */
type Piece = { readonly kind: 'pattern'; readonly formatter: DateTimeFormatter } | { readonly kind: 'zone'; readonly long: boolean };

export interface Formatter {
  timestamp(epochMs: number, zone: ZoneId): string;
  date(epochDay: number): string;
  time(msOfDay: number): string;
}

/** Compiles a java.time pattern with js-joda; throws a ProcessingError for an invalid pattern. */
export function compileFormatter(pattern: string): Formatter {
  const pieces = splitZoneText(pattern).map((p): Piece => (typeof p === 'string' ? { kind: 'pattern', formatter: ofPattern(p) } : p));
  const run = (value: ZonedDateTime | LocalDate | LocalTime, epochMs: number, zone: ZoneId | undefined): string => {
    let out = '';
    for (const p of pieces) {
      if (p.kind === 'pattern') out += guard(() => p.formatter.format(value));
      else if (zone) out += zoneText(zone, epochMs, p.long);
      else throw new ProcessingError('Unsupported field: ZoneId');
    }
    return out;
  };
  return {
    timestamp: (ms, zone) => run(ZonedDateTime.ofInstant(Instant.ofEpochMilli(ms), zone), ms, zone),
    date: (days) => run(LocalDate.ofEpochDay(days), 0, undefined),
    time: (ms) => run(LocalTime.ofNanoOfDay(ms * 1_000_000), 0, undefined),
  };
}

function ofPattern(pattern: string): DateTimeFormatter {
  return guard(() => DateTimeFormatter.ofPattern(pattern).withLocale(LOCALE));
}

/** Runs a js-joda call, turning its exceptions into the engine's (a bad record, not a crash). */
export function guard<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ProcessingError) throw e;
    throw new ProcessingError(e instanceof Error ? e.message : String(e));
  }
}

/** Splits out unquoted `z` runs outside optional sections; the rest stays java.time pattern text. */
function splitZoneText(pattern: string): (string | { kind: 'zone'; long: boolean })[] {
  const out: (string | { kind: 'zone'; long: boolean })[] = [];
  let current = '';
  let quoted = false;
  let depth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "'") quoted = !quoted;
    else if (!quoted && c === '[') depth++;
    else if (!quoted && c === ']') depth--;
    if (c !== 'z' || quoted || depth > 0) {
      current += c;
      continue;
    }
    let n = 1;
    while (pattern[i + n] === 'z') n++;
    if (current) out.push(current);
    current = '';
    out.push({ kind: 'zone', long: n >= 4 });
    i += n - 1;
  }
  if (current || out.length === 0) out.push(current);
  return out;
}
