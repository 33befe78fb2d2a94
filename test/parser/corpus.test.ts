/**
 * Every statement in ksqlDB's own test vectors must parse, except in cases that expect a parse
 * error; those must fail with ksqlDB's message.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../common/errors.ts';
import { parseStatements } from '../../parser/index.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const corpusDir = path.resolve(repoRoot, '../shared/ksql-conformance');

/** Parse failures allowed in statements that ksqlDB accepts (measured: 0). */
const MAX_UNEXPECTED_FAILURES = 0;

interface Case {
  readonly file: string;
  readonly name: string;
  /** QTT runs a case as one script; the REST tests send each statement on its own. */
  readonly statements: readonly string[];
  readonly asScript: boolean;
  /** The expected parse error message, when the case expects one. */
  readonly parseError: string | undefined;
}

/** Drops `//` comments outside JSON strings. */
function stripJsonComments(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else {
      if (c === '"') inString = true;
      out += c;
    }
  }
  return out;
}

interface RawCase {
  name?: string;
  statements?: string[];
  expectedException?: { type?: string; message?: string };
  expectedError?: { type?: string; message?: string };
}

function loadCases(): Case[] {
  const cases: Case[] = [];
  for (const dir of ['qtt', 'rqtt']) {
    const base = path.join(corpusDir, dir);
    for (const file of readdirSync(base).filter((f) => f.endsWith('.json')).sort()) {
      const doc = JSON.parse(stripJsonComments(readFileSync(path.join(base, file), 'utf8'))) as { tests?: RawCase[] };
      for (const tc of doc.tests ?? []) {
        const expected = tc.expectedException ?? tc.expectedError;
        const message = expected?.message ?? '';
        // ksqlDB also raises ParseFailedException for some WITH-property checks; those are the
        // engine's, so such cases are neither required to parse nor to fail here.
        const isParseType = /ParseFailedException/.test(expected?.type ?? '');
        const isParse = /Syntax (Error|error at)/.test(message) || (isParseType && /^Line: \d+, Col: \d+: /.test(message));
        if (isParseType && !isParse) continue;
        cases.push({
          file: `${dir}/${file}`,
          name: tc.name ?? '?',
          statements: (tc.statements ?? []).map((st) => st.replaceAll('{FORMAT}', 'JSON')),
          asScript: dir === 'qtt',
          parseError: isParse ? message : undefined,
        });
      }
    }
  }
  return cases;
}

function parseCase(c: Case): number {
  return c.asScript ? parseStatements(c.statements.join('\n')).length : c.statements.flatMap((st) => parseStatements(st)).length;
}

describe.skipIf(!existsSync(corpusDir))('ksqlDB conformance corpus', () => {
  const cases = existsSync(corpusDir) ? loadCases() : [];

  it('parses every statement ksqlDB accepts', () => {
    const failures: string[] = [];
    let parsed = 0;
    for (const c of cases.filter((x) => x.parseError === undefined)) {
      try {
        parsed += parseCase(c);
      } catch (e) {
        failures.push(`${c.file} / ${c.name}: ${(e as Error).message}`);
      }
    }
    expect(parsed).toBeGreaterThan(4000);
    expect(failures.length, failures.slice(0, 20).join('\n')).toBeLessThanOrEqual(MAX_UNEXPECTED_FAILURES);
  });

  it('fails where ksqlDB fails, with its message', () => {
    const parseCases = cases.filter((x) => x.parseError !== undefined);
    expect(parseCases.length).toBeGreaterThan(10);
    for (const c of parseCases) {
      let error: unknown;
      try {
        parseCase(c);
      } catch (e) {
        error = e;
      }
      expect(error, `${c.file} / ${c.name}`).toBeInstanceOf(ParseError);
      // ksqlDB appends the statement; our engine adds that, so compare the part before it.
      const expected = (c.parseError ?? '').split('\nStatement: ')[0] ?? '';
      expect((error as Error).message, `${c.file} / ${c.name}`).toContain(expected);
    }
  });
});
