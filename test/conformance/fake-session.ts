/** A scripted ConformanceSession for the harness's own tests: no engine involved. */
import type { Column } from '../../common/schema.ts';
import type { SqlType } from '../../common/types.ts';
import { InMemorySchemaRegistry, type SchemaRegistry } from '../../runtime/serde/schema-registry.ts';
import type {
  ConformanceSession,
  FormatInfo,
  InputRecord,
  RawRecord,
  SessionError,
  SessionOptions,
  SourceInfo,
  TopicInfo,
  TopicLayout,
  WindowInfo,
} from './session-api.ts';
import type { SessionFactory } from './run-case.ts';

export interface FakeScript {
  readonly layouts?: Readonly<Record<string, TopicLayout>>;
  readonly executeError?: SessionError;
  readonly runError?: SessionError;
  /** The "queries": records each input produces, by topic. */
  readonly process?: (input: InputRecord) => readonly { topic: string; record: RawRecord }[];
  readonly sources?: readonly SourceInfo[];
  /** Extra topics the engine reports (e.g. internal topics), merged with created ones. */
  readonly extraTopics?: readonly TopicInfo[];
  /** `run` never settles, to exercise the per-case timeout. */
  readonly hang?: boolean;
}

export class FakeSession implements ConformanceSession {
  readonly created: TopicInfo[] = [];
  readonly executed: string[] = [];
  readonly inputs: InputRecord[] = [];
  closed = false;
  private readonly registry = new InMemorySchemaRegistry();
  private readonly written = new Map<string, RawRecord[]>();

  schemaRegistry(): SchemaRegistry {
    return this.registry;
  }

  constructor(
    readonly options: SessionOptions,
    private readonly script: FakeScript,
  ) {}

  createTopic(name: string, partitions: number): void {
    this.created.push({ name, partitions });
  }

  async execute(statements: readonly string[]): Promise<SessionError | undefined> {
    this.executed.push(...statements);
    return this.script.executeError;
  }

  layoutOf(topic: string): TopicLayout | undefined {
    return this.script.layouts?.[topic];
  }

  async run(inputs: readonly InputRecord[]): Promise<SessionError | undefined> {
    if (this.script.hang) return new Promise<undefined>(() => {});
    for (const input of inputs) {
      this.inputs.push(input);
      for (const out of this.script.process?.(input) ?? []) {
        this.written.set(out.topic, [...(this.written.get(out.topic) ?? []), out.record]);
      }
    }
    return this.script.runError;
  }

  read(topic: string): readonly RawRecord[] {
    return this.written.get(topic) ?? [];
  }

  topics(): readonly TopicInfo[] {
    return [...this.created, ...(this.script.extraTopics ?? [])];
  }

  sources(): readonly SourceInfo[] {
    return this.script.sources ?? [];
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

/** A factory that remembers the sessions it made. */
export function fakeFactory(script: FakeScript): { create: SessionFactory; sessions: FakeSession[] } {
  const sessions: FakeSession[] = [];
  const create: SessionFactory = (options) => {
    const s = new FakeSession(options, script);
    sessions.push(s);
    return s;
  };
  return { create, sessions };
}

export const fmt = (format: string, features: readonly string[] = []): FormatInfo => ({ format, properties: {}, features });

export const col = (name: string, type: SqlType, namespace: Column['namespace'] = 'VALUE'): Column => ({
  name,
  type,
  namespace,
});

/** A layout with one key column of `keyType` in `keyFormat` and JSON values. */
export function layout(
  keyFormat: string,
  keyType: SqlType,
  opts: { valueFormat?: string; valueColumns?: readonly Column[]; window?: WindowInfo } = {},
): TopicLayout {
  return {
    keyFormat: fmt(keyFormat),
    valueFormat: fmt(opts.valueFormat ?? 'JSON'),
    keyColumns: [col('K', keyType, 'KEY')],
    valueColumns: opts.valueColumns ?? [col('V', { kind: 'STRING' })],
    ...(opts.window ? { window: opts.window } : {}),
  };
}
