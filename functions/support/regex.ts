/**
 * Java regular expressions on JS RegExp. The syntax the vectors use is common to both; patterns are
 * usually constant per call site, so the last compiled pattern is kept.
 */
export function regexCache(flags: string): (pattern: string) => RegExp {
  let lastPattern: string | undefined;
  let last: RegExp | undefined;
  return (pattern) => {
    if (pattern !== lastPattern || !last) {
      last = new RegExp(translateJavaRegex(pattern), flags);
      lastPattern = pattern;
    }
    last.lastIndex = 0;
    return last;
  };
}

/** Java-only constructs: `\Q...\E` quoting and possessive/atomic forms are rare; quoting is handled. */
function translateJavaRegex(p: string): string {
  return p.replace(/\\Q([\s\S]*?)(?:\\E|$)/g, (_, lit: string) => lit.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
}

/** Escapes a literal for use inside a RegExp. */
export const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
