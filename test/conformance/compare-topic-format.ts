import type { FormatInfo, TopicInfo, TopicLayout, WindowInfo } from './session-api.ts';
import { type JsonNode, type JsonObject, field, isJsonArray, isJsonObject, toJsonText } from './json-text.ts';

/**
 * Formats of a topic, if the session reports them on TopicInfo (internal topics have no source, so
 * only the session can know them). Falls back to the layout of the source on the topic.
 */
export interface TopicFormats {
  readonly keyFormat?: FormatInfo;
  readonly valueFormat?: FormatInfo;
  readonly window?: WindowInfo;
}

/** ksqlDB's KeyFormat / ValueFormat as the harness compares them: absent parts are empty. */
interface NormalFormat {
  readonly format: string;
  readonly properties: Readonly<Record<string, string>>;
  readonly features: readonly string[];
  readonly windowType?: string;
  /** Window size in ms. */
  readonly windowSizeMs?: number;
}

/** §3.4 `topics.topics[].keyFormat/valueFormat`: full equality. */
export function topicFormatMismatch(e: JsonObject, t: TopicInfo, layout: TopicLayout | undefined): string | undefined {
  const reported = t as TopicInfo & TopicFormats;
  const key = reported.keyFormat ?? layout?.keyFormat;
  const value = reported.valueFormat ?? layout?.valueFormat;
  const window = reported.keyFormat ? reported.window : layout?.window;
  for (const [what, node, actual] of [
    ['keyFormat', field(e, 'keyFormat'), key],
    ['valueFormat', field(e, 'valueFormat'), value],
  ] as const) {
    if (!isJsonObject(node)) continue;
    if (!actual) return `${what} unknown to the harness (no source on the topic and none reported by the session)`;
    const m = formatMismatch(what, fromExpected(node), fromActual(actual, what === 'keyFormat' ? window : undefined));
    if (m) return m;
  }
  return undefined;
}

function fromExpected(node: JsonObject): NormalFormat {
  const props = field(node, 'properties');
  const features = field(node, 'features');
  const windowInfo = field(node, 'windowInfo');
  const size = isJsonObject(windowInfo) ? field(windowInfo, 'size') : undefined;
  return {
    format: String(field(node, 'format') ?? ''),
    properties: isJsonObject(props) ? Object.fromEntries(Object.entries(props).map(([k, v]) => [k, text(v)])) : {},
    features: isJsonArray(features) ? features.map(String) : [],
    ...(isJsonObject(windowInfo) ? { windowType: String(field(windowInfo, 'type')) } : {}),
    // windowInfo.size is a Duration, written in seconds.
    ...(size !== undefined && size !== null ? { windowSizeMs: Math.round(Number(size.toString()) * 1000) } : {}),
  };
}

const text = (v: JsonNode): string => (typeof v === 'string' ? v : toJsonText(v));

function fromActual(f: FormatInfo, window: WindowInfo | undefined): NormalFormat {
  return {
    format: f.format,
    properties: f.properties,
    features: f.features,
    ...(window ? { windowType: window.type } : {}),
    ...(window?.sizeMs !== undefined ? { windowSizeMs: window.sizeMs } : {}),
  };
}

function formatMismatch(what: string, e: NormalFormat, a: NormalFormat): string | undefined {
  const show = (f: NormalFormat): string => JSON.stringify(f);
  const sameProps =
    Object.keys(e.properties).length === Object.keys(a.properties).length &&
    Object.entries(e.properties).every(([k, v]) => a.properties[k] === v);
  const sameFeatures = new Set(e.features).size === new Set(a.features).size && e.features.every((x) => a.features.includes(x));
  const same =
    e.format === a.format &&
    sameProps &&
    sameFeatures &&
    e.windowType === a.windowType &&
    e.windowSizeMs === a.windowSizeMs;
  return same ? undefined : `${what} expected ${show(e)} got ${show(a)}`;
}
