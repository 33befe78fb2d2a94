import { describe, expect, it } from 'vitest';
import { isLosslessNumber, parseJsonLossless } from '../../../common/json-values.ts';
import { array, BIGINT, decimal, DOUBLE, INTEGER, map, STRING, struct, TIMESTAMP, type SqlType } from '../../../common/types.ts';
import { jsonCoercerFor, rowCoercer } from '../../../runtime/serde/json-coerce.ts';
import { parseJsonTree } from '../../../runtime/serde/json-parse.ts';

/** What the exact parser and the fast path make of `text` for a column of `type`: value or error. */
function both(text: string, type: SqlType): [unknown, unknown] {
  const read = (parse: (t: string) => unknown): unknown => {
    try {
      return jsonCoercerFor(type)(parse(text), '$');
    } catch (e) {
      return `error: ${(e as Error).message}`;
    }
  };
  return [read(parseJsonLossless), read(parseJsonTree)];
}

describe('parseJsonTree', () => {
  it('reads short integers with JSON.parse, anything else exactly', () => {
    expect(parseJsonTree('{"V":123,"W":[-5,0]}')).toEqual({ V: 123, W: [-5, 0] });
    for (const text of ['{"V":1.5}', '{"V":1e3}', '{"V":-0}', '{"V":1234567890123456}', '[0.1]']) {
      const tree = parseJsonTree(text) as Record<string, unknown> | unknown[];
      expect(Object.values(tree).some(isLosslessNumber), text).toBe(true);
    }
  });

  it('leaves digits, colons and escapes inside strings alone', () => {
    expect(parseJsonTree('{"a:1.5":"x\\"y:2.25","b":"1e99"}')).toEqual({ 'a:1.5': 'x"y:2.25', b: '1e99' });
  });

  it('keeps the exact parser on duplicate keys and on text JSON.parse rejects', () => {
    expect(() => parseJsonTree('{"A":1,"A":2}')).toThrow("Duplicate key 'A'");
    expect(() => parseJsonTree('{"S":{"A":1,"B":{"A":3,"A":4}}}')).toThrow("Duplicate key 'A'");
    expect(parseJsonTree('{"A":1,"A":1}')).toEqual(parseJsonLossless('{"A":1,"A":1}'));
    expect(() => parseJsonTree('{"A":01}')).toThrow(SyntaxError);
    expect(() => parseJsonTree('')).toThrow(SyntaxError);
  });

  it('coerces a plain number exactly as the LosslessNumber of its text', () => {
    const types = [INTEGER, BIGINT, DOUBLE, STRING, TIMESTAMP, decimal(6, 2), decimal(2, 1), array(STRING), map(STRING, BIGINT), struct([{ name: 'A', type: INTEGER }])];
    const texts = ['7', '-2147483649', '2147483648', '999999999999999', '-0', '{"A":3}', '[1,2]', '"12"', 'true', '{"a":9,"b":-4}'];
    for (const type of types) for (const text of texts) {
      const [exact, fast] = both(text, type);
      expect(fast, `${text} as ${type.kind}`).toEqual(exact);
    }
    expect(both('9007199254740993', BIGINT)[1]).toBe(9007199254740993n);
    expect(both('true', INTEGER)[1]).toBe('error: Can\'t convert type. sourceType: BooleanNode, requiredType: INTEGER, path: $');
    expect(both('5000000000', struct([]))[1]).toMatch('sourceType: LongNode');
  });

  it('reads wrapped rows the same either way', () => {
    const row = rowCoercer([{ name: 'V', type: INTEGER }, { name: 'N', type: STRING }]);
    for (const text of ['{"V":42,"N":7}', '{"v":42,"n":"x"}', '{"V":4294967297,"N":1.50}', 'null']) {
      expect(row(parseJsonTree(text)), text).toEqual(row(parseJsonLossless(text)));
    }
  });
});
