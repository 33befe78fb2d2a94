import { ProcessingError } from '../../../common/errors.ts';
import { DAYS, MONTHS, type PatternToken, tokenizePattern } from './pattern.ts';
import { type Zone, shortZoneName } from './zones.ts';

const pad = (n: number, w: number): string => (n < 0 ? '-' + String(-n).padStart(w, '0') : String(n).padStart(w, '0'));

/** `+HH:MM` / `+HHMM` / `+HH` forms of an offset; `zeroAsZ` prints zero as `Z` (pattern X). */
function offsetText(ms: number, colon: boolean, withMinutes: 'always' | 'nonzero', zeroAsZ: boolean): string {
  if (ms === 0 && zeroAsZ) return 'Z';
  const total = Math.round(Math.abs(ms) / 60000);
  const h = pad(Math.floor(total / 60), 2);
  const m = total % 60;
  const sign = ms < 0 ? '-' : '+';
  if (withMinutes === 'nonzero' && m === 0) return sign + h;
  return sign + h + (colon ? ':' : '') + pad(m, 2);
}

/** `O` → `GMT+8`, `GMT+5:30`; `OOOO` → `GMT+08:00`. */
function localizedOffset(ms: number, full: boolean): string {
  if (ms === 0) return 'GMT';
  if (full) return 'GMT' + offsetText(ms, true, 'always', false);
  const total = Math.round(Math.abs(ms) / 60000);
  const m = total % 60;
  return `GMT${ms < 0 ? '-' : '+'}${Math.floor(total / 60)}${m ? ':' + pad(m, 2) : ''}`;
}

interface Fields {
  readonly utcMs: number;
  readonly zone: Zone;
  readonly offset: number;
  readonly d: Date; // the wall-clock time, read with getUTC*
}

function field(letter: string, n: number, f: Fields): string {
  const { d } = f;
  const year = d.getUTCFullYear();
  switch (letter) {
    case 'G': return year > 0 ? 'AD' : 'BC';
    case 'y': case 'u': case 'Y': {
      const y = letter === 'u' ? year : year > 0 ? year : 1 - year;
      return n === 2 ? pad(((y % 100) + 100) % 100, 2) : pad(y, n);
    }
    case 'M': case 'L': {
      const m = d.getUTCMonth();
      return n >= 4 ? MONTHS[m]! : n === 3 ? MONTHS[m]!.slice(0, 3) : pad(m + 1, n);
    }
    case 'd': return pad(d.getUTCDate(), n);
    case 'D': return pad(Math.floor((d.getTime() - Date.UTC(year, 0, 1)) / 86_400_000) + 1, n);
    case 'E': { const w = DAYS[d.getUTCDay()]!; return n >= 4 ? w : w.slice(0, 3); }
    case 'a': return d.getUTCHours() < 12 ? 'AM' : 'PM';
    case 'H': return pad(d.getUTCHours(), n);
    case 'k': return pad(d.getUTCHours() || 24, n);
    case 'K': return pad(d.getUTCHours() % 12, n);
    case 'h': return pad(d.getUTCHours() % 12 || 12, n);
    case 'm': return pad(d.getUTCMinutes(), n);
    case 's': return pad(d.getUTCSeconds(), n);
    case 'S': return pad(d.getUTCMilliseconds(), 3).padEnd(9, '0').slice(0, n);
    case 'A': return pad(d.getTime() - Date.UTC(year, d.getUTCMonth(), d.getUTCDate()), n);
    case 'n': return pad(d.getUTCMilliseconds() * 1_000_000, n);
    case 'z': return shortZoneName(f.zone, f.utcMs, n >= 4);
    case 'V': return f.zone.id;
    case 'O': return localizedOffset(f.offset, n === 4);
    case 'X': return offsetText(f.offset, n >= 3, n === 1 ? 'nonzero' : 'always', true);
    case 'x': return offsetText(f.offset, n >= 3, n === 1 ? 'nonzero' : 'always', false);
    case 'Z':
      if (n === 4) return localizedOffset(f.offset, true);
      return n === 5 ? offsetText(f.offset, true, 'always', true) : offsetText(f.offset, false, 'always', false);
    default:
      throw new ProcessingError(`Unsupported pattern letter for formatting: ${letter}`);
  }
}

function render(tokens: readonly PatternToken[], f: Fields): string {
  let out = '';
  for (const t of tokens) {
    out += t.kind === 'literal' ? t.text : t.kind === 'optional' ? render(t.tokens, f) : field(t.letter, t.count, f);
  }
  return out;
}

/** A formatter for one pattern: epoch ms → text in the zone. */
export function compileFormatter(pattern: string): (utcMs: number, zone: Zone) => string {
  const tokens = tokenizePattern(pattern);
  return (utcMs, zone) => {
    const offset = zone.offsetAt(utcMs);
    return render(tokens, { utcMs, zone, offset, d: new Date(utcMs + offset) });
  };
}
