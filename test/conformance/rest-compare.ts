/**
 * RQTT's comparison rules (ksqldb-test-semantics.md §4): expected responses against what the server
 * answered, expected errors against error bodies, and expected output records against a topic.
 * Every function returns the first mismatch as a sentence, or undefined when the case matches.
 */
import type { TestRecord } from './case-model.ts';
import { valueMismatch } from './compare-value.ts';
import type { ActualRecord } from './decode-output.ts';
import { parseDecimal } from './java-value.ts';
import { type JsonNode, type JsonObject, field, isIntegerLiteral, isJsonArray, isJsonNumber, isJsonObject, toJsonText } from './json-text.ts';
import type { ExpectedError, ExpectedResponse } from './rest-case.ts';
import { protoRowText } from './rest-proto-text.ts';

/** One response the runner observed: the entities of /ksql one by one, then one per query. */
export type ActualResponse = { readonly admin: JsonNode } | { readonly query: readonly JsonNode[] } | { readonly queryProto: readonly JsonNode[] };

/** An error body the server answered with, and its HTTP status. */
export interface ActualError {
  readonly status: number;
  /** The parsed KsqlErrorMessage body (or the raw text when it was not JSON). */
  readonly body: JsonNode;
}

const show = (n: JsonNode | undefined): string => (n === undefined ? 'nothing' : toJsonText(n));

/**
 * Jackson-then-`equals` equality: integers equal integers of the same value, decimals equal
 * decimals of the same value and scale (BigDecimal), and an integer never equals a decimal;
 * lists and objects must be equal in full.
 */
export function javaEquals(a: JsonNode | undefined, b: JsonNode | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (isJsonNumber(a) || isJsonNumber(b)) {
    if (!isJsonNumber(a) || !isJsonNumber(b)) return false;
    const [x, y] = [a.toString(), b.toString()];
    const intX = isIntegerLiteral(x);
    if (intX !== isIntegerLiteral(y)) return false;
    if (intX) return BigInt(x) === BigInt(y);
    const [dx, dy] = [parseDecimal(x), parseDecimal(y)];
    return dx !== undefined && dy !== undefined && dx.unscaled === dy.unscaled && dx.scale === dy.scale;
  }
  if (isJsonArray(a) || isJsonArray(b)) {
    if (!isJsonArray(a) || !isJsonArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => javaEquals(v, b[i]));
  }
  if (isJsonObject(a) || isJsonObject(b)) {
    if (!isJsonObject(a) || !isJsonObject(b)) return false;
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && javaEquals(a[k], b[k]));
  }
  return a === b;
}

/**
 * ksqlDB's `matchResponseFields`: every expected key must be present; nested objects match as
 * subsets; `name|starts_with` compares a string prefix; anything else must be equal in full.
 */
export function fieldsMismatch(actual: JsonNode | undefined, expected: JsonObject, path: string): string | undefined {
  if (!isJsonObject(actual)) return `${path}: expected an object got ${show(actual)}`;
  for (const [rawKey, want] of Object.entries(expected)) {
    const bar = rawKey.indexOf('|');
    const key = bar < 0 ? rawKey : rawKey.slice(0, bar);
    const operator = bar < 0 ? 'EQUALS' : rawKey.slice(bar + 1).toUpperCase();
    const at = `${path}->${key}`;
    if (!Object.prototype.hasOwnProperty.call(actual, key)) return `${at}: missing (expected ${show(want)})`;
    const got = field(actual, key);
    if (isJsonObject(want)) {
      const m = fieldsMismatch(got, want, at);
      if (m) return m;
    } else if (operator === 'STARTS_WITH') {
      if (typeof got !== 'string' || typeof want !== 'string' || !got.startsWith(want)) return `${at}: expected to start with ${show(want)} got ${show(got)}`;
    } else if (operator !== 'EQUALS') {
      return `${at}: unknown match operator ${operator}`;
    } else if (!javaEquals(got, want)) {
      return `${at}: expected ${show(want)} got ${show(got)}`;
    }
  }
  return undefined;
}

/** Expected responses against actual ones, pairwise; extra actual responses are ignored. */
export function responsesMismatch(expected: readonly ExpectedResponse[], actual: readonly ActualResponse[]): string | undefined {
  if (actual.length < expected.length) {
    return `expected at least ${expected.length} responses got ${actual.length}: ${toJsonText(actual as unknown as JsonNode)}`;
  }
  for (const [i, e] of expected.entries()) {
    const a = actual[i]!;
    const path = `responses[${i}]`;
    if (e.kind === 'admin') {
      if (!('admin' in a)) return `${path}: expected an admin response got a query response`;
      if (!isJsonObject(e.payload)) return `${path}: the expected admin payload is not an object`;
      const m = fieldsMismatch(a.admin, e.payload, `${path}->admin`);
      if (m) return m;
    } else if (e.kind === 'queryProto') {
      if (!('queryProto' in a)) return `${path}: expected a protobuf query response got ${Object.keys(a)[0]}`;
      if (!isJsonArray(e.payload)) return `${path}: the expected queryProto payload is not a list`;
      const m = queryProtoMismatch(e.payload, a.queryProto, `${path}->queryProto`);
      if (m) return m;
    } else if (e.kind === 'query') {
      if (!('query' in a)) return `${path}: expected a query response got ${Object.keys(a)[0]}`;
      if (!isJsonArray(e.payload)) return `${path}: the expected query payload is not a list`;
      const m = queryMismatch(e.payload, a.query, `${path}->query`);
      if (m) return m;
    } else {
      return `${path}: ${e.kind} responses are not supported by this runner`;
    }
  }
  return undefined;
}

