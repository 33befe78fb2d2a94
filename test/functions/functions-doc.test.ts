import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS_DOC, renderFunctionsDoc } from '../../scripts/functions-doc.ts';

describe('docs/functions.md', () => {
  it('is the registry rendered (run `npm run docs:functions` after changing a function)', () => {
    expect(readFileSync(FUNCTIONS_DOC, 'utf8')).toBe(renderFunctionsDoc());
  });
});
