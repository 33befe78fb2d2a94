import type { ScalarFunction } from '../../function.ts';
import { Decimal } from '../../../common/decimal.ts';
import { P } from '../../param-types.ts';
import { sig } from '../../define.ts';
import { type JsonValue, JsonNumber, isJsonObject, parseJson, writeJson } from '../../support/json.ts';
import { jsonText } from './extract-json-field.ts';

export const isJsonString: ScalarFunction = {
  name: 'is_json_string',
  category: 'JSON',
  description: 'Whether a string is valid JSON.',
  signatures: [sig([P.STRING], P.BOOLEAN, (s: string | null) => s != null && parseJson(s) !== undefined, { nullSafe: true, names: ['json'] })],
};

export const jsonArrayLength: ScalarFunction = {
  name: 'json_array_length',
  category: 'JSON',
  description: 'The number of elements of a JSON array, or null.',
  signatures: [sig([P.STRING], P.INTEGER, (s: string) => {
    const v = parseJson(s);
    return Array.isArray(v) ? v.length : null;
  }, { names: ['jsonArray'] })],
};

export const jsonKeys: ScalarFunction = {
  name: 'json_keys',
  category: 'JSON',
  description: 'The keys of a JSON object, or null.',
  signatures: [sig([P.STRING], P.array(P.STRING), (s: string) => {
    const v = parseJson(s);
    return isJsonObject(v) ? [...v.keys()] : null;
  }, { names: ['jsonObject'] })],
};

export const jsonRecords: ScalarFunction = {
  name: 'json_records',
  category: 'JSON',
  description: 'The entries of a JSON object as a map of key to value text, or null.',
  signatures: [sig([P.STRING], P.map(P.STRING, P.STRING), (s: string) => {
    const v = parseJson(s);
    return isJsonObject(v) ? new Map([...v].map(([k, x]) => [k, jsonText(x)])) : null;
  }, { names: ['jsonObject'] })],
};

export const jsonItems: ScalarFunction = {
  name: 'json_items',
  category: 'JSON',
  description: 'The elements of a JSON array, each as JSON text, or null.',
  signatures: [sig([P.STRING], P.array(P.STRING), (s: string) => {
    const v = parseJson(s);
    return Array.isArray(v) ? v.map(writeJson) : null;
  }, { names: ['jsonArray'] })],
};

/** Objects merge (later keys win); otherwise everything is flattened into one array. */
function concatJson(inputs: readonly (string | null)[]): string | null {
  const values: JsonValue[] = [];
  for (const s of inputs) {
    if (s === null) return null;
    const v = parseJson(s);
    if (v === undefined) return null;
    values.push(v);
  }
  if (values.length > 0 && values.every(isJsonObject)) {
    return writeJson(new Map(values.flatMap((o) => [...(o as Map<string, JsonValue>)])));
  }
  return writeJson(values.flatMap((v) => (Array.isArray(v) ? v : [v])));
}

export const jsonConcat: ScalarFunction = {
  name: 'json_concat',
  category: 'JSON',
  description: 'Merges JSON objects, or concatenates JSON arrays (wrapping other values).',
  signatures: [sig([P.STRING], P.STRING, concatJson, { variadic: true, names: ['jsonStrings'] })],
};

/** Whether a JSON node equals a SQL value, comparing like Jackson's node accessors do. */
function nodeMatches(node: JsonValue, v: unknown): boolean {
  if (v === null || v === undefined) return node === null;
  if (typeof v === 'string') return node === v;
  if (typeof v === 'boolean') return node === v;
  if (!(node instanceof JsonNumber)) return false;
  if (typeof v === 'bigint') return node.isIntegral && BigInt(node.text) === v;
  if (v instanceof Decimal) return !node.isIntegral && Decimal.parse(node.text).compare(v) === 0;
  if (typeof v === 'number') return Number(node.text) === v;
  return false;
}

export const jsonArrayContains: ScalarFunction = {
  name: 'json_array_contains',
  category: 'JSON',
  description: 'Whether a JSON array contains a value.',
  signatures: [sig([P.STRING, P.ANY], P.BOOLEAN, (s: string | null, v: unknown) => {
    const arr = s == null ? undefined : parseJson(s);
    return Array.isArray(arr) && arr.some((n) => nodeMatches(n, v));
  }, { nullSafe: true, names: ['jsonArray', 'val'] })],
};
