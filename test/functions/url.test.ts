import { describe, expect, it } from 'vitest';
import { STRING } from '../../common/types.ts';
import { ProcessingError } from '../../common/errors.ts';
import { call } from './helpers.ts';

const url = (name: string, ...args: string[]): unknown => call(name, args.map(() => STRING), args);

// Expected values follow java.net.URI, URLEncoder and URLDecoder, which ksqlDB's URL UDFs call.
describe('URL functions', () => {
  it('extracts the components of a URL, decoded', () => {
    expect(url('URL_EXTRACT_HOST', 'http://test.com:8080/path')).toBe('test.com');
    expect(url('URL_EXTRACT_PORT', 'http://localhost:8080/path')).toBe(8080);
    expect(url('URL_EXTRACT_PORT', 'http://localhost/path')).toBeNull();
    expect(url('URL_EXTRACT_PROTOCOL', 'http://test.com?a=foo&b=bar')).toBe('http');
    expect(url('URL_EXTRACT_PATH', 'http://test.com/path/to#a')).toBe('/path/to');
    expect(url('URL_EXTRACT_FRAGMENT', 'http://test.com#frag%20space')).toBe('frag space');
    expect(url('URL_EXTRACT_FRAGMENT', 'http://test.com')).toBeNull();
    expect(url('URL_EXTRACT_QUERY', 'http://test.com?a=foo%20bar&b=baz')).toBe('a=foo bar&b=baz');
  });

  it('finds query parameters', () => {
    expect(url('URL_EXTRACT_PARAMETER', 'http://test.com?a%20b=c%20d', 'a b')).toBe('c d');
    expect(url('URL_EXTRACT_PARAMETER', 'http://test.com?a=foo&b=bar', 'b')).toBe('bar');
    expect(url('URL_EXTRACT_PARAMETER', 'http://test.com?a=foo&b', 'b')).toBe('');
    expect(url('URL_EXTRACT_PARAMETER', 'http://test.com?a=foo', 'c')).toBeNull();
  });

  it('encodes and decodes parameters as application/x-www-form-urlencoded', () => {
    expect(url('URL_ENCODE_PARAM', "url encoded?&='*")).toBe('url+encoded%3F%26%3D%27*');
    expect(url('URL_DECODE_PARAM', 'url%20encoded+too')).toBe('url encoded too');
  });

  it('rejects input that is not a URI', () => {
    expect(() => url('URL_EXTRACT_HOST', 'http://test .com')).toThrow(ProcessingError);
  });
});
