/**
 * Run-time values ↔ bytes for durable state: JSON with tags for what JSON cannot hold
 * (bigint, Decimal, Map, bytes, undefined-vs-null), so a restored accumulator is identical.
 */
import { Decimal } from '../../common/decimal.ts';
import { decodeJsonText, encodeJsonText } from '../serde/json-utf8.ts';

function toTagged(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return { $b: v.toString() };
  if (v instanceof Decimal) return { $d: v.unscaled.toString(), s: v.scale };
  if (v instanceof Uint8Array) return { $y: Buffer.from(v).toString('base64') };
  if (v instanceof Map) return { $m: [...v].map(([k, x]) => [toTagged(k), toTagged(x)]) };
  if (Array.isArray(v)) return v.map(toTagged);
  if (typeof v === 'object') return { $o: Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toTagged(x)])) };
  if (typeof v === 'number' && !Number.isFinite(v)) return { $n: String(v) };
  return v;
}

function fromTagged(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(fromTagged);
  const o = v as Record<string, unknown>;
  if ('$b' in o) return BigInt(o.$b as string);
  if ('$d' in o) return Decimal.fromBigInt(BigInt(o.$d as string), o.s as number);
  if ('$y' in o) return new Uint8Array(Buffer.from(o.$y as string, 'base64'));
  if ('$m' in o) return new Map((o.$m as [unknown, unknown][]).map(([k, x]) => [fromTagged(k), fromTagged(x)]));
  if ('$n' in o) return Number(o.$n as string);
  return Object.fromEntries(Object.entries(o.$o as Record<string, unknown>).map(([k, x]) => [k, fromTagged(x)]));
}

/**
 * `JSON.stringify(toTagged(v))`, written directly: the per-commit path (every dirty state entry)
 * builds no tagged copy. Anything unusual goes through `toTagged`, so the text is the same.
 */
export function taggedJson(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      return Number.isFinite(v) ? String(v) : JSON.stringify(toTagged(v));
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return `{"$b":"${v.toString()}"}`;
    case 'undefined':
      return 'null';
    case 'object': {
      if (v === null) return 'null';
      if (Array.isArray(v)) {
        let out = '[';
        for (let i = 0; i < v.length; i++) out += (i === 0 ? '' : ',') + taggedJson(v[i]);
        return out + ']';
      }
      if (v instanceof Decimal || v instanceof Uint8Array || v instanceof Map) return JSON.stringify(toTagged(v));
      let out = '{"$o":{';
      let first = true;
      for (const k of Object.keys(v)) {
        out += (first ? '' : ',') + JSON.stringify(k) + ':' + taggedJson((v as Record<string, unknown>)[k]);
        first = false;
      }
      return out + '}}';
    }
    default:
      return JSON.stringify(toTagged(v)) ?? 'null';
  }
}

export function encodeValue(v: unknown): Uint8Array {
  return encodeJsonText(taggedJson(v));
}

export function decodeValue(bytes: Uint8Array): unknown {
  return fromTagged(JSON.parse(decodeJsonText(bytes)));
}
