import type { ParamType, ScalarFunction } from '../../function.ts';
import { ProcessingError } from '../../../common/errors.ts';
import { P } from '../../param-types.ts';
import { sig } from '../../define.ts';

/** A URI split as java.net.URI does (RFC 3986, appendix B); components stay percent-encoded. */
interface Uri {
  readonly scheme?: string;
  readonly authority?: string;
  readonly path: string;
  readonly query?: string;
  readonly fragment?: string;
}

const URI = /^(?:([^:/?#]+):)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/s;
// Characters java.net.URI rejects anywhere in its input.
const ILLEGAL = /[\s"<>\\^`{|}]|%(?![0-9a-fA-F]{2})/;

function parseUri(input: string): Uri {
  const m = URI.exec(input);
  if (!m || ILLEGAL.test(input)) throw new ProcessingError(`URL input has invalid syntax: ${input}`);
  return { scheme: m[1], authority: m[2], path: m[3] ?? '', query: m[4], fragment: m[5] };
}

/** URI's decoding of a component: %XX sequences as UTF-8, `+` kept. */
const decode = (s: string | undefined): string | null => (s === undefined ? null : decodeURIComponent(s));

/** Host and port of a server-based authority (`user@host:port`); IPv6 literals keep brackets. */
function hostPort(uri: Uri): { host: string | null; port: number | null } {
  const auth = uri.authority;
  if (!auth) return { host: null, port: null };
  const m = /^(?:[^@]*@)?(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(auth);
  if (!m || m[1] === '') return { host: null, port: null };
  return { host: m[1]!, port: m[2] ? Number(m[2]) : null };
}

/** Java's URLEncoder (application/x-www-form-urlencoded, UTF-8): space as `+`. */
const encodeParam = (s: string): string =>
  encodeURIComponent(s).replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).replace(/%20/g, '+');

/** Java's URLDecoder: `+` as space, %XX as UTF-8. */
function decodeParam(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    throw new ProcessingError(`URLDecoder: Illegal hex characters in escape (%) pattern: ${s}`);
  }
}

/** The first value of `name` in the query string, decoded; '' when it has no value. */
function extractParameter(url: string, name: string): string | null {
  const query = parseUri(url).query;
  if (query === undefined) return null;
  for (const param of query.split('&')) {
    const eq = param.indexOf('=');
    const key = eq < 0 ? param : param.slice(0, eq);
    if (decodeParam(key) === name) return eq < 0 ? '' : decodeParam(param.slice(eq + 1));
  }
  return null;
}

const url = (name: string, description: string, f: (u: string) => unknown, returns: ParamType = P.STRING): ScalarFunction => ({
  name,
  category: 'URL',
  description,
  signatures: [sig([P.STRING], returns, f, { names: ['input'] })],
});

export const urlEncodeParam = url('url_encode_param', 'Escapes a value for use in URL query parameters.', encodeParam);
export const urlDecodeParam = url('url_decode_param', 'Unescapes a URL-parameter-encoded value.', decodeParam);
export const urlExtractFragment = url('url_extract_fragment', 'The decoded fragment of a URL.', (u) => decode(parseUri(u).fragment));
export const urlExtractHost = url('url_extract_host', 'The host name of a URL.', (u) => hostPort(parseUri(u)).host);
export const urlExtractPath = url('url_extract_path', 'The decoded path of a URL.', (u) => decode(parseUri(u).path));
export const urlExtractPort = url('url_extract_port', 'The explicit port number of a URL.', (u) => hostPort(parseUri(u)).port, P.INTEGER);
export const urlExtractProtocol = url('url_extract_protocol', 'The protocol (scheme) of a URL.', (u) => parseUri(u).scheme ?? null);
export const urlExtractQuery = url('url_extract_query', 'The decoded query string of a URL.', (u) => decode(parseUri(u).query));

export const urlExtractParameter: ScalarFunction = {
  name: 'url_extract_parameter',
  category: 'URL',
  description: 'The decoded value of a query-string parameter of a URL.',
  signatures: [sig([P.STRING, P.STRING], P.STRING, extractParameter, { names: ['input', 'paramToFind'] })],
};
