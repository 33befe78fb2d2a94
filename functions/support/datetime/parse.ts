import { ProcessingError } from '../../../common/errors.ts';
import { ChronoField, DateTimeFormatterBuilder, Instant, LOCALE, ResolverStyle, TemporalQueries, ZonedDateTime, type DateTimeFormatter, type TemporalAccessor, type ZoneId } from './joda.ts';
import { guard } from './format.ts';

// java.time's ChronoField.values() order: ksqlDB overlays each parsed field in this order.
const FIELDS = [
  'NANO_OF_SECOND', 'NANO_OF_DAY', 'MICRO_OF_SECOND', 'MICRO_OF_DAY', 'MILLI_OF_SECOND', 'MILLI_OF_DAY',
  'SECOND_OF_MINUTE', 'SECOND_OF_DAY', 'MINUTE_OF_HOUR', 'MINUTE_OF_DAY', 'HOUR_OF_AMPM', 'CLOCK_HOUR_OF_AMPM',
  'HOUR_OF_DAY', 'CLOCK_HOUR_OF_DAY', 'AMPM_OF_DAY', 'DAY_OF_WEEK', 'ALIGNED_DAY_OF_WEEK_IN_MONTH',
  'ALIGNED_DAY_OF_WEEK_IN_YEAR', 'DAY_OF_MONTH', 'DAY_OF_YEAR', 'EPOCH_DAY', 'ALIGNED_WEEK_OF_MONTH',
  'ALIGNED_WEEK_OF_YEAR', 'MONTH_OF_YEAR', 'PROLEPTIC_MONTH', 'YEAR_OF_ERA', 'YEAR', 'ERA', 'INSTANT_SECONDS',
  'OFFSET_SECONDS',
] as const;
const LEAP_DAY_OF_YEAR = 60;

/**
 * A parser for one pattern, as ksqlDB's StringToTimestampParser: case-insensitive; the parsed
 * fields are laid over 1970-01-01T00:00 in the text's own zone, else `zone`, so absent fields
 * take those defaults. Throws a ProcessingError when the text does not match.
 */
export function compileParser(pattern: string): (text: string, zone: ZoneId) => ZonedDateTime {
  const formatter: DateTimeFormatter = guard(() =>
    new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(pattern).toFormatter(ResolverStyle.SMART).withLocale(LOCALE),
  );
  return (text, zone) => {
    const parsed = guard(() => formatter.parse(text));
    return guard(() => overlay(parsed, parsed.query(TemporalQueries.zone()) ?? zone, text));
  };
}

function overlay(parsed: TemporalAccessor, zone: ZoneId, text: string): ZonedDateTime {
  if (parsed.isSupported(ChronoField.INSTANT_SECONDS)) return fromInstant(parsed, zone);
  let resolved = ZonedDateTime.of(1970, 1, 1, 0, 0, 0, 0, zone);
  for (const name of FIELDS) {
    const field = ChronoField[name];
    if (!parsed.isSupported(field)) continue;
    if (!resolved.isSupported(field)) throw new ProcessingError(`Unsupported temporal field in timestamp: ${text} (${name})`);
    const value = parsed.getLong(field);
    if (field === ChronoField.DAY_OF_YEAR && value === LEAP_DAY_OF_YEAR) {
      if (!parsed.isSupported(ChronoField.YEAR)) throw new ProcessingError('Leap day cannot be parsed without supplying the year field');
      resolved = resolved.withYear(parsed.get(ChronoField.YEAR));
    }
    resolved = resolved.with(field, value);
  }
  return resolved;
}

/**
 * A text that fixes an instant: the overlay's INSTANT_SECONDS step replaces everything set before
 * it (keeping the nanos), so only that and OFFSET_SECONDS matter; this is the same result, faster.
 */
function fromInstant(parsed: TemporalAccessor, zone: ZoneId): ZonedDateTime {
  const nanos = parsed.isSupported(ChronoField.NANO_OF_SECOND) ? parsed.getLong(ChronoField.NANO_OF_SECOND) : 0;
  const at = ZonedDateTime.ofInstant(Instant.ofEpochSecond(parsed.getLong(ChronoField.INSTANT_SECONDS), nanos), zone);
  return parsed.isSupported(ChronoField.OFFSET_SECONDS) ? at.with(ChronoField.OFFSET_SECONDS, parsed.getLong(ChronoField.OFFSET_SECONDS)) : at;
}
