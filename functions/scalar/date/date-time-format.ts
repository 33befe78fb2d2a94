import type { ScalarFunction } from '../../function.ts';
import { P } from '../../param-types.ts';
import { sig } from '../../define.ts';
import { memoize } from '../../support/datetime/cache.ts';
import { compileFormatter } from '../../support/datetime/format.ts';
import { compileParser } from '../../support/datetime/parse.ts';
import { UTC } from '../../support/datetime/zones.ts';

const formatter = memoize(compileFormatter);
const parser = memoize(compileParser);

// DATE is days since the epoch and TIME ms of the day; text is read over 1970-01-01T00:00 UTC.
const formatDays = (days: number, pattern: string): string => formatter(pattern).date(days);
const parseDays = (text: string, pattern: string): number => parser(pattern)(text, UTC).toLocalDate().toEpochDay();
const formatMillisOfDay = (ms: number, pattern: string): string => formatter(pattern).time(ms);
const parseMillisOfDay = (text: string, pattern: string): number =>
  Math.floor(parser(pattern)(text, UTC).toLocalTime().toNanoOfDay() / 1_000_000);

const date = (name: string, description: string, f: (d: number, p: string) => string): ScalarFunction => ({
  name,
  category: 'DATE / TIME',
  description,
  signatures: [sig([name === 'datetostring' ? P.INTEGER : P.DATE, P.STRING], P.STRING, f, { names: ['date', 'formatPattern'] })],
});

export const formatDate = date('format_date', 'Formats a DATE with a java.time pattern.', formatDays);
export const dateToString = date('datetostring', 'Formats days since the epoch with a java.time pattern.', formatDays);

export const parseDate: ScalarFunction = {
  name: 'parse_date',
  category: 'DATE / TIME',
  description: 'Parses text into a DATE with a java.time pattern.',
  signatures: [sig([P.STRING, P.STRING], P.DATE, parseDays, { names: ['formattedDate', 'formatPattern'] })],
};

export const stringToDate: ScalarFunction = {
  name: 'stringtodate',
  category: 'DATE / TIME',
  description: 'Parses text into days since the epoch with a java.time pattern.',
  signatures: [sig([P.STRING, P.STRING], P.INTEGER, parseDays, { names: ['formattedDate', 'formatPattern'] })],
};

export const formatTime: ScalarFunction = {
  name: 'format_time',
  category: 'DATE / TIME',
  description: 'Formats a TIME with a java.time pattern.',
  signatures: [sig([P.TIME, P.STRING], P.STRING, formatMillisOfDay, { names: ['time', 'formatPattern'] })],
};

export const parseTime: ScalarFunction = {
  name: 'parse_time',
  category: 'DATE / TIME',
  description: 'Parses text into a TIME with a java.time pattern.',
  signatures: [sig([P.STRING, P.STRING], P.TIME, parseMillisOfDay, { names: ['formattedTime', 'formatPattern'] })],
};
