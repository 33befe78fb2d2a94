/** Patterns are nearly always constants, so compiled formatters/parsers are kept per pattern. */
export function memoize<T>(compile: (pattern: string) => T, max = 256): (pattern: string) => T {
  const cache = new Map<string, T>();
  return (pattern) => {
    let hit = cache.get(pattern);
    if (hit === undefined) {
      if (cache.size >= max) cache.clear();
      hit = compile(pattern);
      cache.set(pattern, hit);
    }
    return hit;
  };
}
