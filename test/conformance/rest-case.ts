/**
 * ksqlDB's REST query translation tests (RQTT, ksqldb-test-semantics.md §0 and §4): loading and
 * expanding `rqtt/*.json` into cases. The records, topics and statements are read as the QTT loader
 * reads them; the REST-only parts (`responses`, `expectedError`, `inputConditions`) are added here.
 */
import type { QttCase } from './case-model.ts';
import { CaseLoadError, loadTestFile } from './load-cases.ts';
import { parseCaseBody } from './parse-case.ts';
import { type JsonNode, type JsonObject, field, isJsonArray, isJsonObject } from './json-text.ts';

/** `expectedError`: any of type, message (a substring) and HTTP status. */
export interface ExpectedError {
  /** `...KsqlErrorMessage` (any error) or `...KsqlStatementErrorMessage` (a statement_error). */
  readonly type?: string;
  readonly message?: string;
  readonly status?: number;
}

/** One expected response: `{"admin": {...}}`, `{"query": [...]}` or `{"queryProto": [...]}`. */
export interface ExpectedResponse {
  readonly kind: string;
  readonly payload: JsonNode;
}

export interface RestCase {
  readonly file: string;
  /** `<file stem> - <name>[ - <FORMAT>]`. */
  readonly name: string;
  /** Statements, records and topics, as a QTT case holds them. */
  readonly body: QttCase;
  readonly responses: readonly ExpectedResponse[];
  readonly expectedError?: ExpectedError;
  /** `inputConditions.waitForActivePushQuery`: produce the inputs once the one query's header arrived. */
  readonly produceAfterHeader: boolean;
  /** `testPullWithProtoFormat`: each SELECT is repeated on /query-stream as protobuf. */
  readonly protoFormat: boolean;
  /** Set when the test is malformed; the case then fails with this reason. */
  readonly invalid?: string;
}

/** Loads and expands every case of one RQTT file (one case per `format` entry). */
export function loadRestCaseFile(file: string): RestCase[] {
  return loadTestFile(file, expandRestTest);
}

export function expandRestTest(file: string, stem: string, test: JsonObject): RestCase[] {
  if (field(test, 'enabled') === false) return [];
  const testName = String(field(test, 'name') ?? '<unnamed>');
  const formatsNode = field(test, 'format');
  const formats = isJsonArray(formatsNode) ? formatsNode.map(String) : [undefined];
  return formats.map((format) => buildCase(file, format === undefined ? `${stem} - ${testName}` : `${stem} - ${testName} - ${format}`, test, format));
}

function buildCase(file: string, name: string, test: JsonObject, format: string | undefined): RestCase {
  const properties = plainProperties(field(test, 'properties'));
  // The QTT reader wants inputs, outputs or an expected exception; an RQTT test may have none.
  const withInputs: JsonObject = field(test, 'inputs') === undefined && field(test, 'outputs') === undefined ? { ...test, inputs: [] } : test;
  const body = parseCaseBody({ file, name, test: withInputs, properties, format });
  const base = { file, name, body, responses: [], produceAfterHeader: false, protoFormat: field(test, 'testPullWithProtoFormat') === true };
  if (body.invalid) return { ...base, invalid: body.invalid };
  try {
    const expectedError = errorOf(field(test, 'expectedError'));
    if (expectedError && isJsonArray(field(test, 'inputs'))) throw new Error('"inputs" and "expectedError" cannot go together');
    const conditions = field(test, 'inputConditions');
    return {
      ...base,
      responses: responsesOf(field(test, 'responses')),
      ...(expectedError ? { expectedError } : {}),
      produceAfterHeader: isJsonObject(conditions) && field(conditions, 'waitForActivePushQuery') === true,
    };
  } catch (e) {
    return { ...base, invalid: `invalid test: ${e instanceof Error ? e.message : String(e)}` };
  }
}

function responsesOf(node: JsonNode | undefined): ExpectedResponse[] {
  if (node === undefined || node === null) return [];
  if (!isJsonArray(node)) throw new Error('"responses" must be a list');
  return node.map((r, i) => {
    if (!isJsonObject(r)) throw new Error(`responses[${i}] must be an object`);
    const keys = Object.keys(r);
    if (keys.length !== 1) throw new Error(`responses[${i}] must have exactly one key, not ${keys.length}`);
    return { kind: keys[0]!, payload: r[keys[0]!]! };
  });
}

function errorOf(node: JsonNode | undefined): ExpectedError | undefined {
  if (!isJsonObject(node)) return undefined;
  const type = field(node, 'type');
  const message = field(node, 'message');
  const status = field(node, 'status');
  const out: ExpectedError = {
    ...(typeof type === 'string' ? { type } : {}),
    ...(typeof message === 'string' ? { message } : {}),
    ...(status !== undefined && status !== null && typeof status === 'object' && !isJsonArray(status) && !isJsonObject(status) ? { status: Number(status.toString()) } : {}),
  };
  if (out.type === undefined && out.message === undefined && out.status === undefined) throw new Error('"expectedError" needs a type, message or status');
  return out;
}

/** Properties as plain JSON values for `streamsProperties` (numbers as JS numbers when exact). */
function plainProperties(node: JsonNode | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!isJsonObject(node)) return out;
  for (const [k, v] of Object.entries(node)) {
    if (v !== null && typeof v === 'object' && !isJsonArray(v) && !isJsonObject(v)) {
      const n = Number(v.toString());
      out[k] = Number.isFinite(n) ? n : v.toString();
    } else out[k] = v;
  }
  return out;
}
