import { describe, expect, it } from 'vitest';
import type { QttCase } from './case-model.ts';
import type { InputRecord } from './session-api.ts';
import { type FakeScript, fakeFactory, layout } from './fake-session.ts';
import { type JsonObject, parseLossless, toJsonText } from './json-text.ts';
import { parseCaseBody } from './parse-case.ts';
import { runCase } from './run-case.ts';

function qtt(test: string, name = 'case'): QttCase {
  return parseCaseBody({ file: '/x/f.json', name, test: parseLossless(test) as JsonObject, properties: {}, format: undefined });
}

const STATEMENTS = `"statements": [
  "CREATE STREAM INPUT (K STRING KEY, V STRING) WITH (kafka_topic='input', value_format='JSON', partitions=2);",
  "CREATE STREAM OUTPUT AS SELECT * FROM INPUT;"]`;
const jsonLayout = layout('KAFKA', { kind: 'STRING' });
/** A pass-through "query": every input on `input` is copied to OUTPUT. */
const copy = (input: InputRecord) => (input.topic === 'input' ? [{ topic: 'OUTPUT', record: input }] : []);
const passThrough: FakeScript = { layouts: { input: jsonLayout, OUTPUT: jsonLayout }, process: copy };

describe('runCase', () => {
  const positive = `{${STATEMENTS},
    "inputs": [{"topic": "input", "key": "a", "value": {"V": "x"}, "timestamp": 3}],
    "outputs": [{"topic": "OUTPUT", "key": "a", "value": {"V": "x"}, "timestamp": 3}]}`;

  it('passes a matching case and reports the actual outputs', async () => {
    const { create, sessions } = fakeFactory(passThrough);
    const r = await runCase(qtt(positive), create);
    expect(r).toMatchObject({ file: 'f.json', name: 'case', status: 'passed' });
    expect(toJsonText(r.actual.outputs)).toBe('[{"topic":"OUTPUT","key":"a","value":{"V":"x"},"timestamp":3}]');
    // input is created by its CREATE statement; OUTPUT is pre-created with 4 partitions.
    expect(sessions[0]!.created).toEqual([{ name: 'OUTPUT', partitions: 4 }]);
    expect(sessions[0]!.closed).toBe(true);
  });

  it('fails with a specific reason on a wrong value', async () => {
    const { create } = fakeFactory({ ...passThrough, process: (i) => copy({ ...i, value: Buffer.from('{"V":"y"}') }) });
    const r = await runCase(qtt(positive), create);
    expect(r.status).toBe('failed');
    expect(r.reason).toBe('topic OUTPUT record 0: value.V expected "x" got "y" (string)');
  });

  it('fails a positive case whose statements fail', async () => {
    const { create } = fakeFactory({ executeError: { ksqlType: 'KsqlStatementException', message: 'boom' } });
    const r = await runCase(qtt(positive), create);
    expect(r.reason).toBe('statement failed: KsqlStatementException: boom');
    expect(r.actual.error).toEqual({ type: 'KsqlStatementException', message: 'boom' });
  });

  const negative = `{${STATEMENTS},
    "expectedException": {"type": "io.confluent.ksql.util.KsqlStatementException", "message": "bad column"}}`;

  it('matches an expected exception from the last statement', async () => {
    const error = { ksqlType: 'KsqlStatementException', message: 'bad column X', statementText: 'CREATE STREAM OUTPUT AS SELECT * FROM INPUT;' };
    expect((await runCase(qtt(negative), fakeFactory({ executeError: error }).create)).status).toBe('passed');
    const early = { ...error, statementText: "CREATE STREAM INPUT (K STRING KEY, V STRING) WITH (kafka_topic='input');" };
    const r = await runCase(qtt(negative), fakeFactory({ executeError: early }).create);
    expect(r.reason).toMatch(/statement other than the last/);
  });

  it('fails when the expected exception is not raised', async () => {
    const r = await runCase(qtt(negative), fakeFactory(passThrough).create);
    expect(r.reason).toMatch(/but the statements succeeded/);
  });

  it('matches a processing error against the expected exception', async () => {
    const test = `{${STATEMENTS}, "inputs": [{"topic": "input", "value": {"V": "x"}}],
      "expectedException": {"type": "org.apache.kafka.streams.errors.StreamsException", "message": "Exception caught"}}`;
    const runError = { ksqlType: 'StreamsException', message: 'Exception caught in process' };
    expect((await runCase(qtt(test), fakeFactory({ ...passThrough, runError }).create)).status).toBe('passed');
  });

  it('fails with a clear reason for formats the harness cannot serialize', async () => {
    const xml = { ...jsonLayout, valueFormat: { format: 'XML', properties: {}, features: [] } };
    const r = await runCase(qtt(positive), fakeFactory({ ...passThrough, layouts: { input: xml } }).create);
    expect(r.reason).toBe('input 0 (topic input): format XML not supported by harness');
  });

  it('checks post-conditions after outputs', async () => {
    const test = positive.replace(/}$/, ', "post": {"sources": [{"name": "OUTPUT", "type": "stream"}]}}');
    const r = await runCase(qtt(test), fakeFactory(passThrough).create);
    expect(r.reason).toBe('post: source OUTPUT not found (sources: none)');
  });

  it('guards against a hung case with a timeout', async () => {
    const r = await runCase(qtt(positive), fakeFactory({ ...passThrough, hang: true }).create, { timeoutMs: 20 });
    expect(r.reason).toBe('timed out after 20 ms');
  });

  it('fails invalid tests without creating a session', async () => {
    const { create, sessions } = fakeFactory(passThrough);
    const r = await runCase(qtt('{"statements": []}'), create);
    expect(r.reason).toMatch(/invalid test/);
    expect(sessions).toHaveLength(0);
  });
});
