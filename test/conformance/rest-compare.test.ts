import { describe, expect, it } from 'vitest';
import { parseLossless, type JsonNode, type JsonObject } from './json-text.ts';
import { errorMismatch, fieldsMismatch, javaEquals, queryMismatch, responsesMismatch } from './rest-compare.ts';

const j = (text: string): JsonNode => parseLossless(text);
const o = (text: string): JsonObject => parseLossless(text) as JsonObject;

describe('javaEquals', () => {
  it('tells integers from decimals and compares decimal scale, as BigDecimal.equals does', () => {
    expect(javaEquals(j('1'), j('1'))).toBe(true);
    expect(javaEquals(j('1'), j('1.0'))).toBe(false);
    expect(javaEquals(j('1.5'), j('1.50'))).toBe(false);
    expect(javaEquals(j('1.50'), j('1.50'))).toBe(true);
    expect(javaEquals(j('9223372036854775807'), j('9223372036854775807'))).toBe(true);
  });

  it('compares lists and nested objects in full', () => {
    expect(javaEquals(j('[1,{"A":2}]'), j('[1,{"A":2}]'))).toBe(true);
    expect(javaEquals(j('[1,{"A":2,"B":3}]'), j('[1,{"A":2}]'))).toBe(false);
    expect(javaEquals(j('[1,2]'), j('[2,1]'))).toBe(false);
    expect(javaEquals(j('null'), j('"null"'))).toBe(false);
  });
});

describe('fieldsMismatch', () => {
  it('matches expected fields as a subset, nested objects too', () => {
    expect(fieldsMismatch(j('{"@type":"currentStatus","statementText":"x","commandStatus":{"status":"SUCCESS","message":"m"}}'), o('{"@type":"currentStatus","commandStatus":{"status":"SUCCESS"}}'), 'r')).toBeUndefined();
    expect(fieldsMismatch(j('{"@type":"currentStatus"}'), o('{"@type":"streams"}'), 'r')).toBe('r->@type: expected "streams" got "currentStatus"');
  });

  it('needs every expected key present, even with a null value', () => {
    expect(fieldsMismatch(j('{"a":1}'), o('{"b":null}'), 'r')).toBe('r->b: missing (expected null)');
    expect(fieldsMismatch(j('{"a":1,"b":null}'), o('{"b":null}'), 'r')).toBeUndefined();
  });

  it('understands |starts_with in any case', () => {
    expect(fieldsMismatch(j('{"queryId":"SCALABLE_PUSH_QUERY_123"}'), o('{"queryId|starts_with":"SCALABLE_PUSH_QUERY"}'), 'r')).toBeUndefined();
    expect(fieldsMismatch(j('{"queryId":"transient_1"}'), o('{"queryId|STARTS_WITH":"SCALABLE"}'), 'r')).toMatch(/expected to start with "SCALABLE"/);
  });
});

describe('queryMismatch', () => {
  const header = '{"header":{"queryId":"q","schema":"`K` STRING KEY, `V` INTEGER"}}';

  it('compares header and final message by subset, and rows as a multiset of column lists', () => {
    const actual = j(`[${header},{"row":{"columns":["b",2]}},{"row":{"columns":["a",1]}},{"finalMessage":"Limit Reached"}]`) as JsonNode[];
    const expected = j('[{"header":{"schema":"`K` STRING KEY, `V` INTEGER"}},{"row":{"columns":["a",1]}},{"row":{"columns":["b",2]}},{"finalMessage":"Limit Reached"}]') as JsonNode[];
    expect(queryMismatch(expected, actual, 'q')).toBeUndefined();
  });

  it('fails on a different row count, a missing row, a duplicate row counted once, or a changed header', () => {
    const actual = j(`[${header},{"row":{"columns":["a",1]}},{"row":{"columns":["a",1]}}]`) as JsonNode[];
    expect(queryMismatch(j(`[${header},{"row":{"columns":["a",1]}}]`) as JsonNode[], actual, 'q')).toMatch(/expected 2 entries got 3/);
    expect(queryMismatch(j(`[${header},{"row":{"columns":["a",1]}},{"row":{"columns":["b",2]}}]`) as JsonNode[], actual, 'q')).toMatch(/no row with columns \["b",2\]/);
    expect(queryMismatch(j('[{"header":{"schema":"`K` STRING"}},{"row":{"columns":["a",1]}},{"row":{"columns":["a",1]}}]') as JsonNode[], actual, 'q')).toMatch(/header->schema/);
  });

  it('keeps other row fields such as tombstone positional', () => {
    const actual = j(`[${header},{"row":{"columns":["a",null],"tombstone":true}}]`) as JsonNode[];
    expect(queryMismatch(j(`[${header},{"row":{"columns":["a",null],"tombstone":true}}]`) as JsonNode[], actual, 'q')).toBeUndefined();
    expect(queryMismatch(j(`[${header},{"row":{"columns":["a",null],"tombstone":false}}]`) as JsonNode[], actual, 'q')).toMatch(/tombstone/);
  });
});

describe('responsesMismatch', () => {
  it('pairs expected with actual responses by position, ignoring extra actual ones', () => {
    const expected = [{ kind: 'admin', payload: j('{"@type":"currentStatus"}') }];
    expect(responsesMismatch(expected, [{ admin: j('{"@type":"currentStatus"}') }, { admin: j('{"@type":"x"}') }])).toBeUndefined();
    expect(responsesMismatch(expected, [])).toMatch(/expected at least 1 responses got 0/);
    expect(responsesMismatch(expected, [{ query: [] }])).toMatch(/expected an admin response/);
  });
});

describe('errorMismatch', () => {
  const body = j('{"@type":"statement_error","error_code":40001,"message":"Pull queries don\'t support JOIN clauses.","statementText":"SELECT * FROM A JOIN B ON A.K = B.K;"}');

  it('matches a message substring, the status, and a statement error naming the last statement', () => {
    const expected = { type: 'io.confluent.ksql.rest.entity.KsqlStatementErrorMessage', message: "don't support JOIN", status: 400 };
    expect(errorMismatch(expected, { status: 400, body }, 'SELECT * FROM A JOIN B ON A.K = B.K;')).toBeUndefined();
    expect(errorMismatch(expected, { status: 500, body }, 'SELECT * FROM A JOIN B ON A.K = B.K;')).toMatch(/expected status 400/);
    expect(errorMismatch(expected, { status: 400, body }, 'SELECT 1;')).toMatch(/statementText to contain/);
    expect(errorMismatch({ message: 'WINDOW' }, { status: 400, body }, '')).toMatch(/message containing "WINDOW"/);
  });

  it('takes any error body for KsqlErrorMessage', () => {
    const generic = j('{"@type":"generic_error","error_code":40000,"message":"bad"}');
    expect(errorMismatch({ type: 'io.confluent.ksql.rest.entity.KsqlErrorMessage' }, { status: 400, body: generic }, 'x')).toBeUndefined();
    expect(errorMismatch({ type: 'io.confluent.ksql.rest.entity.KsqlStatementErrorMessage' }, { status: 400, body: generic }, 'x')).toMatch(/statement error/);
  });
});
