import { ProcessingError } from '../../../common/errors.ts';

/** One piece of a java.time `DateTimeFormatter` pattern. */
export type PatternToken =
  | { readonly kind: 'field'; readonly letter: string; readonly count: number }
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'optional'; readonly tokens: readonly PatternToken[] };

const LETTERS = new Set('GuyDMLdQqYwWEecFaBhKkHmsSAnNVvzOXxZ'.split(''));

/** Tokenizes a pattern such as `yyyy-MM-dd''T''HH:mm:ss[.SSS]X`. */
export function tokenizePattern(pattern: string): PatternToken[] {
  const stack: PatternToken[][] = [[]];
  const top = (): PatternToken[] => stack[stack.length - 1]!;
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === "'") {
      const end = findQuoteEnd(pattern, i + 1);
      const body = pattern.slice(i + 1, end);
      // `''` outside a quoted section is a literal apostrophe.
      top().push({ kind: 'literal', text: body === '' ? "'" : body.replace(/''/g, "'") });
      i = end + 1;
    } else if (c === '[') {
      stack.push([]);
      i++;
    } else if (c === ']') {
      const inner = stack.pop();
      if (!inner || stack.length === 0) throw new ProcessingError(`Unknown pattern: unmatched ']' in ${pattern}`);
      top().push({ kind: 'optional', tokens: inner });
      i++;
    } else if (/[A-Za-z]/.test(c)) {
      if (!LETTERS.has(c)) throw new ProcessingError(`Unknown pattern letter: ${c}`);
      let n = 1;
      while (pattern[i + n] === c) n++;
      top().push({ kind: 'field', letter: c, count: n });
      i += n;
    } else {
      top().push({ kind: 'literal', text: c });
      i++;
    }
  }
  if (stack.length !== 1) throw new ProcessingError(`Unknown pattern: unmatched '[' in ${pattern}`);
  return top();
}

function findQuoteEnd(p: string, from: number): number {
  let i = from;
  while (i < p.length) {
    if (p[i] === "'") {
      if (p[i + 1] === "'" && i !== from) i += 2;
      else return i;
    } else i++;
  }
  throw new ProcessingError(`Pattern ends with an incomplete string literal: ${p}`);
}

export const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
export const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
