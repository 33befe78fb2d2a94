/**
 * UTF-8 for JSON payloads. Most records are short ASCII text, where a plain loop is several times
 * faster than TextEncoder / TextDecoder (each call crosses into C++ and allocates more); anything
 * long or non-ASCII goes to them, so the bytes and strings are identical either way.
 */
const SHORT = 256;
const decoder = new TextDecoder('utf-8', { fatal: false });
const encoder = new TextEncoder();

export function encodeJsonText(text: string): Uint8Array {
  const n = text.length;
  if (n > SHORT) return encoder.encode(text);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) return encoder.encode(text);
    out[i] = c;
  }
  return out;
}

export function decodeJsonText(bytes: Uint8Array): string {
  const n = bytes.length;
  if (n > SHORT) return decoder.decode(bytes);
  for (let i = 0; i < n; i++) if (bytes[i]! >= 0x80) return decoder.decode(bytes);
  return String.fromCharCode.apply(null, bytes as unknown as number[]);
}
