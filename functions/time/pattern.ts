import { memoize } from '../support/datetime/cache.ts';
import { compileFormatter } from '../support/datetime/format.ts';
import { compileParser } from '../support/datetime/parse.ts';
import { UTC, zoneOf } from '../support/datetime/zones.ts';

/**
 * java.time patterns (through js-joda, as the date functions) for other layers, e.g. the
 * runtime's `timestamp_format` source option. Compiled patterns are cached.
 */
const parser = memoize(compileParser);
const formatter = memoize(compileFormatter);

/** Epoch ms of `text` read with a java.time pattern (UTC unless the text or `timeZone` says otherwise); null if it does not match. */
export function parseWithPattern(text: string, pattern: string, timeZone?: string): number | null {
  try {
    return parser(pattern)(text, timeZone === undefined ? UTC : zoneOf(timeZone)).toInstant().toEpochMilli();
  } catch {
    return null;
  }
}

/** Epoch ms formatted with a java.time pattern in UTC or `timeZone`. */
export function formatWithPattern(epochMs: number, pattern: string, timeZone?: string): string {
  return formatter(pattern).timestamp(epochMs, timeZone === undefined ? UTC : zoneOf(timeZone));
}
