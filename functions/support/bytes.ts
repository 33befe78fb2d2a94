/** Byte helpers for BYTES values (Uint8Array) and the encodings ksqlDB names. */

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Java's ByteBuffer.compareTo: lexicographic over signed bytes, then length. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = (a[i]! << 24) >> 24;
    const y = (b[i]! << 24) >> 24;
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

const HEX = /^(?:[0-9a-fA-F]{2})*$/;

/** Text → bytes in one of ksqlDB's encodings (hex, utf8, ascii, base64); null when invalid. */
export function decodeText(text: string, encoding: string): Uint8Array | null {
  switch (encoding.toLowerCase()) {
    case 'hex': {
      // ksqlDB accepts `0x…` (an odd length as if left-padded with a zero) and `X'…'` forms.
      const prefixed = /^0x/i.test(text);
      let t = prefixed ? text.slice(2) : /^X'.*'$/i.test(text) ? text.slice(2, -1) : text;
      if (prefixed && t.length % 2 === 1) t = '0' + t;
      return HEX.test(t) ? new Uint8Array(Buffer.from(t, 'hex')) : null;
    }
    case 'utf8':
      return new Uint8Array(Buffer.from(text, 'utf8'));
    case 'ascii':
      // Java's US_ASCII encoder replaces unmappable characters with '?'.
      return Uint8Array.from(text, (c) => (c.charCodeAt(0) < 128 ? c.charCodeAt(0) : 63));
    case 'base64':
      return new Uint8Array(Buffer.from(text, 'base64'));
    default:
      return null;
  }
}

/** Bytes → text in one of ksqlDB's encodings; null for an unknown encoding. */
export function encodeBytes(bytes: Uint8Array, encoding: string): string | null {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (encoding.toLowerCase()) {
    case 'hex':
      return buf.toString('hex');
    case 'utf8':
      return buf.toString('utf8');
    case 'ascii':
      // Java's US_ASCII decoder maps each byte above 127 to U+FFFD.
      return Array.from(bytes, (b) => (b < 128 ? String.fromCharCode(b) : '\ufffd')).join('');
    case 'base64':
      return buf.toString('base64');
    default:
      return null;
  }
}
