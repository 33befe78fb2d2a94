import type { ParamType, ScalarFunction, Signature } from '../../function.ts';
import { P } from '../../param-types.ts';
import { sig } from '../../define.ts';

type MaskChars = readonly (string | null | undefined)[];

// Default replacements for upper, lower, digit and other characters; a NULL replacement keeps the char.
const DEFAULTS = ['X', 'x', 'n', '-'];

function maskChar(c: string, chars: MaskChars): string {
  const pick = (i: number): string => {
    const given = chars.length > i ? chars[i] : DEFAULTS[i];
    return given === null || given === undefined || given === '' ? c : given[0]!;
  };
  if (c >= 'A' && c <= 'Z') return pick(0);
  if (c >= 'a' && c <= 'z') return pick(1);
  if (c >= '0' && c <= '9') return pick(2);
  return pick(3);
}

const maskRange = (s: string, from: number, to: number, chars: MaskChars): string =>
  s.slice(0, from) + [...s.slice(from, to)].map((c) => maskChar(c, chars)).join('') + s.slice(to);

// Each function has a form with just the fixed arguments and one with all four replacement chars.
function family(
  name: string,
  description: string,
  fixed: readonly ParamType[],
  range: (len: number, n: number) => readonly [number, number],
): ScalarFunction {
  const names = ['input', ...(fixed.length > 1 ? ['numChars'] : []), 'upper', 'lower', 'digit', 'other'];
  const run = (args: unknown[]): string | null => {
    const [s, n] = args as [string | null, number | null];
    if (s === null || s === undefined) return null;
    if (fixed.length > 1 && (n === null || n === undefined)) return null;
    const [from, to] = range(s.length, n ?? 0);
    return maskRange(s, Math.max(0, from), Math.min(s.length, to), args.slice(fixed.length) as MaskChars);
  };
  const signatures: Signature[] = [
    sig(fixed, P.STRING, (...a: unknown[]) => run(a), { nullSafe: true, names }),
    sig([...fixed, P.STRING, P.STRING, P.STRING, P.STRING], P.STRING, (...a: unknown[]) => run(a), { nullSafe: true, names }),
  ];
  return { name, category: 'STRING', description, signatures };
}

export const mask = family('mask', 'Masks every character of a string.', [P.STRING], (len) => [0, len]);
export const maskKeepLeft = family('mask_keep_left', 'Masks all but the first n characters.', [P.STRING, P.INTEGER], (len, n) => [n, len]);
export const maskKeepRight = family('mask_keep_right', 'Masks all but the last n characters.', [P.STRING, P.INTEGER], (len, n) => [0, len - n]);
export const maskLeft = family('mask_left', 'Masks the first n characters.', [P.STRING, P.INTEGER], (_len, n) => [0, n]);
export const maskRight = family('mask_right', 'Masks the last n characters.', [P.STRING, P.INTEGER], (len, n) => [len - n, len]);
