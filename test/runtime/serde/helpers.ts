export const text = (bytes: Uint8Array | null): string | null => (bytes === null ? null : new TextDecoder().decode(bytes));
export const bytesOf = (s: string): Uint8Array => new TextEncoder().encode(s);
