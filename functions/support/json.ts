/**
 * A small JSON reader/writer for the JSON functions. Numbers keep their source text (`1.23450`
 * stays `1.23450`, as Jackson's tree model prints it) and objects keep key order.
 */
export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | JsonObject;
export class JsonNumber {
  constructor(readonly text: string) {}
  get isIntegral(): boolean {
    return !/[.eE]/.test(this.text);
  }
}
export type JsonObject = Map<string, JsonValue>;

class Reader {
  at = 0;
  constructor(readonly s: string) {}

  skip(): void {
    while (this.at < this.s.length && ' \t\n\r'.includes(this.s[this.at]!)) this.at++;
  }

  value(): JsonValue {
    this.skip();
    const c = this.s[this.at];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.s.startsWith(word, this.at)) {
        this.at += word.length;
        return v;
      }
    }
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.s.slice(this.at));
    if (!m) throw new SyntaxError(`Unexpected character at ${this.at}`);
    this.at += m[0].length;
    return new JsonNumber(m[0]);
  }

  expect(c: string): void {
    this.skip();
    if (this.s[this.at] !== c) throw new SyntaxError(`Expected '${c}' at ${this.at}`);
    this.at++;
  }

  peekIs(c: string): boolean {
    this.skip();
    return this.s[this.at] === c;
  }

  eat(c: string): boolean {
    if (!this.peekIs(c)) return false;
    this.at++;
    return true;
  }

  object(): JsonObject {
    const out: JsonObject = new Map();
    this.expect('{');
    if (!this.peekIs('}')) {
      do {
        this.skip();
        const k = this.string();
        this.expect(':');
        out.set(k, this.value());
      } while (this.eat(','));
    }
    this.expect('}');
    return out;
  }

  array(): JsonValue[] {
    const out: JsonValue[] = [];
    this.expect('[');
    if (!this.peekIs(']')) {
      do out.push(this.value());
      while (this.eat(','));
    }
    this.expect(']');
    return out;
  }

  string(): string {
    const m = /^"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/.exec(this.s.slice(this.at));
    if (!m) throw new SyntaxError(`Bad string at ${this.at}`);
    this.at += m[0].length;
    return JSON.parse(m[0]) as string;
  }
}

/**
 * Parses JSON text; undefined when it is not JSON. `lenient` reads the first value and ignores what
 * follows, as Jackson's `readTree` does for EXTRACTJSONFIELD.
 */
export function parseJson(text: string, lenient = false): JsonValue | undefined {
  try {
    const r = new Reader(text);
    const v = r.value();
    r.skip();
    return lenient || r.at === text.length ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Compact JSON text, as Jackson's `JsonNode.toString()`. */
export function writeJson(v: JsonValue): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (v instanceof JsonNumber) return v.text;
  if (Array.isArray(v)) return `[${v.map(writeJson).join(',')}]`;
  return `{${[...v].map(([k, x]) => `${JSON.stringify(k)}:${writeJson(x)}`).join(',')}}`;
}

export const isJsonObject = (v: JsonValue | undefined): v is JsonObject => v instanceof Map;
