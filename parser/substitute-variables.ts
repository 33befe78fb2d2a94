/**
 * ksqlDB-style variable substitution (KLIP-38): every `${name}` in the text is replaced, inside
 * string literals too (`value_format = '${format}'`); names match case-insensitively; `$${name}`
 * escapes a reference; undefined names are left as they are.
 */
const REFERENCE = /(\$?)\$\{([A-Za-z_][A-Za-z0-9_@]*)\}/g;

export function substituteVariables(text: string, vars: ReadonlyMap<string, string>): string {
  if (vars.size === 0 || !text.includes('${')) return text;
  const byName = new Map<string, string>();
  for (const [name, value] of vars) byName.set(name.toUpperCase(), value);
  return text.replace(REFERENCE, (whole: string, escape: string, name: string) => {
    if (escape) return whole.slice(1);
    return byName.get(name.toUpperCase()) ?? whole;
  });
}
