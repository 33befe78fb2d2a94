import { isLosslessNumber, LosslessNumber, parse, stringify } from 'lossless-json';

/** A parsed JSON tree whose numbers keep their source text (`1.10` stays `1.10`). */
export type JsonNode = null | boolean | string | LosslessNumber | JsonArray | JsonObject;
export type JsonArray = readonly JsonNode[];
export interface JsonObject {
  readonly [field: string]: JsonNode;
}

/**
 * Removes `//` and `/* *\/` comments outside strings, as Jackson's ALLOW_COMMENTS does, so
 * `"http://x"` and `"a//b"` inside string literals survive.
 */
export function stripJsonComments(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      const end = stringEnd(text, i);
      out += text.slice(i, end);
      i = end;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 2;
      out += ' ';
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Index just past the string literal opening at `start`. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') i += 2;
    else if (c === '"') return i + 1;
    else i++;
  }
  return text.length;
}

/** Parses JSON keeping numeric text; a duplicate field keeps the last value, as Jackson does. */
export function parseLossless(text: string): JsonNode {
  return parse(text, null, { onDuplicateKey: ({ newValue }) => newValue }) as JsonNode;
}

/** JSON text of a tree, numbers written with their original text. */
export function toJsonText(node: unknown, indent?: number): string {
  return stringify(node, undefined, indent) ?? 'null';
}

export const isJsonNumber = (n: JsonNode | undefined): n is LosslessNumber => isLosslessNumber(n);

export function isJsonObject(n: JsonNode | undefined): n is JsonObject {
  return typeof n === 'object' && n !== null && !Array.isArray(n) && !isLosslessNumber(n);
}

export function isJsonArray(n: JsonNode | undefined): n is JsonArray {
  return Array.isArray(n);
}

/** Whether a JSON number literal is written as an integer (Jackson: Int/Long/BigInteger node). */
export const isIntegerLiteral = (text: string): boolean => !/[.eE]/.test(text);

export const lossless = (text: string): LosslessNumber => new LosslessNumber(text);

/** Field access that ignores inherited properties. */
export function field(o: JsonObject, name: string): JsonNode | undefined {
  return Object.prototype.hasOwnProperty.call(o, name) ? o[name] : undefined;
}
