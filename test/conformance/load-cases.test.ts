import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaseLoadError, loadCaseFile, loadCases } from './load-cases.ts';
import { parseLossless, stripJsonComments, toJsonText } from './json-text.ts';

function writeCases(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'qtt-'));
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('stripJsonComments', () => {
  it('removes line and block comments outside strings only', () => {
    const text = `{
      // a whole-line comment
      "url": "http://example.com//x", // trailing
      "s": "a // b /* c */", /* block */ "n": 1.10
    }`;
    expect(parseLossless(stripJsonComments(text))).toEqual(parseLossless('{"url":"http://example.com//x","s":"a // b /* c */","n":1.10}'));
  });

  it('handles escaped quotes inside strings', () => {
    expect(stripJsonComments('["a\\"//", 1] // x')).toBe('["a\\"//", 1] ');
  });
});

describe('loadCaseFile', () => {
  const file = writeCases(
    'my-file.json',
    `{"tests": [
      {"name": "fmt", "format": ["JSON", "AVRO"],
       "statements": ["CREATE STREAM S (ID INT) WITH (kafka_topic='t', value_format='{FORMAT}');"],
       "inputs": [{"topic": "t", "value": {"Id": 1.10}, "timestamp": 5}],
       "outputs": [{"topic": "{FORMAT}", "value": {"ID": 1}}],
       "expectedException": {"type": "x.KsqlException", "message": "{FORMAT}"}},
      {"name": "cfg", "config": ["true", "false"], "properties": {"p.q": "{CONFIG}", "n": 3},
       "statements": ["SELECT 1;"], "outputs": []},
      {"name": "off", "enabled": false, "statements": ["x"], "outputs": []},
      {"name": "bad", "statements": [], "outputs": []},
      {"name": "norec", "statements": ["x"], "inputs": [{"topic": "t"}]}
    ]}`,
  );
  const cases = loadCaseFile(file);
  const byName = new Map(cases.map((c) => [c.name, c]));

  it('expands formats and configs into named cases, skipping disabled tests', () => {
    expect(cases.map((c) => c.name)).toEqual([
      'my-file - fmt - JSON',
      'my-file - fmt - AVRO',
      'my-file - cfg - p.q=true',
      'my-file - cfg - p.q=false',
      'my-file - bad',
      'my-file - norec',
    ]);
  });

  it('replaces {FORMAT} only in statements', () => {
    const c = byName.get('my-file - fmt - AVRO')!;
    expect(c.statements[0]).toContain("value_format='AVRO'");
    expect(c.outputs[0]?.topic).toBe('{FORMAT}');
    expect(c.expectedException?.message).toBe('{FORMAT}');
  });

  it('substitutes the config value and keeps other properties', () => {
    expect(byName.get('my-file - cfg - p.q=false')!.properties).toEqual({ 'p.q': 'false', n: 3 });
  });

  it('keeps numeric text and field-name case of records', () => {
    const input = byName.get('my-file - fmt - JSON')!.inputs[0]!;
    expect(toJsonText(input.value)).toBe('{"Id":1.10}');
    expect(input.timestamp).toBe(5);
    expect(input.key).toBeNull();
  });

  it('marks malformed tests as invalid instead of dropping them', () => {
    expect(byName.get('my-file - bad')!.invalid).toMatch(/statements/);
    expect(byName.get('my-file - norec')!.invalid).toMatch(/no "value"/);
  });

  it('rejects duplicate case names', () => {
    const dup = writeCases('d.json', '{"tests":[{"name":"a","statements":["x"],"outputs":[]},{"name":"a","statements":["x"],"outputs":[]}]}');
    expect(() => loadCaseFile(dup)).toThrow(CaseLoadError);
    expect(() => loadCases([dup])).toThrow(/duplicate case name "d - a"/);
  });
});
