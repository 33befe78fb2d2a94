import { describe, expect, it } from 'vitest';
import { BYTES, INTEGER, STRING } from '../../common/types.ts';
import { call, rows } from './helpers.ts';

const b64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));
const toB64 = (v: unknown): unknown => (v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v);

// Expected values come from the conformance vectors named in each test.
describe('string functions', () => {
  it('LCASE, UCASE, TRIM, SUBSTRING (string.json)', () => {
    const input = ' \t with white space \t';
    expect(call('LCASE', [STRING], ['MiXeD'])).toBe('mixed');
    expect(call('UCASE', [STRING], [input])).toBe(' \t WITH WHITE SPACE \t');
    expect(call('TRIM', [STRING], [input])).toBe('with white space');
    expect(rows('SUBSTRING', [STRING, INTEGER, INTEGER], [['lower', 2, 5], ['s', 2, 5], [input, 2, 5], ['long enough', 2, 5]])).toEqual([
      'ower', '', '\t wit', 'ong e',
    ]);
    expect(call('SUBSTRING', [STRING, INTEGER], ['hello', -3])).toBe('llo');
    expect(call('SUBSTRING', [STRING, INTEGER], [null, 1])).toBeNull();
  });

  it('CONCAT skips nulls; CONCAT_WS needs a separator', () => {
    expect(call('CONCAT', [STRING, STRING, STRING], ['a', null, 'b'])).toBe('ab');
    expect(call('CONCAT_WS', [STRING, STRING, STRING, STRING], ['-', 'a', null, 'b'])).toBe('a-b');
    expect(call('CONCAT_WS', [STRING, STRING], [null, 'a'])).toBeNull();
  });

  it('INITCAP (initcap.json)', () => {
    expect(rows('INITCAP', [STRING], [['some_string'], [null], ['the   Quick br0wn fOx']])).toEqual(['Some_string', null, 'The   Quick Br0wn Fox']);
  });

  it('INSTR (instr.json)', () => {
    expect(call('INSTR', [STRING, STRING], ['corporate floor', 'or'])).toBe(2);
    expect(call('INSTR', [STRING, STRING], ['should I stay or should I go', 'or'])).toBe(15);
    expect(call('INSTR', [STRING, STRING], ['no substring', 'or'])).toBe(0);
    expect(call('INSTR', [STRING, STRING, INTEGER], ['corporate floor', 'or', 4])).toBe(5);
    expect(call('INSTR', [STRING, STRING, INTEGER, INTEGER], ['corporate floor', 'or', 4, 2])).toBe(14);
    expect(call('INSTR', [STRING, STRING, INTEGER], ['corporate floor', 'or', -4])).toBe(5);
    expect(call('INSTR', [STRING, STRING, INTEGER, INTEGER], ['corporate floor', 'or', -4, 2])).toBe(2);
    expect(call('INSTR', [STRING, STRING, INTEGER, INTEGER], ['short', 'or', -4, 2])).toBe(0);
  });

  it('SPLIT_TO_MAP (split-to-map.json)', () => {
    const f = (s: string, e: string, kv: string): unknown => call('SPLIT_TO_MAP', [STRING, STRING, STRING], [s, e, kv]);
    expect(f('apple:green/banana:yellow/cherry:red', '/', ':')).toEqual(new Map([['apple', 'green'], ['banana', 'yellow'], ['cherry', 'red']]));
    expect(f('apple:green/banana:yellow/cherry:red', '&&', ':')).toEqual(new Map([['apple', 'green/banana']]));
    expect(f('apple:green//banana:yellow//cherry:red/', '/', ':')).toEqual(new Map([['apple', 'green'], ['banana', 'yellow'], ['cherry', 'red']]));
    expect(f('apple:green/banana:yellow/cherry:red', '/', '=')).toEqual(new Map());
    expect(f('apple:green', '', ':')).toBeNull();
  });

  it('SPLIT keeps empty parts', () => {
    expect(call('SPLIT', [STRING, STRING], ['a,,b,', ','])).toEqual(['a', '', 'b', '']);
    expect(call('SPLIT', [STRING, STRING], ['abc', ''])).toEqual(['a', 'b', 'c']);
  });

  it('CHR (chr.json)', () => {
    expect(rows('CHR', [INTEGER], [[75], [22909], [99000], [-1], [null]])).toEqual(['K', '\u597d', '\ud820\udeb8', null, null]);
    expect(rows('CHR', [STRING], [['\\u004b'], ['\\ud820\\udeb8'], ['75'], ['bogus']])).toEqual(['K', '\ud820\udeb8', null, null]);
  });

  it('ELT and FIELD (elt-field.json)', () => {
    expect(call('ELT', [INTEGER, STRING, STRING], [2, 'ignored', 'something'])).toBe('something');
    expect(call('FIELD', [STRING, STRING, STRING], ['hello', null, 'hello'])).toBe(2);
    expect(call('FIELD', [STRING, STRING, STRING], ['hello', null, null])).toBe(0);
  });

  it('REPLACE and REGEXP functions', () => {
    expect(call('REPLACE', [STRING, STRING, STRING], ['a.b.c', '.', '-'])).toBe('a-b-c');
    expect(call('REGEXP_REPLACE', [STRING, STRING, STRING], ['aaa bbb', 'a+', 'x'])).toBe('x bbb');
    expect(call('REGEXP_EXTRACT', [STRING, STRING, INTEGER], ['(\\w+)@(\\w+)', 'mail me@host now', 2])).toBe('host');
    expect(call('REGEXP_EXTRACT_ALL', [STRING, STRING], ['\\d+', 'a1b22c333'])).toEqual(['1', '22', '333']);
  });

  it('MASK family', () => {
    expect(call('MASK', [STRING], ['Ab1-'])).toBe('Xxn-');
    expect(call('MASK_KEEP_LEFT', [STRING, INTEGER], ['Abcd12', 2])).toBe('Abxxnn');
    expect(call('MASK_RIGHT', [STRING, INTEGER, STRING, STRING, STRING, STRING], ['Abcd12', 2, 'U', 'l', '#', null])).toBe('Abcd##');
  });

  it('LPAD and RPAD on bytes (bytes-lpad-rpad.json)', () => {
    const f = (name: string, len: number): unknown => toB64(call(name, [BYTES, INTEGER, BYTES], [b64('eWVz'), len, b64('bm8=')]));
    expect([8, 5, 3, 2, 0, -1].map((n) => f('LPAD', n))).toEqual(['bm9ub255ZXM=', 'bm95ZXM=', 'eWVz', 'eWU=', '', null]);
    expect([8, 5, 3, 2, 0, -1].map((n) => f('RPAD', n))).toEqual(['eWVzbm9ub24=', 'eWVzbm8=', 'eWVz', 'eWU=', '', null]);
    expect(call('LPAD', [STRING, INTEGER, STRING], ['yes', 5, 'no'])).toBe('noyes');
  });

  it('ENCODE (encode.json)', () => {
    const e = (s: string, from: string, to: string): unknown => call('ENCODE', [STRING, STRING, STRING], [s, from, to]);
    expect(e('4578616d706C6521', 'hex', 'utf8')).toBe('Example!');
    expect(e('0x4578616d706C6521', 'hex', 'base64')).toBe('RXhhbXBsZSE=');
    expect(e("X'4578616d706C6521'", 'hex', 'ascii')).toBe('Example!');
    expect(e('c39c6265726d656e736368', 'hex', 'ascii')).toBe('\ufffd\ufffdbermensch');
    expect(e('\u0395\u03bb\u03bb\u03ac\u03b4\u03b1', 'ascii', 'hex')).toBe('3f3f3f3f3f3f');
    expect(e('zpXOu867zqzOtM6x', 'base64', 'utf8')).toBe('\u0395\u03bb\u03bb\u03ac\u03b4\u03b1');
    expect(e('RXhhbXBsZSE=', 'base64', 'null')).toBeNull();
  });

  it('TO_BYTES / FROM_BYTES and number decoders (bytes-and-strings.json)', () => {
    expect(call('FROM_BYTES', [BYTES, STRING], [b64('GrI='), 'hex'])).toBe('1AB2');
    expect(toB64(call('TO_BYTES', [STRING, STRING], ['1AB2', 'hex']))).toBe('GrI=');
    expect(call('INT_FROM_BYTES', [BYTES], [b64('AAAH5Q==')])).toBe(2021);
    expect(call('BIGINT_FROM_BYTES', [BYTES, STRING], [b64('APIFKgEAAAA='), 'LITTLE_ENDIAN'])).toBe(5000000000n);
    expect(call('DOUBLE_FROM_BYTES', [BYTES], [b64('QICm/ZvJ9YI=')])).toBe(532.8738323);
  });

  it('MD5 (md5.json) and LEN', () => {
    expect(call('MD5', [STRING], ['r1'])).toBe('7c92cf1eee8d99cc85f8355a3d6e4b86');
    expect(call('MD5', [STRING], [''])).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(call('LEN', [STRING], ['h\u00e9llo'])).toBe(5);
  });
});
