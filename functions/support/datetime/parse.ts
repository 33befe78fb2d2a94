import { ProcessingError } from '../../../common/errors.ts';
import { MONTHS, type PatternToken, tokenizePattern } from './pattern.ts';
import { type Zone, ZONE_ABBREVIATIONS, localToUtc, zoneOf } from './zones.ts';

/** Fields read from text; missing ones default to 1970-01-01T00:00:00.000 as in ksqlDB's parsers. */
export interface ParsedDateTime {
  readonly localMs: number;
  /** The zone or offset named in the text, if the pattern had one. */
  readonly zone: Zone | undefined;
}

type Setter = (value: string, acc: Record<string, number | string>) => void;
interface Part {
  readonly regex: string;
  readonly set?: Setter;
}

const num = (key: string): Setter => (v, acc) => {
  acc[key] = Number(v);
};
const digits = (n: number, fixed: boolean): string => (fixed || n >= 2 ? `(\\d{${n}})` : '(\\d{1,2})');
const OFFSET_RE = '(Z|[+-]\\d{2}(?::?\\d{2})?(?::?\\d{2})?)';

function part(letter: string, n: number): Part {
  switch (letter) {
    case 'y': case 'u': case 'Y':
      return n === 2 ? { regex: '(\\d{2})', set: (v, a) => (a.year = 2000 + Number(v)) } : { regex: `([+-]?\\d{${n},9})`, set: num('year') };
    case 'M': case 'L':
      if (n >= 3) {
        const names = MONTHS.map((m) => (n === 3 ? m.slice(0, 3) : m));
        return { regex: `(${names.join('|')})`, set: (v, a) => (a.month = names.findIndex((m) => m.toLowerCase() === v.toLowerCase()) + 1) };
      }
      return { regex: digits(n, false), set: num('month') };
    case 'd': return { regex: digits(n, false), set: num('day') };
    case 'D': return { regex: '(\\d{1,3})', set: num('dayOfYear') };
    case 'H': case 'k': return { regex: digits(n, false), set: (v, a) => (a.hour = Number(v) % 24) };
    case 'h': case 'K': return { regex: digits(n, false), set: (v, a) => (a.hour12 = Number(v) % 12) };
    case 'm': return { regex: digits(n, false), set: num('minute') };
    case 's': return { regex: digits(n, false), set: num('second') };
    case 'S': return { regex: `(\\d{${n}})`, set: (v, a) => (a.milli = Number(v.padEnd(3, '0').slice(0, 3))) };
    case 'a': return { regex: '(AM|PM)', set: (v, a) => (a.pm = v.toUpperCase() === 'PM' ? 1 : 0) };
    case 'E': return { regex: '([A-Za-z]+)' };
    case 'G': return { regex: '(AD|BC)' };
    case 'X': case 'x': case 'Z': return { regex: OFFSET_RE, set: (v, a) => (a.zone = v) };
    case 'z': case 'V': case 'O': return { regex: '([A-Za-z][A-Za-z0-9_/+\\-:]*)', set: (v, a) => (a.zone = v) };
    default: throw new ProcessingError(`Unsupported pattern letter for parsing: ${letter}`);
  }
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function build(tokens: readonly PatternToken[], setters: (Setter | undefined)[]): string {
  return tokens
    .map((t) => {
      if (t.kind === 'literal') return escape(t.text);
      if (t.kind === 'optional') return `(?:${build(t.tokens, setters)})?`;
      const p = part(t.letter, t.count);
      setters.push(p.set);
      return p.regex;
    })
    .join('');
}

function resolveZone(text: string): Zone {
  const upper = text.toUpperCase();
  return zoneOf(upper === 'Z' ? 'Z' : ZONE_ABBREVIATIONS[upper] ?? text);
}

/** A parser for one pattern (case-insensitive, whole text); throws ProcessingError on mismatch. */
export function compileParser(pattern: string): (text: string) => ParsedDateTime {
  const setters: (Setter | undefined)[] = [];
  const re = new RegExp(`^${build(tokenizePattern(pattern), setters)}$`, 'i');
  return (text) => {
    const m = re.exec(text);
    if (!m) throw new ProcessingError(`Text '${text}' could not be parsed with pattern '${pattern}'`);
    const a: Record<string, number | string> = {};
    setters.forEach((set, i) => {
      const v = m[i + 1];
      if (set && v !== undefined) set(v, a);
    });
    const hour = a.hour12 !== undefined ? (a.hour12 as number) + 12 * ((a.pm as number | undefined) ?? 0) : ((a.hour as number | undefined) ?? 0);
    const d = new Date(0);
    d.setUTCFullYear((a.year as number | undefined) ?? 1970, ((a.month as number | undefined) ?? 1) - 1, (a.day as number | undefined) ?? 1);
    if (a.dayOfYear !== undefined) d.setUTCMonth(0, a.dayOfYear as number);
    d.setUTCHours(hour, (a.minute as number | undefined) ?? 0, (a.second as number | undefined) ?? 0, (a.milli as number | undefined) ?? 0);
    return { localMs: d.getTime(), zone: typeof a.zone === 'string' ? resolveZone(a.zone) : undefined };
  };
}

/** Epoch ms of parsed text: its own zone if it named one, else `defaultZone`. */
export const toEpochMs = (p: ParsedDateTime, defaultZone: Zone): number => localToUtc(p.localMs, p.zone ?? defaultZone);
