import type { ScalarFunction } from '../../function.ts';
import { P } from '../../param-types.ts';
import { sig, bound } from '../../define.ts';
import { regexCache } from '../../support/regex.ts';

export const replace: ScalarFunction = {
  name: 'replace',
  category: 'STRING',
  description: 'Replaces every occurrence of a substring with another.',
  signatures: [
    sig([P.STRING, P.STRING, P.STRING], P.STRING, (s: string, target: string, rep: string) => s.split(target).join(rep), {
      names: ['str', 'target', 'replacement'],
    }),
  ],
};

export const regexpReplace: ScalarFunction = {
  name: 'regexp_replace',
  category: 'REGULAR EXPRESSION',
  description: 'Replaces every match of a regular expression; `$1` refers to a group.',
  signatures: [
    bound([P.STRING, P.STRING, P.STRING], P.STRING, () => {
      const re = regexCache('g');
      return (s: string, pattern: string, rep: string) => s.replace(re(pattern), rep);
    }, { names: ['str', 'regexp', 'replacement'] }),
  ],
};

function extract(all: boolean): (pattern: string, s: string, group?: number) => unknown {
  const re = regexCache('g');
  return (pattern, s, group = 0) => {
    const matches = [...s.matchAll(re(pattern))];
    const pick = (m: RegExpMatchArray): string | null => m[group] ?? null;
    if (all) return matches.map(pick);
    return matches[0] ? pick(matches[0]) : null;
  };
}

export const regexpExtract: ScalarFunction = {
  name: 'regexp_extract',
  category: 'REGULAR EXPRESSION',
  description: 'The first match of a regular expression (or of one of its groups), or null.',
  signatures: [
    bound([P.STRING, P.STRING], P.STRING, () => extract(false), { names: ['pattern', 'string'] }),
    bound([P.STRING, P.STRING, P.INTEGER], P.STRING, () => extract(false), { names: ['pattern', 'string', 'group'] }),
  ],
};

export const regexpExtractAll: ScalarFunction = {
  name: 'regexp_extract_all',
  category: 'REGULAR EXPRESSION',
  description: 'Every match of a regular expression (or of one of its groups).',
  signatures: [
    bound([P.STRING, P.STRING], P.array(P.STRING), () => extract(true), { names: ['pattern', 'string'] }),
    bound([P.STRING, P.STRING, P.INTEGER], P.array(P.STRING), () => extract(true), {
      names: ['pattern', 'string', 'group'],
    }),
  ],
};

export const regexpSplitToArray: ScalarFunction = {
  name: 'regexp_split_to_array',
  category: 'REGULAR EXPRESSION',
  description: 'Splits a string around matches of a regular expression.',
  signatures: [
    bound([P.STRING, P.STRING], P.array(P.STRING), () => {
      const re = regexCache('');
      // An empty pattern splits into characters, like SPLIT with an empty delimiter.
      return (s: string, pattern: string) => (pattern === '' ? [...s] : s.split(re(pattern)));
    }, { names: ['string', 'regexp'] }),
  ],
};
