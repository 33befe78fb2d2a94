import type { ScalarFunction } from '../../function.ts';
import { P } from '../../param-types.ts';
import { sig } from '../../define.ts';

function splitBytes(b: Uint8Array, d: Uint8Array): Uint8Array[] {
  if (d.length === 0) return Array.from(b, (x) => Uint8Array.of(x));
  const out: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i + d.length <= b.length; ) {
    if (d.every((x, j) => b[i + j] === x)) {
      out.push(b.slice(start, i));
      i += d.length;
      start = i;
    } else i++;
  }
  out.push(b.slice(start));
  return out;
}

export const split: ScalarFunction = {
  name: 'split',
  category: 'STRING',
  description: 'Splits a string or bytes around a delimiter; an empty delimiter splits into characters.',
  signatures: [
    sig([P.STRING, P.STRING], P.array(P.STRING), (s: string, d: string) => (d === '' ? s.split('') : s.split(d)), {
      names: ['string', 'delimiter'],
    }),
    sig([P.BYTES, P.BYTES], P.array(P.BYTES), splitBytes, { names: ['bytes', 'delimiter'] }),
  ],
};

/** Entries split on `entryDelim` (empty ones dropped), each into key and value on `kvDelim`. */
function splitToMap(s: string, entryDelim: string, kvDelim: string): Map<string, string> | null {
  if (entryDelim === '' || kvDelim === '' || entryDelim === kvDelim) return null;
  const out = new Map<string, string>();
  for (const entry of s.split(entryDelim)) {
    if (entry === '') continue;
    // ksqlDB keeps only the text between the first and second kvDelim as the value.
    const [key, value] = entry.split(kvDelim);
    if (key !== undefined && value !== undefined) out.set(key, value);
  }
  return out;
}

export const splitToMapFn: ScalarFunction = {
  name: 'split_to_map',
  category: 'STRING',
  description: 'Splits a string into a map of key-value entries.',
  signatures: [
    sig([P.STRING, P.STRING, P.STRING], P.map(P.STRING, P.STRING), splitToMap, {
      names: ['input', 'entryDelimiter', 'kvDelimiter'],
    }),
  ],
};
