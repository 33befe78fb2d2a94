/**
 * Server configuration: ksqlDB-style `.properties` files (`ksql.service.id=...`,
 * `listeners=http://0.0.0.0:8088`) and the rules for per-request property overrides.
 */

export type Properties = Record<string, string>;

/** A server setting that cannot be used as given; the message names it and says what to do. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parses Java `.properties` text: `#`/`!` comments, `=`/`:`/space separators, `\` continuations. */
export function parseProperties(text: string): Properties {
  const props: Properties = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    let line = (lines[i] ?? '').trimStart();
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    while (endsWithContinuation(line) && i + 1 < lines.length) {
      line = line.slice(0, -1) + (lines[++i] ?? '').trimStart();
    }
    const m = /^((?:\\.|[^=:\s\\])+)\s*[=:\s]?\s*(.*)$/.exec(line);
    if (m?.[1] !== undefined) props[unescape(m[1])] = unescape(m[2] ?? '').trimEnd();
  }
  return props;
}

function endsWithContinuation(line: string): boolean {
  const trailing = /\\+$/.exec(line)?.[0].length ?? 0;
  return trailing % 2 === 1;
}

function unescape(text: string): string {
  return text.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, c: string) => {
    if (c.length === 5) return String.fromCharCode(parseInt(c.slice(1), 16));
    return ({ t: '\t', n: '\n', r: '\r', f: '\f' } as Record<string, string>)[c] ?? c;
  });
}

/** The first `listeners` entry as host and port, e.g. `http://0.0.0.0:8088` → 0.0.0.0, 8088. */
export function parseListener(listeners: string): { host: string; port: number } | undefined {
  const first = listeners.split(',')[0]?.trim() ?? '';
  try {
    const url = new URL(first);
    const port = url.port === '' ? 8088 : Number(url.port);
    return { host: url.hostname.replace(/^\[|\]$/g, ''), port };
  } catch {
    return undefined;
  }
}

/** Properties a request may not override (ksqlDB's immutable properties). */
export const PROHIBITED_OVERRIDES: ReadonlySet<string> = new Set([
  'ksql.service.id',
  'ksql.extension.dir',
  'ksql.streams.state.dir',
  'ksql.query.persistent.active.limit',
  'ksql.security.extension.class',
  'listeners',
  'bootstrap.servers',
]);

const OVERRIDE_PREFIXES = ['ksql.', 'processing.', 'cache.', 'commit.', 'consumer.', 'producer.'];
const OVERRIDE_NAMES = new Set(['auto.offset.reset', 'buffered.records.per.partition', 'num.stream.threads']);

/** Why `name` cannot be set as a per-request override, or `undefined` when it can. */
export function overrideProblem(name: string): string | undefined {
  if (PROHIBITED_OVERRIDES.has(name)) {
    return `One or more properties overrides set locally are prohibited by the KSQL server (use UNSET to reset their default value): [${name}]`;
  }
  if (OVERRIDE_NAMES.has(name) || OVERRIDE_PREFIXES.some((p) => name.startsWith(p))) return undefined;
  return `Not recognizable as ksql, streams, consumer, or producer property: '${name}'`;
}
