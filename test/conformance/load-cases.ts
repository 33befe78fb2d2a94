import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { QttCase } from './case-model.ts';
import { parseCaseBody } from './parse-case.ts';
import {
  type JsonNode,
  type JsonObject,
  field,
  isJsonArray,
  isJsonObject,
  parseLossless,
  stripJsonComments,
} from './json-text.ts';

/** Thrown for a file that cannot be loaded at all (bad JSON, duplicate case names). */
export class CaseLoadError extends Error {
  override readonly name = 'CaseLoadError';
}

/** All `*.json` files under the given files or directories, sorted per directory. */
export function listCaseFiles(paths: readonly string[]): string[] {
  return paths.flatMap((p) => {
    if (!statSync(p).isDirectory()) return [p];
    return readdirSync(p)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => join(p, f));
  });
}

/** Loads and expands every case of one QTT file. */
export function loadCaseFile(file: string): QttCase[] {
  return loadTestFile(file, expandTest);
}

/**
 * Reads a vector file (QTT or RQTT: `//` comments allowed, a `tests` array) and expands each test
 * into its cases with `expand(file, stem, test)`; case names must be unique within the file.
 */
export function loadTestFile<C extends { readonly name: string }>(file: string, expand: (file: string, stem: string, test: JsonObject) => C[]): C[] {
  let root: JsonNode;
  try {
    root = parseLossless(stripJsonComments(readFileSync(file, 'utf8')));
  } catch (e) {
    throw new CaseLoadError(`${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const tests = isJsonObject(root) ? field(root, 'tests') : undefined;
  if (!isJsonArray(tests)) throw new CaseLoadError(`${file}: no "tests" array`);
  const stem = basename(file).replace(/\.json$/, '');
  const cases = tests.filter(isJsonObject).flatMap((t) => expand(file, stem, t));
  assertUniqueNames(cases, file);
  return cases;
}

export function loadCases(paths: readonly string[]): QttCase[] {
  const cases = listCaseFiles(paths).flatMap(loadCaseFile);
  assertUniqueNames(cases, 'the selected files');
  return cases;
}

function assertUniqueNames(cases: readonly { readonly name: string }[], where: string): void {
  const seen = new Set<string>();
  for (const c of cases) {
    if (seen.has(c.name)) throw new CaseLoadError(`${where}: duplicate case name "${c.name}"`);
    seen.add(c.name);
  }
}

/** One case per `format` entry × `config` entry (§0); none when `enabled: false`. */
export function expandTest(file: string, stem: string, test: JsonObject): QttCase[] {
  if (field(test, 'enabled') === false) return [];
  const testName = String(field(test, 'name') ?? '<unnamed>');
  const formats = stringList(field(test, 'format'));
  const configs = stringList(field(test, 'config'));
  const cases: QttCase[] = [];
  for (const format of formats ?? [undefined]) {
    for (const config of configs ?? [undefined]) {
      cases.push(buildCase(file, stem, testName, test, format, config));
    }
  }
  return cases;
}

function buildCase(
  file: string,
  stem: string,
  testName: string,
  test: JsonObject,
  format: string | undefined,
  config: string | undefined,
): QttCase {
  const props = propertiesOf(field(test, 'properties'));
  let name = `${stem} - ${testName}`;
  if (format !== undefined) name += ` - ${format}`;
  if (config !== undefined) {
    const prop = Object.keys(props).find((k) => props[k] === '{CONFIG}');
    if (prop !== undefined) {
      props[prop] = config;
      name += ` - ${prop}=${config}`;
    }
  }
  return parseCaseBody({ file, name, test, properties: props, format });
}

function stringList(node: JsonNode | undefined): string[] | undefined {
  if (!isJsonArray(node)) return undefined;
  return node.map((n) => String(n));
}

/** Case properties as session overrides: numbers become JS numbers when exact, else their text. */
function propertiesOf(node: JsonNode | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!isJsonObject(node)) return out;
  for (const [k, v] of Object.entries(node)) out[k] = plainProperty(v);
  return out;
}

function plainProperty(v: JsonNode): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (isJsonArray(v)) return v.map(plainProperty);
  if (isJsonObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plainProperty(x)]));
  const text = v.toString();
  const n = Number(text);
  return Number.isSafeInteger(n) || (!/^-?\d+$/.test(text) && String(n) === text) ? n : text;
}
