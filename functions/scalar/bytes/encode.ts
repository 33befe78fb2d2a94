import type { ScalarFunction } from '../../function.ts';
import { P } from '../../param-types.ts';
import { sig } from '../../define.ts';
import { decodeText, encodeBytes } from '../../support/bytes.ts';

/** Re-encodes text: decode with `from`, encode with `to`. Unknown encodings or bad input give null. */
function encode(s: string, from: string, to: string): string | null {
  const bytes = decodeText(s, from);
  return bytes && encodeBytes(bytes, to);
}

export const encodeFn: ScalarFunction = {
  name: 'encode',
  category: 'STRING',
  description: "Converts a string between encodings: 'hex', 'utf8', 'ascii', 'base64'.",
  signatures: [sig([P.STRING, P.STRING, P.STRING], P.STRING, encode, { names: ['str', 'inputEncoding', 'outputEncoding'] })],
};

export const toBytes: ScalarFunction = {
  name: 'to_bytes',
  category: 'BYTES',
  description: "Converts a string to bytes with an encoding: 'hex', 'utf8', 'ascii', 'base64'.",
  signatures: [sig([P.STRING, P.STRING], P.BYTES, decodeText, { names: ['string', 'encoding'] })],
};

// FROM_BYTES prints hex in upper case (unlike ENCODE).
const fromBytes = (b: Uint8Array, encoding: string): string | null => {
  const s = encodeBytes(b, encoding);
  return s !== null && encoding.toLowerCase() === 'hex' ? s.toUpperCase() : s;
};

export const fromBytesFn: ScalarFunction = {
  name: 'from_bytes',
  category: 'BYTES',
  description: "Converts bytes to a string with an encoding: 'hex', 'utf8', 'ascii', 'base64'.",
  signatures: [sig([P.BYTES, P.STRING], P.STRING, fromBytes, { names: ['bytes', 'encoding'] })],
};
