/**
 * Statements the shell answers itself, as the ksqlDB CLI does: SET/UNSET keep request properties,
 * DEFINE/UNDEFINE keep session variables, both sent with every later request; OUTPUT, SPOOL,
 * RUN SCRIPT and SET CLI (WRAP, COLUMN-WIDTH) are CLI commands, which need no trailing `;`.
 */
export type LocalCommand =
  | { readonly kind: 'set'; readonly name: string; readonly value: string }
  | { readonly kind: 'unset'; readonly name: string }
  | { readonly kind: 'define'; readonly name: string; readonly value: string }
  | { readonly kind: 'undefine'; readonly name: string }
  | { readonly kind: 'showVariables' }
  | { readonly kind: 'output'; readonly format?: OutputFormat }
  | { readonly kind: 'spool'; readonly path?: string }
  | { readonly kind: 'runScript'; readonly path: string }
  | { readonly kind: 'wrap'; readonly on: boolean }
  | { readonly kind: 'columnWidth'; readonly width: number };

export type OutputFormat = 'TABULAR' | 'JSON';

const QUOTED = "'((?:[^']|'')+)'";
const SET = new RegExp(`^SET\\s+${QUOTED}\\s*=\\s*'((?:[^']|'')*)'\\s*;$`, 'i');
const UNSET = new RegExp(`^UNSET\\s+${QUOTED}\\s*;$`, 'i');
const DEFINE = /^DEFINE\s+(\w+)\s*=\s*'((?:[^']|'')*)'\s*;$/i;
const UNDEFINE = /^UNDEFINE\s+(\w+)\s*;$/i;
const SHOW_VARIABLES = /^(SHOW|LIST)\s+VARIABLES\s*;$/i;
const OUTPUT = /^OUTPUT(?:\s+(TABULAR|JSON))?\s*;?$/i;
const SPOOL = new RegExp(`^SPOOL\\s+(?:${QUOTED}|([^\\s';]+))\\s*;?$`, 'i');
const RUN_SCRIPT = new RegExp(`^RUN\\s+SCRIPT\\s+(?:${QUOTED}|([^\\s';]+))\\s*;?$`, 'i');
const WRAP = /^SET\s+CLI\s+WRAP\s+(ON|OFF)\s*;?$/i;
const COLUMN_WIDTH = /^SET\s+CLI\s+COLUMN-WIDTH\s+(\d+)\s*;?$/i;

/** The first word of each command that needs no `;`: the shell runs such a line at once. */
export const CLI_COMMAND_START = /^\s*(OUTPUT|SPOOL|RUN\s+SCRIPT|SET\s+CLI)\b/i;

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
  if (SHOW_VARIABLES.test(text)) return { kind: 'showVariables' };
  if ((m = OUTPUT.exec(text))) return m[1] ? { kind: 'output', format: m[1].toUpperCase() as OutputFormat } : { kind: 'output' };
  if ((m = SPOOL.exec(text))) {
    const path = m[1] !== undefined ? unquote(m[1]) : (m[2] ?? '');
    return m[1] === undefined && path.toUpperCase() === 'OFF' ? { kind: 'spool' } : { kind: 'spool', path };
  }
  if ((m = RUN_SCRIPT.exec(text))) return { kind: 'runScript', path: m[1] !== undefined ? unquote(m[1]) : (m[2] ?? '') };
  if ((m = WRAP.exec(text))) return { kind: 'wrap', on: m[1]?.toUpperCase() === 'ON' };
  if ((m = COLUMN_WIDTH.exec(text))) return { kind: 'columnWidth', width: Number(m[1]) };
  return undefined;
}
