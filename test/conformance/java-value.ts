import {
  type JsonNode,
  isIntegerLiteral,
  isJsonArray,
  isJsonNumber,
  lossless,
} from './json-text.ts';

/** java.math.BigDecimal: unscaled value and scale, plus the text it was read from. */
export interface JavaDecimal {
  readonly unscaled: bigint;
  readonly scale: number;
  readonly text: string;
}

/**
 * What ksqlDB's harness holds after deserializing an output record (§2, §3.3): the Java type decides
 * how an expected JSON node is compared. `null` is Java null.
 */
export type JavaValue =
  | null
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'long'; readonly value: bigint }
  | { readonly kind: 'bigInteger'; readonly value: bigint }
  | { readonly kind: 'double'; readonly value: number }
  /** java.lang.Float (Avro/Protobuf float32): no expected number matches it (§3.3). */
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'decimal'; readonly value: JavaDecimal }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'bytes'; readonly value: Uint8Array }
  | { readonly kind: 'map'; readonly value: ReadonlyMap<string, JavaValue> }
  | { readonly kind: 'list'; readonly value: readonly JavaValue[] };

export const INT_MIN = -(2n ** 31n);
export const INT_MAX = 2n ** 31n - 1n;
export const LONG_MIN = -(2n ** 63n);
export const LONG_MAX = 2n ** 63n - 1n;

const DECIMAL_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** `new BigDecimal(text)`; undefined when Java would throw NumberFormatException. */
export function parseDecimal(text: string): JavaDecimal | undefined {
  const m = DECIMAL_RE.exec(text.trim());
  if (!m) return undefined;
  const [, sign = '', int = '', frac = '', exp = '0'] = m;
  if (int === '' && frac === '') return undefined;
  const unscaled = BigInt(`${sign === '-' ? '-' : ''}${int}${frac}` || '0');
  return { unscaled, scale: frac.length - Number(exp), text };
}

/** `BigDecimal.equals`: equal value and equal scale. */
export const decimalEquals = (a: JavaDecimal, b: JavaDecimal): boolean =>
  a.unscaled === b.unscaled && a.scale === b.scale;

/** The integral value of a decimal with scale <= 0. */
export const decimalIntegral = (d: JavaDecimal): bigint => d.unscaled * 10n ** BigInt(-d.scale);

/** Truncates a decimal toward zero (`BigDecimal.toBigInteger`). */
export function truncateDecimal(d: JavaDecimal): bigint {
  return d.scale <= 0 ? decimalIntegral(d) : d.unscaled / 10n ** BigInt(d.scale);
}

/** Java's `Double.toString` (shortest round-trip digits, JDK 19+). */
export function javaDoubleText(d: number): string {
  if (Number.isNaN(d)) return 'NaN';
  if (!Number.isFinite(d)) return d > 0 ? 'Infinity' : '-Infinity';
  if (d === 0) return Object.is(d, -0) ? '-0.0' : '0.0';
  const sign = d < 0 ? '-' : '';
  const [mantissa = '0', expText = '0'] = Math.abs(d).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const exp = Number(expText);
  if (exp >= -3 && exp < 7) {
    if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
    const int = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
    return `${sign}${int}.${digits.slice(exp + 1) || '0'}`;
  }
  return `${sign}${digits[0] ?? '0'}.${digits.slice(1) || '0'}E${exp}`;
}

/** An integral value typed as Jackson reads it: Integer, Long, else BigInteger. */
export function integral(v: bigint): JavaValue {
  if (v >= INT_MIN && v <= INT_MAX) return { kind: 'int', value: Number(v) };
  if (v >= LONG_MIN && v <= LONG_MAX) return { kind: 'long', value: v };
  return { kind: 'bigInteger', value: v };
}

/** A JSON tree as ksqlDB's JSON test deserializer yields it (exact: decimals as BigDecimal). */
export function javaFromJson(node: JsonNode, exactNumbers: boolean): JavaValue {
  if (node === null) return null;
  if (typeof node === 'string') return { kind: 'string', value: node };
  if (typeof node === 'boolean') return { kind: 'boolean', value: node };
  if (isJsonNumber(node)) {
    const text = node.toString();
    if (isIntegerLiteral(text)) return integral(BigInt(text));
    if (!exactNumbers) return { kind: 'double', value: Number(text) };
    const dec = parseDecimal(text);
    return dec ? { kind: 'decimal', value: dec } : { kind: 'double', value: Number(text) };
  }
  if (isJsonArray(node)) return { kind: 'list', value: node.map((n) => javaFromJson(n, exactNumbers)) };
  const entries = Object.entries(node).map(([k, v]): [string, JavaValue] => [k, javaFromJson(v, exactNumbers)]);
  return { kind: 'map', value: new Map(entries) };
}

/** Plain JSON for reports: numbers as lossless numbers keeping their text, bytes as base64. */
export function javaToPlain(v: JavaValue): unknown {
  if (v === null) return null;
  switch (v.kind) {
    case 'int':
    case 'long':
    case 'bigInteger':
      return lossless(v.value.toString());
    case 'float':
      return lossless(String(Math.fround(v.value)));
    case 'double':
      return Number.isFinite(v.value) ? lossless(javaDoubleText(v.value)) : javaDoubleText(v.value);
    case 'decimal':
      return lossless(v.value.text);
    case 'string':
    case 'boolean':
      return v.value;
    case 'bytes':
      return Buffer.from(v.value).toString('base64');
    case 'map':
      return Object.fromEntries([...v.value].map(([k, x]) => [k, javaToPlain(x)]));
    case 'list':
      return v.value.map(javaToPlain);
  }
}
