import { parseJsonLossless } from '../../common/json-values.ts';

/**
 * JSON text → tree for the coercers (json-coerce.ts). The exact parser (lossless-json: numbers as
 * LosslessNumber, keeping their text; duplicate keys with different values rejected) costs about a
 * microsecond for a small record, several times JSON.parse. So when the text can come out of
 * JSON.parse with nothing lost, JSON.parse reads it:
 * - every number is an integer literal of at most 15 digits, not `-0` (so the JS number is exact,
 *   `String(n)` is its text, and no DECIMAL scale, fraction or exponent is in play);
 * - no object repeats a key (JSON.parse would keep the last value where lossless-json fails):
 *   checked by counting the members (colons outside strings) against the parsed keys.
 * Anything else, including text JSON.parse rejects, goes to the exact parser, so errors and
 * edge cases are unchanged. The coercers read a plain number exactly as the LosslessNumber of
 * the same text.
 */
export function parseJsonTree(text: string): unknown {
  const members = fastMembers(text);
  if (members < 0) return parseJsonLossless(text);
  let tree: unknown;
  try {
    tree = JSON.parse(text);
  } catch {
    return parseJsonLossless(text);
  }
  // Fewer than two members cannot repeat a key.
  if (members > 1 && countKeys(tree) !== members) return parseJsonLossless(text);
  return tree;
}

/** The colons outside strings, or -1 when a number literal is not a short integer. */
function fastMembers(text: string): number {
  let colons = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // A string: skip to its closing quote, stepping over escapes.
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x3a) {
      colons++;
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      const minus = c === 0x2d;
      if (minus) i++;
      const first = i;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d < 0x30 || d > 0x39) break;
        i++;
      }
      const digits = i - first;
      if (digits === 0 || digits > 15) return -1;
      if (minus && digits === 1 && text.charCodeAt(first) === 0x30) return -1;
      const next = text.charCodeAt(i);
      if (next === 0x2e || next === 0x65 || next === 0x45) return -1;
      i--;
    }
  }
  return colons;
}

/** Own keys of every object in the tree. */
function countKeys(node: unknown): number {
  if (typeof node !== 'object' || node === null) return 0;
  let n = 0;
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) n += countKeys(node[i]);
    return n;
  }
  const o = node as Record<string, unknown>;
  for (const k in o) n += 1 + countKeys(o[k]);
  return n;
}
