import type { RawRecord } from './session-api.ts';
import type { ActualRecord } from './decode-output.ts';
import { javaToPlain } from './java-value.ts';

/**
 * An actual output record as plain JSON for reports. Numbers are LosslessNumbers, so writing the
 * report with `toJsonText` keeps decimal text such as `1.10`.
 */
export interface ActualOutput {
  readonly topic: string;
  readonly key: unknown;
  readonly value: unknown;
  readonly timestamp: number;
  readonly window?: { readonly start: number; readonly end: number; readonly type: string };
  /** Set when the bytes could not be decoded: key and value are then the raw UTF-8 text. */
  readonly undecodable?: true;
}

export function renderActual(topic: string, r: ActualRecord): ActualOutput {
  return {
    topic,
    key: javaToPlain(r.key),
    value: javaToPlain(r.value),
    timestamp: r.timestamp,
    ...(r.window ? { window: { start: r.window.start, end: r.window.end, type: r.window.type.toLowerCase() } } : {}),
  };
}

export function renderUndecodable(topic: string, r: RawRecord): ActualOutput {
  const text = (b: Uint8Array | null): string | null => (b === null ? null : new TextDecoder().decode(b));
  return { topic, key: text(r.key), value: text(r.value), timestamp: r.timestamp, undecodable: true };
}
