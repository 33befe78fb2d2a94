import type { ExpectedException, TestRecord } from './case-model.ts';
import type { ActualRecord } from './decode-output.ts';
import type { RawHeader, SessionError } from './session-api.ts';
import { valueMismatch } from './compare-value.ts';

export { valueMismatch } from './compare-value.ts';

/** ksqlDB's exception classes the vectors name, each with its superclass. */
const SUPERCLASS: Readonly<Record<string, string>> = {
  ParseFailedException: 'KsqlStatementException',
  KsqlStatementException: 'KsqlException',
  KsqlException: 'RuntimeException',
  StreamsException: 'KafkaException',
  KafkaException: 'RuntimeException',
  RuntimeException: 'Exception',
};

const simpleName = (javaClass: string): string => javaClass.slice(javaClass.lastIndexOf('.') + 1);

/** `expected.isInstance(actual)` over the class hierarchy above. */
export function isInstanceOf(actualType: string, expectedType: string): boolean {
  const target = simpleName(expectedType);
  for (let t: string | undefined = simpleName(actualType); t !== undefined; t = SUPERCLASS[t]) {
    if (t === target) return true;
  }
  return false;
}

/** §3.1: type by instanceof, message as a substring of the message or of `<message>\nStatement: <text>`. */
export function exceptionMismatch(expected: ExpectedException, actual: SessionError): string | undefined {
  const got = `${actual.ksqlType}: ${actual.message}`;
  if (expected.type !== undefined && !isInstanceOf(actual.ksqlType, expected.type)) {
    return `expected exception ${simpleName(expected.type)} got ${got}`;
  }
  if (expected.message !== undefined) {
    const full = actual.statementText === undefined ? actual.message : `${actual.message}\nStatement: ${actual.statementText}`;
    if (!full.includes(expected.message)) return `expected exception message containing ${JSON.stringify(expected.message)} got ${got}`;
  }
  if (expected.cause !== undefined || expected.causeMessage !== undefined) {
    return `expected exception cause ${expected.cause ?? ''} ${expected.causeMessage ?? ''}: the session reports no cause`;
  }
  return undefined;
}

export interface RecordCompareContext {
  /** In a case without inputs an expected timestamp 0 matches anything (§3.2). */
  readonly hasInputs: boolean;
}

/** §3.2 for one topic: equal counts, then record by record in order. */
export function topicMismatch(
  topic: string,
  expected: readonly TestRecord[],
  actual: readonly ActualRecord[],
  ctx: RecordCompareContext,
): string | undefined {
  const common = Math.min(expected.length, actual.length);
  let first: string | undefined;
  for (let i = 0; i < common && first === undefined; i++) {
    const m = recordMismatch(expected[i]!, actual[i]!, ctx);
    if (m) first = `record ${i}: ${m}`;
  }
  if (expected.length !== actual.length) {
    const hint = first ?? `first ${common} records match`;
    return `topic ${topic}: expected ${expected.length} records got ${actual.length} (${hint})`;
  }
  return first === undefined ? undefined : `topic ${topic} ${first}`;
}

export function recordMismatch(e: TestRecord, a: ActualRecord, ctx: RecordCompareContext): string | undefined {
  return (
    windowMismatch(e, a) ??
    valueMismatch(e.key, a.key, 'key') ??
    valueMismatch(e.value, a.value, 'value') ??
    headersMismatch(e.headers, a.headers) ??
    timestampMismatch(e, a, ctx)
  );
}

function windowMismatch(e: TestRecord, a: ActualRecord): string | undefined {
  if (!e.window) return a.window ? `key expected unwindowed got window ${showWindow(a.window)}` : undefined;
  if (!a.window) return `key expected window ${showWindow(e.window)} got an unwindowed key`;
  const type = e.window.type.toUpperCase();
  const sameType = type === a.window.type;
  if (!sameType || e.window.start !== a.window.start || e.window.end !== a.window.end) {
    return `window expected ${showWindow(e.window)} got ${showWindow(a.window)}`;
  }
  return undefined;
}

const showWindow = (w: { type: string; start: number; end: number }): string =>
  `${w.type.toUpperCase()} [${w.start}, ${w.end}]`;

function headersMismatch(expected: TestRecord['headers'], actual: readonly RawHeader[]): string | undefined {
  const want = expected ?? [];
  const bytesEqual = (e: string | null, a: Uint8Array | null): boolean =>
    e === null || a === null ? e === a : Buffer.from(e, 'base64').equals(Buffer.from(a));
  const same = want.length === actual.length && want.every((h, i) => h.key === actual[i]?.key && bytesEqual(h.value, actual[i]!.value));
  if (same) return undefined;
  const got = actual.map((h) => ({ KEY: h.key, VALUE: h.value === null ? null : Buffer.from(h.value).toString('base64') }));
  return `headers expected ${JSON.stringify(want.map((h) => ({ KEY: h.key, VALUE: h.value })))} got ${JSON.stringify(got)}`;
}

function timestampMismatch(e: TestRecord, a: ActualRecord, ctx: RecordCompareContext): string | undefined {
  if (e.timestamp === undefined) return undefined;
  if (e.timestamp === 0 && !ctx.hasInputs) return undefined;
  return e.timestamp === a.timestamp ? undefined : `timestamp expected ${e.timestamp} got ${a.timestamp}`;
}
