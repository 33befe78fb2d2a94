import type { ScalarFunction } from '../../function.ts';
import { P } from '../../param-types.ts';
import { sig } from '../../define.ts';
import { memoize } from '../../support/datetime/cache.ts';
import { compileFormatter } from '../../support/datetime/format.ts';
import { compileParser } from '../../support/datetime/parse.ts';
import { UTC, offsetMs, zoneOf } from '../../support/datetime/zones.ts';

const formatter = memoize(compileFormatter);
const parser = memoize(compileParser);

const zone = (tz: string | undefined) => (tz === undefined ? UTC : zoneOf(tz));
const format = (ms: number, pattern: string, tz?: string): string => formatter(pattern).timestamp(ms, zone(tz));
const parse = (text: string, pattern: string, tz?: string): number => parser(pattern)(text, zone(tz)).toInstant().toEpochMilli();

export const formatTimestamp: ScalarFunction = {
  name: 'format_timestamp',
  category: 'DATE / TIME',
  description: 'Formats a TIMESTAMP with a java.time pattern, in UTC or a given time zone.',
  signatures: [
    sig([P.TIMESTAMP, P.STRING], P.STRING, format, { names: ['timestamp', 'formatPattern'] }),
    sig([P.TIMESTAMP, P.STRING, P.STRING], P.STRING, format, { names: ['timestamp', 'formatPattern', 'timeZone'] }),
  ],
};

export const parseTimestamp: ScalarFunction = {
  name: 'parse_timestamp',
  category: 'DATE / TIME',
  description: 'Parses text into a TIMESTAMP with a java.time pattern, in UTC or a given time zone.',
  signatures: [
    sig([P.STRING, P.STRING], P.TIMESTAMP, parse, { names: ['formattedTimestamp', 'formatPattern'] }),
    sig([P.STRING, P.STRING, P.STRING], P.TIMESTAMP, parse, { names: ['formattedTimestamp', 'formatPattern', 'timeZone'] }),
  ],
};

// The legacy forms work on BIGINT epoch milliseconds.
const formatLong = (ms: bigint, pattern: string, tz?: string): string => format(Number(ms), pattern, tz);
const parseLong = (text: string, pattern: string, tz?: string): bigint => BigInt(parse(text, pattern, tz));

export const timestampToString: ScalarFunction = {
  name: 'timestamptostring',
  category: 'DATE / TIME',
  description: 'Formats epoch milliseconds with a java.time pattern, in UTC or a given time zone.',
  signatures: [
    sig([P.BIGINT, P.STRING], P.STRING, formatLong, { names: ['epochMilli', 'formatPattern'] }),
    sig([P.BIGINT, P.STRING, P.STRING], P.STRING, formatLong, { names: ['epochMilli', 'formatPattern', 'timeZone'] }),
  ],
};

export const stringToTimestamp: ScalarFunction = {
  name: 'stringtotimestamp',
  category: 'DATE / TIME',
  description: 'Parses text into epoch milliseconds with a java.time pattern, in UTC or a given time zone.',
  signatures: [
    sig([P.STRING, P.STRING], P.BIGINT, parseLong, { names: ['formattedTimestamp', 'formatPattern'] }),
    sig([P.STRING, P.STRING, P.STRING], P.BIGINT, parseLong, { names: ['formattedTimestamp', 'formatPattern', 'timeZone'] }),
  ],
};

/** Shifts a timestamp by the difference between two zones' offsets at that instant. */
const convertTz = (ms: number, from: string, to: string): number => ms + offsetMs(zoneOf(to), ms) - offsetMs(zoneOf(from), ms);

export const convertTzFn: ScalarFunction = {
  name: 'convert_tz',
  category: 'DATE / TIME',
  description: 'Converts a TIMESTAMP from one time zone to another.',
  signatures: [sig([P.TIMESTAMP, P.STRING, P.STRING], P.TIMESTAMP, convertTz, { names: ['timestamp', 'fromTimeZone', 'toTimeZone'] })],
};
