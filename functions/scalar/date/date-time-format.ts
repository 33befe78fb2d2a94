import type { ScalarFunction } from '../../function.ts';
import { P } from '../../param-types.ts';
import { sig } from '../../define.ts';
import { memoize } from '../../support/datetime/cache.ts';
import { compileFormatter } from '../../support/datetime/format.ts';
import { compileParser } from '../../support/datetime/parse.ts';
import { UTC } from '../../support/datetime/zones.ts';

const MS_PER_DAY = 86_400_000;
const formatter = memoize(compileFormatter);
const parser = memoize(compileParser);

// DATE is days since the epoch and TIME ms of the day; both are read as UTC wall-clock values.
const formatDays = (days: number, pattern: string): string => formatter(pattern)(days * MS_PER_DAY, UTC);
const parseDays = (text: string, pattern: string): number => Math.floor(parser(pattern)(text).localMs / MS_PER_DAY);
const formatMillisOfDay = (ms: number, pattern: string): string => formatter(pattern)(ms, UTC);
const parseMillisOfDay = (text: string, pattern: string): number => {
  const ms = parser(pattern)(text).localMs;
  return ((ms % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY;
};

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
