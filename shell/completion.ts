import type { KsqlClient } from './http-client.ts';
import { KEYWORDS } from './keywords.ts';

type Entity = Record<string, unknown>;

/** Statements after which the names the shell completes may have changed. */
const CHANGES_NAMES = /^\s*(CREATE|DROP|ALTER|TERMINATE|RUN\s+SCRIPT)\b/i;
const list = (value: unknown): Entity[] => (Array.isArray(value) ? (value as Entity[]) : []);
const strings = (values: readonly unknown[]): string[] => values.filter((v) => typeof v === 'string');

/** The rows under `key` of every entity of type `type` in a `/ksql` answer. */
function entriesOf(entities: readonly unknown[]): (type: string, key: string) => Entity[] {
  return (type, key) => (entities as Entity[]).filter((e) => e['@type'] === type).flatMap((e) => list(e[key]));
}

/**
 * Tab completion: keywords, function names, and the names of streams, tables, queries and topics
 * as the server listed them last (fetched at start and again after each statement that may change them).
 */
export class Completion {
  private names: readonly string[] = [];
  private topics: readonly string[] = [];
  private functions: readonly string[] = [];

  constructor(private readonly client: KsqlClient) {}

  /** True when `statement` may have created or dropped something worth completing. */
  static changesNames(statement: string): boolean {
    return CHANGES_NAMES.test(statement);
  }

  /** Fetches the names (functions only the first time); what the server cannot answer keeps its old names. */
  async refresh(): Promise<void> {
    const none = { properties: {}, variables: {} };
    const [sources, topics, functions] = await Promise.allSettled([
      this.client.ksql('LIST STREAMS; LIST TABLES; LIST QUERIES;', none),
      this.client.ksql('LIST TOPICS;', none),
      this.functions.length === 0 ? this.client.ksql('LIST FUNCTIONS;', none) : Promise.resolve([]),
    ]);
    if (functions.status === 'fulfilled' && this.functions.length === 0) {
      this.functions = strings(entriesOf(functions.value)('function_names', 'functions').map((f) => f['name']));
    }
    if (sources.status === 'fulfilled') {
      const of = entriesOf(sources.value);
      const named = [...of('streams', 'streams'), ...of('tables', 'tables')].map((s) => s['name']);
      this.names = strings([...named, ...of('queries', 'queries').map((q) => q['id'])]);
    }
    if (topics.status === 'fulfilled') this.topics = strings(entriesOf(topics.value)('kafka_topics', 'topics').map((t) => t['name']));
  }

  /** readline's completer: the candidates for the word before the cursor, and that word. */
  complete(line: string): [string[], string] {
    const word = /[\w.-]*$/.exec(line)?.[0] ?? '';
    if (word === '') return [[], word];
    const lower = word === word.toLowerCase();
    const upper = word.toUpperCase();
    const words = [...KEYWORDS, ...this.functions, ...this.names].filter((k) => k.toUpperCase().startsWith(upper)).map((k) => (lower && k === k.toUpperCase() ? k.toLowerCase() : k));
    const topics = this.topics.filter((t) => t.startsWith(word));
    return [[...new Set([...words, ...topics])].sort(), word];
  }
}
