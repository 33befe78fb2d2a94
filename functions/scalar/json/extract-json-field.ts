import type { ScalarFunction } from '../../function.ts';
import { P } from '../../param-types.ts';
import { bound } from '../../define.ts';
import { type JsonValue, isJsonObject, parseJson, writeJson } from '../../support/json.ts';

type Step = string | number;

/** `$.a.b[0]['c d']` → ['a', 'b', 0, 'c d']; null when the path is malformed. */
export function parseJsonPath(path: string): Step[] | null {
  if (!path.startsWith('$')) return null;
  const steps: Step[] = [];
  let i = 1;
  while (i < path.length) {
    if (path[i] === '.') {
      const m = /^[^.[]+/.exec(path.slice(i + 1));
      if (!m) return null;
      steps.push(m[0]);
      i += 1 + m[0].length;
      continue;
    }
    const m = /^\[\s*(?:(-?\d+)|'([^']*)'|"([^"]*)")\s*\]/.exec(path.slice(i));
    if (!m) return null;
    steps.push(m[1] !== undefined ? Number(m[1]) : (m[2] ?? m[3])!);
    i += m[0].length;
  }
  return steps;
}

function walk(v: JsonValue | undefined, steps: readonly Step[]): JsonValue | undefined {
  let cur = v;
  for (const s of steps) {
    if (typeof s === 'number') cur = Array.isArray(cur) && s >= 0 ? cur[s] : undefined;
    else cur = isJsonObject(cur) ? cur.get(s) : undefined;
    if (cur === undefined) return undefined;
  }
  return cur;
}

/** Strings come back unquoted, JSON null as SQL NULL, anything else as compact JSON text. */
export const jsonText = (v: JsonValue | undefined): string | null =>
  v === undefined || v === null ? null : typeof v === 'string' ? v : writeJson(v);

export const extractJsonField: ScalarFunction = {
  name: 'extractjsonfield',
  category: 'JSON',
  description: 'The value at a JSONPath in a JSON string: text for strings, JSON for the rest.',
  signatures: [
    bound([P.STRING, P.STRING], P.STRING, () => {
      // Paths are nearly always literals: keep the last one parsed.
      let lastPath: string | undefined;
      let steps: Step[] | null = null;
      return (json: string, path: string) => {
        if (path !== lastPath) {
          steps = parseJsonPath(path);
          lastPath = path;
        }
        return steps === null ? null : jsonText(walk(parseJson(json, true), steps));
      };
    }, { names: ['jsonString', 'jsonPath'] }),
  ],
};
