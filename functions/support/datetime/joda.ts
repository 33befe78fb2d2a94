/**
 * java.time for JavaScript: js-joda implements DateTimeFormatter patterns, the resolver and the
 * tz database as java.time does, so the date functions read and print exactly as ksqlDB's.
 * Loading the en-US locale data enables text fields (MMM, EEEE, a); Java's default locale there.
 */
import '@js-joda/timezone';
import '@js-joda/locale_en-us';
import { Locale } from '@js-joda/locale';

export {
  ChronoField,
  DateTimeFormatter,
  DateTimeFormatterBuilder,
  Instant,
  LocalDate,
  LocalTime,
  ResolverStyle,
  TemporalQueries,
  ZoneId,
  ZonedDateTime,
} from '@js-joda/core';
export type { TemporalAccessor } from '@js-joda/core';

export const LOCALE = Locale.US;
