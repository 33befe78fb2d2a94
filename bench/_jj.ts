import { DateTimeFormatter, ZonedDateTime, Instant, ZoneId } from '@js-joda/core';
import '@js-joda/timezone';
import '@js-joda/locale_en-us';
import { Locale } from '@js-joda/locale';
const f = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS zzz EEEE MMM a VV O XXX").withLocale(Locale.US);
console.log(ZonedDateTime.ofInstant(Instant.ofEpochMilli(1500000000123), ZoneId.of('America/Los_Angeles')).format(f));
const p = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS X");
console.log(p.parse('2017-07-14 02:40:00.123 +0100').toString());
console.log(ZoneId.of('PST', ZoneId.SHORT_IDS)?.toString());
