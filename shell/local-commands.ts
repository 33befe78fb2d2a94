/**
 * Statements the shell answers itself, as the ksqlDB CLI does: SET/UNSET keep request properties,
 * DEFINE/UNDEFINE keep session variables, both sent with every later request.
 */
export type LocalCommand =
  | { readonly kind: 'set'; readonly name: string; readonly value: string }
  | { readonly kind: 'unset'; readonly name: string }
  | { readonly kind: 'define'; readonly name: string; readonly value: string }
  | { readonly kind: 'undefine'; readonly name: string }
  | { readonly kind: 'showVariables' };

const SET = /^SET\s+'((?:[^']|'')+)'\s*=\s*'((?:[^']|'')*)'\s*;$/i;
const UNSET = /^UNSET\s+'((?:[^']|'')+)'\s*;$/i;
const DEFINE = /^DEFINE\s+(\w+)\s*=\s*'((?:[^']|'')*)'\s*;$/i;
const UNDEFINE = /^UNDEFINE\s+(\w+)\s*;$/i;
const SHOW_VARIABLES = /^(SHOW|LIST)\s+VARIABLES\s*;$/i;

const unquote = (text: string): string => text.replace(/''/g, "'");

/** Recognises a local command in a statement with comments already stripped. */
export function parseLocalCommand(statement: string): LocalCommand | undefined {
  const text = statement.trim();
  let m = SET.exec(text);
  if (m?.[1] !== undefined && m[2] !== undefined) return { kind: 'set', name: unquote(m[1]), value: unquote(m[2]) };
  m = UNSET.exec(text);
  if (m?.[1] !== undefined) return { kind: 'unset', name: unquote(m[1]) };
  m = DEFINE.exec(text);
  if (m?.[1] !== undefined && m[2] !== undefined) return { kind: 'define', name: m[1], value: unquote(m[2]) };
  m = UNDEFINE.exec(text);
  if (m?.[1] !== undefined) return { kind: 'undefine', name: m[1] };
  return SHOW_VARIABLES.test(text) ? { kind: 'showVariables' } : undefined;
}