/**
 * A query response: the same number of entries (header, rows, final message); each entry matches
 * as a subset, except that the rows' `columns` lists are compared as a multiset across the
 * response (ksqlDB's harness does not check row order unless `verifyOrder`).
 */
export function queryMismatch(expected: readonly JsonNode[], actual: readonly JsonNode[], path: string): string | undefined {
  if (expected.length !== actual.length) {
    return `${path}: expected ${expected.length} entries got ${actual.length}:\n    expected ${show(expected)}\n    got      ${show(actual)}`;
  }
  const columnsOf = (n: JsonNode | undefined): JsonNode | undefined => {
    const row = isJsonObject(n) ? field(n, 'row') : undefined;
    return isJsonObject(row) ? field(row, 'columns') : undefined;
  };
  const unmatched = actual.map(columnsOf).filter((c) => c !== undefined);
  for (const [i, e] of expected.entries()) {
    if (!isJsonObject(e)) return `${path}[${i}]: the expected entry is not an object`;
    const want = columnsOf(e);
    const row = field(e, 'row');
    if (want !== undefined && isJsonObject(row)) {
      const at = unmatched.findIndex((c) => javaEquals(c, want));
      if (at < 0) return `${path}: no row with columns ${show(want)} (got ${show(actual)})`;
      unmatched.splice(at, 1);
      const { columns: _ignored, ...rest } = row;
      const m = fieldsMismatch(actual[i], { ...e, row: rest }, `${path}[${i}]`);
      if (m) return m;
      continue;
    }
    const m = fieldsMismatch(actual[i], e, `${path}[${i}]`);
    if (m) return m;
  }
  return undefined;
}

/**
 * A protobuf query response: the header's protoSchema exactly, each row's bytes decoded with it
 * and printed as text, compared as a sorted list with the expected row texts, and the final message.
 */
export function queryProtoMismatch(expected: readonly JsonNode[], actual: readonly JsonNode[], path: string): string | undefined {
  const entry = (list: readonly JsonNode[], key: string): JsonNode[] => list.filter((n) => isJsonObject(n) && field(n, key) !== undefined).map((n) => field(n as JsonObject, key)!);
  const wantHeader = entry(expected, 'header')[0];
  const gotHeader = entry(actual, 'header')[0];
  const schema = isJsonObject(gotHeader) ? field(gotHeader, 'protoSchema') : undefined;
  if (isJsonObject(wantHeader)) {
    const want = field(wantHeader, 'protoSchema');
    if (want !== undefined && !javaEquals(schema, want)) return `${path}: header protoSchema expected ${show(want)} got ${show(schema)}`;
  }
  const wantRows = entry(expected, 'row').map(String).sort();
  let gotRows: string[];
  try {
    gotRows = entry(actual, 'row').map((r) => protoRowText(String(schema), String(isJsonObject(r) ? field(r, 'protobufBytes') : ''))).sort();
  } catch (e) {
    return `${path}: cannot decode the protobuf rows: ${e instanceof Error ? e.message : String(e)}`;
  }
  if (!javaEquals(gotRows, wantRows)) return `${path}: rows expected ${JSON.stringify(wantRows)} got ${JSON.stringify(gotRows)}`;
  const [wantEnd, gotEnd] = [entry(expected, 'finalMessage'), entry(actual, 'finalMessage')];
  if (!javaEquals(gotEnd, wantEnd)) return `${path}: finalMessage expected ${show(wantEnd)} got ${show(gotEnd)}`;
  return undefined;
}

const KSQL_STATEMENT_ERROR = 'KsqlStatementErrorMessage';

/**
 * `expectedError`: `KsqlStatementErrorMessage` wants a statement_error whose statementText holds
 * the last statement; the message is a substring; the status is the HTTP status.
 */
export function errorMismatch(expected: ExpectedError, actual: ActualError, lastStatement: string): string | undefined {
  const body = isJsonObject(actual.body) ? actual.body : {};
  const message = field(body, 'message');
  const got = `${actual.status} ${show(actual.body)}`;
  if (expected.type !== undefined && expected.type.endsWith(KSQL_STATEMENT_ERROR)) {
    const text = field(body, 'statementText');
    if (field(body, '@type') !== 'statement_error') return `expected a statement error got ${got}`;
    if (typeof text !== 'string' || !text.includes(lastStatement)) return `expected the error's statementText to contain ${JSON.stringify(lastStatement)} got ${got}`;
  }
  if (expected.message !== undefined && (typeof message !== 'string' || !message.includes(expected.message))) {
    return `expected an error message containing ${JSON.stringify(expected.message)} got ${got}`;
  }
  if (expected.status !== undefined && expected.status !== actual.status) return `expected status ${expected.status} got ${got}`;
  return undefined;
}

/**
 * `outputs` of one topic: exactly as many records, compared in order by key, value (ksqlDB's
 * record comparator) and timestamp when given. Windows and headers are not checked.
 */
export function outputsMismatch(topic: string, expected: readonly TestRecord[], actual: readonly ActualRecord[]): string | undefined {
  if (expected.length !== actual.length) return `topic ${topic}: expected ${expected.length} records got ${actual.length}`;
  for (const [i, e] of expected.entries()) {
    const a = actual[i]!;
    const m = valueMismatch(e.key, a.key, 'key') ?? valueMismatch(e.value, a.value, 'value');
    if (m) return `topic ${topic} record ${i}: ${m}`;
    if (e.timestamp !== undefined && e.timestamp !== a.timestamp) return `topic ${topic} record ${i}: timestamp expected ${e.timestamp} got ${a.timestamp}`;
  }
  return undefined;
}
