/** SQL LIKE → RegExp: `%` any run, `_` one character, an optional escape character. */
export function likeToRegExp(pattern: string, escape?: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (escape !== undefined && c === escape && i + 1 < pattern.length) {
      out += escapeRegExp(pattern[++i]!);
    } else if (c === '%') out += '[\\s\\S]*';
    else if (c === '_') out += '[\\s\\S]';
    else out += escapeRegExp(c);
  }
  return new RegExp(`^${out}$`);
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
