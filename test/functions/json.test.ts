import { describe, expect, it } from 'vitest';
import { BIGINT, BYTES, DATE, DOUBLE, INTEGER, STRING, TIME, TIMESTAMP, array, decimal, map, struct } from '../../common/types.ts';
import { Decimal } from '../../common/decimal.ts';
import { call, rows } from './helpers.ts';

// Expected values come from extract-json-field.json, json_*.json, is_json_string.json, to_json_string.json.
describe('JSON functions', () => {
  it('EXTRACTJSONFIELD returns text for strings and JSON for the rest', () => {
    const f = (json: string, path: string): unknown => call('EXTRACTJSONFIELD', [STRING, STRING], [json, path]);
    expect(f('{"name": "cdc", "version": "1", "@type": "UDF"}', '$.@type')).toBe('UDF');
    expect(f('{"name": "cdd", "version": "2", "@type": "VAL"}}', '$.version')).toBe('2');
    expect(['$.array[-1]', '$.array[0]', '$.array[1]'].map((p) => f('{"array": [1.23450]}', p))).toEqual([null, '1.23450', null]);
    expect(f('{"a": {"b": [1, {"c": true}]}}', '$.a.b[1]')).toBe('{"c":true}');
    expect(f('{"a b": 1}', "$['a b']")).toBe('1');
    expect(f('not json', '$.a')).toBeNull();
  });

  it('JSON_CONCAT merges objects and flattens arrays', () => {
    const f = (...xs: string[]): unknown => call('JSON_CONCAT', xs.map(() => STRING), xs);
    expect(f('{"a": 1}', '{"b": 2}')).toBe('{"a":1,"b":2}');
    expect(f('{"a": {"5": 6}}', '{"a": {"3": 4}}')).toBe('{"a":{"3":4}}');
    expect(f('[1, 2]', '[3, 4]')).toBe('[1,2,3,4]');
    expect(f('null', 'null')).toBe('[null,null]');
    expect(f('[1, 2]', '{"a": 1}', '4')).toBe('[1,2,{"a":1},4]');
  });

  it('JSON_KEYS, JSON_RECORDS, JSON_ITEMS, JSON_ARRAY_LENGTH', () => {
    expect(call('JSON_KEYS', [STRING], ['{"Red": 3, "Green": 5}'])).toEqual(['Red', 'Green']);
    expect(call('JSON_KEYS', [STRING], ['[1]'])).toBeNull();
    expect(call('JSON_RECORDS', [STRING], ['{"White": "Seven", "Pink": 8}'])).toEqual(new Map([['White', 'Seven'], ['Pink', '8']]));
    expect(call('JSON_ITEMS', [STRING], ['[{"type": "A"}, 2]'])).toEqual(['{"type":"A"}', '2']);
    expect(rows('JSON_ARRAY_LENGTH', [STRING], [['[]'], ['["a"]'], [''], [null]])).toEqual([0, 1, null, null]);
  });

  it('JSON_ARRAY_CONTAINS and IS_JSON_STRING', () => {
    expect(call('JSON_ARRAY_CONTAINS', [STRING, STRING], ['["Pink", null]', 'Pink'])).toBe(true);
    expect(call('JSON_ARRAY_CONTAINS', [STRING, BIGINT], ['[1, 2]', 2n])).toBe(true);
    expect(call('JSON_ARRAY_CONTAINS', [STRING, STRING], [null, 'Pink'])).toBe(false);
    expect(rows('IS_JSON_STRING', [STRING], [['1'], ['abc'], ['[1, 2, 3]'], ['"abc"'], [''], [null]])).toEqual([true, false, true, true, false, false]);
  });

  it('TO_JSON_STRING serializes by SQL type', () => {
    expect(call('TO_JSON_STRING', [INTEGER], [null])).toBe('null');
    expect(call('TO_JSON_STRING', [STRING], ['abc'])).toBe('"abc"');
    expect(call('TO_JSON_STRING', [DOUBLE], [123.456])).toBe('123.456');
    expect(call('TO_JSON_STRING', [decimal(6, 3)], [Decimal.parse('123.456')])).toBe('123.456');
    expect(call('TO_JSON_STRING', [BYTES], [new Uint8Array([33])])).toBe('"IQ=="');
    expect(call('TO_JSON_STRING', [TIME], [60220000])).toBe('"16:43:40"');
    expect(call('TO_JSON_STRING', [DATE], [1000])).toBe('"1972-09-27"');
    expect(call('TO_JSON_STRING', [TIMESTAMP], [60220000000])).toBe('"1971-11-28T23:46:40.000"');
    expect(call('TO_JSON_STRING', [array(INTEGER)], [[1, 2, 3]])).toBe('[1,2,3]');
    const t = struct([{ name: 'ID', type: INTEGER }, { name: 'NAME', type: STRING }]);
    expect(call('TO_JSON_STRING', [t], [{ ID: 1, NAME: 'x' }])).toBe('{"ID":1,"NAME":"x"}');
    expect(call('TO_JSON_STRING', [map(STRING, DOUBLE)], [new Map([['a', 1]])])).toBe('{"a":1.0}');
  });
});
