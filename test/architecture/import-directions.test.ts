/**
 * The layering of DESIGN.md, enforced: each top-level folder may import only the folders listed
 * for it (and itself). The runtime, above all, never sees the parser or the planner.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const ALLOWED: Record<string, readonly string[]> = {
  common: [],
  parser: ['common'],
  functions: ['common'],
  plan: ['common'],
  planner: ['parser', 'plan', 'functions', 'common'],
  runtime: ['plan', 'functions', 'common'],
  engine: ['parser', 'plan', 'planner', 'runtime', 'functions', 'common'],
  server: ['engine', 'common'],
  shell: ['common'],
  bin: ['server', 'shell', 'engine', 'common'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return full.endsWith('.ts') ? [full] : [];
  });
}

function importedFolders(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*['"](\.[^'"]+)['"]/g)].map((m) => m[1]!);
  return specs.map((s) => path.relative(root, path.resolve(path.dirname(file), s)).split(path.sep)[0]!);
}

describe('import directions', () => {
  for (const [folder, allowed] of Object.entries(ALLOWED)) {
    it(`${folder}/ imports only ${allowed.length ? allowed.join(', ') : 'nothing else'}`, () => {
      const violations = sourceFiles(path.join(root, folder)).flatMap((file) =>
        importedFolders(file)
          .filter((target) => target !== folder && !allowed.includes(target))
          .map((target) => `${path.relative(root, file)} imports ${target}/`),
      );
      expect(violations).toEqual([]);
    });
  }

  it('catches a violation (the check itself works)', () => {
    const fake = path.join(root, 'runtime', 'x.ts');
    const resolved = path.relative(root, path.resolve(path.dirname(fake), '../parser/index.ts')).split(path.sep)[0];
    expect(ALLOWED.runtime).not.toContain(resolved);
  });
});
