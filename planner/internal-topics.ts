/**
 * ksqlDB's internal topics for joins, as one rewrite of a persistent query's finished plan: which
 * join inputs go through a repartition topic, which join stores have a changelog topic, and the
 * names and formats ksqlDB gives them. plan-join.ts re-keys in process; this pass only adds
 * `InternalTopicWrite` steps, so it never changes a schema. The rules, and the conformance cases
 * (`qtt/<file> :: <case>`) that show them:
 *
 * - Names are `_confluent-ksql-<ksql.service.id>query_<query id>-<context>` (every expected topic).
 *   In an N-way join the joins nest to the left, and each nested join's contexts take one more
 *   `L_` (multi-joins :: stream-stream-stream - SR-enabled key format: `L_Join-left-repartition`).
 * - The join key format is the left input's, unless the left is re-keyed on an expression and the
 *   right is not: then the right's, so that only one side moves (joins :: stream-table value-to-key
 *   - key format mismatch → KAFKA, the table's). A NONE key format gives way to the other side's,
 *   and two give `ksql.persistence.default.format.key` (joins :: stream-stream value-to-value -
 *   keyless → DELIMITED). A foreign-key join keeps the left's.
 * - An input is repartitioned when it is re-keyed on an expression, when its key format differs
 *   from the join's (joins :: stream-stream key-to-key - key format mismatch), or when it is a
 *   source whose key format uses the schema registry, whose key schema belongs to the source's
 *   subject (joins :: stream-stream key-to-key - SR-enabled key format: both sides move though
 *   both are AVRO). A join result is never moved for that last reason (multi-joins ::
 *   stream-stream-table - SR-enabled key format). A foreign-key join moves only its right table,
 *   and only for that last reason (fk-join :: Should repartition RHS if the key format comes from
 *   Schema Registry, against :: Should allow format mismatch without repartitioning).
 * - A moving stream goes through `Join-left-repartition` / `Join-right-repartition`, or
 *   `Join-repartition` in a stream-table join. A moving table goes through
 *   `<Left|Right>SourceKeyed-SelectKey-repartition` into a store with changelog
 *   `<Left|Right>SourceKeyed-Materialize-changelog` (joins :: table-table - SR-enabled key format).
 * - Key format: the join's, with its properties (an AVRO key keeps the left source's
 *   `fullSchemaName`, e.g. `S1Key`); value format: the moving input's leftmost source's. Only a
 *   source's own `schemaId` is dropped, as the topic's records have another layout.
 * - A source table a join reads as it is lives in the store `KafkaTopic_<Left|Right>-Reduce`, whose
 *   changelog is `KafkaTopic_<Left|Right>-Reduce-changelog` (joins :: stream-table val-to-key -
 *   keyless). ksqlDB keeps that changelog for every table source; Tributary's stores are durable
 *   on their own, so it writes it only in queries that already go through internal topics and
 *   leaves the key-to-key join path free of any extra serialization.
 */
import { InternalError } from '../common/errors.ts';
import type { Format, Formats, InternalTopic, Step, StepOf, WindowedKey } from '../plan/steps.ts';

export interface InternalTopicOptions {
  /** `ksql.service.id`. */
  readonly serviceId: string;
  readonly queryId: string;
  /** `ksql.persistence.default.format.key`: the join key format when no input has one. */
  readonly defaultKeyFormat: string;
}

export interface WithInternalTopics {
  readonly root: Step;
  readonly topics: readonly InternalTopic[];
}

type JoinStep = StepOf<'StreamStreamJoin'> | StepOf<'StreamTableJoin'> | StepOf<'TableTableJoin'> | StepOf<'ForeignKeyJoin'>;
type SourceStep = StepOf<'StreamSource'> | StepOf<'TableSource'>;
type SideName = 'Left' | 'Right';

/** Formats whose keys are registered in the schema registry under the topic's subject. */
const SCHEMA_REGISTRY_FORMATS: ReadonlySet<string> = new Set(['AVRO', 'PROTOBUF', 'JSON_SR']);
/** Formats that write a single key column bare and report it as `UNWRAP_SINGLES`. */
const UNWRAPPING_KEY_FORMATS: ReadonlySet<string> = new Set(['JSON', 'JSON_SR', 'AVRO']);

export function internalTopicName(serviceId: string, queryId: string, context: string): string {
  return `_confluent-ksql-${serviceId}query_${queryId}-${context}`;
}

/** `L_` once per level a join is nested to the left of the outermost one. */
export const joinPrefix = (depth: number): string => 'L_'.repeat(depth);

/** Where a re-keyed or re-formatted stream input goes (Kafka Streams names it after the join). */
export function streamRepartitionContext(prefix: string, join: 'StreamStreamJoin' | 'StreamTableJoin', side: SideName): string {
  return join === 'StreamTableJoin' ? `${prefix}Join-repartition` : `${prefix}Join-${side.toLowerCase()}-repartition`;
}

/** A re-keyed table input: its repartition topic, then the changelog of the store it is read into. */
export function tableRekeyContexts(prefix: string, side: SideName): readonly [repartition: string, changelog: string] {
  return [`${prefix}${side}SourceKeyed-SelectKey-repartition`, `${prefix}${side}SourceKeyed-Materialize-changelog`];
}

/** The changelog of a source table's own store (`KafkaTopic_Right-Reduce`). */
export function sourceTableChangelogContext(prefix: string, side: SideName): string {
  return `KafkaTopic_${prefix}${side}-Reduce-changelog`;
}

/** The key format both inputs of a key join are brought to. */
export function joinKeyFormat(left: { format: Format; rekeyed: boolean }, right: { format: Format; rekeyed: boolean }, defaultKeyFormat: string): Format {
  const order = left.rekeyed && !right.rekeyed ? [right, left] : [left, right];
  return order.find((s) => s.format.name !== 'NONE')?.format ?? { name: defaultKeyFormat, properties: {} };
}

/** The plan with its internal topics, or the plan as it is when it needs none. */
export function planInternalTopics(root: Step, options: InternalTopicOptions): WithInternalTopics {
  const first = new Rewrite(options, false).run(root);
  if (!first.topics.some((t) => t.kind === 'repartition')) return { root, topics: [] };
  return new Rewrite(options, true).run(root);
}

/** One join input as the join receives it. */
interface Side {
  readonly step: Step;
  /** Re-keyed on its join expression by the planner (a `StreamSelectKey` in front of the join). */
  readonly rekeyed: boolean;
  readonly format: Format;
  /** The leftmost source's formats, whose value format the input's records keep. */
  readonly formats: Formats;
  readonly isTable: boolean;
  /** Set when the input comes straight from a source (not from a nested join). */
  readonly source?: SourceStep;
  readonly window?: WindowedKey;
}

interface JoinResult {
  readonly step: Step;
  readonly format: Format;
  readonly formats: Formats;
  readonly window?: WindowedKey;
}

class Rewrite {
  private readonly topics: InternalTopic[] = [];

  constructor(
    private readonly options: InternalTopicOptions,
    /** Whether source tables read as they are get their store's changelog. */
    private readonly reduceChangelogs: boolean,
  ) {}

  run(root: Step): WithInternalTopics {
    return { root: this.walk(root), topics: this.topics };
  }

  private walk(step: Step): Step {
    return isJoin(step) ? this.join(step, 0).step : mapInputs(step, (s) => this.walk(s));
  }

  private join(join: JoinStep, depth: number): JoinResult {
    const prefix = joinPrefix(depth);
    const left = this.side(join.left, depth);
    const right = this.side(join.right, depth);
    const fk = join.kind === 'ForeignKeyJoin';
    const format = fk ? left.format : joinKeyFormat(left, right, this.options.defaultKeyFormat);
    const moves = (s: Side): boolean => s.rekeyed || !sameFormat(s.format, format) || sourceKeyInRegistry(s);
    const moveLeft = !fk && moves(left);
    const moveRight = fk ? sourceKeyInRegistry(right) : moves(right);
    const window = left.window;
    const place = (s: Side, name: SideName, move: boolean): Step => (move ? this.move(join, s, name, prefix, format, window) : this.stay(s, name, prefix));
    const step = { ...join, left: place(left, 'Left', moveLeft), right: place(right, 'Right', moveRight) } as Step;
    return { step, format, formats: left.formats, ...(window ? { window } : {}) };
  }

  private side(step: Step, depth: number): Side {
    const rekeyed = step.kind === 'StreamSelectKey';
    const inner = rekeyed ? step.source : step;
    if (isJoin(inner)) {
      const nested = this.join(inner, depth + 1);
      const isTable = inner.kind === 'TableTableJoin' || inner.kind === 'ForeignKeyJoin';
      const outer = rekeyed ? ({ ...step, source: nested.step } as Step) : nested.step;
      return { step: outer, rekeyed, format: nested.format, formats: nested.formats, isTable, ...(nested.window ? { window: nested.window } : {}) };
    }
    const source = sourceOf(inner);
    const isTable = source.kind === 'TableSource';
    return { step, rekeyed, format: source.formats.key, formats: source.formats, isTable, source, ...(source.window ? { window: source.window } : {}) };
  }

  /** The input through its repartition topic (and, for a table, into a store with a changelog). */
  private move(join: JoinStep, s: Side, name: SideName, prefix: string, key: Format, window: WindowedKey | undefined): Step {
    const contexts = s.isTable || (join.kind !== 'StreamStreamJoin' && join.kind !== 'StreamTableJoin')
      ? tableRekeyContexts(prefix, name)
      : [streamRepartitionContext(prefix, join.kind, name)];
    const formats: Formats = { key: internalFormat(key), value: internalFormat(s.formats.value), wrapSingleValue: s.formats.wrapSingleValue };
    return this.write(s.step, contexts, formats, window);
  }

  /** A source table the join reads as it is: its store's changelog, when this query writes them. */
  private stay(s: Side, name: SideName, prefix: string): Step {
    if (!this.reduceChangelogs || !s.isTable || !s.source || s.rekeyed) return s.step;
    const source = s.source;
    const formats: Formats = { key: internalFormat(source.formats.key), value: internalFormat(source.formats.value), wrapSingleValue: source.formats.wrapSingleValue };
    return overSource(s.step, (leaf) => this.write(leaf, [sourceTableChangelogContext(prefix, name)], formats, source.window));
  }

  private write(input: Step, contexts: readonly string[], formats: Formats, window: WindowedKey | undefined): Step {
    const topics = contexts.map((context): InternalTopic => ({
      name: internalTopicName(this.options.serviceId, this.options.queryId, context),
      kind: context.endsWith('-repartition') ? 'repartition' : 'changelog',
      formats,
      keyFeatures: input.schema.key.length === 1 && UNWRAPPING_KEY_FORMATS.has(formats.key.name) ? ['UNWRAP_SINGLES'] : [],
      valueFeatures: input.schema.value.length === 1 && !formats.wrapSingleValue ? ['UNWRAP_SINGLES'] : [],
      ...(window ? { window: { type: window.type, ...(window.sizeMs !== undefined ? { sizeMs: window.sizeMs } : {}) } } : {}),
    }));
    this.topics.push(...topics);
    return { kind: 'InternalTopicWrite', id: contexts[0]!, schema: input.schema, source: input, topics };
  }
}

const isJoin = (step: Step): step is JoinStep => 'left' in step;

const sourceKeyInRegistry = (s: Side): boolean => s.source !== undefined && SCHEMA_REGISTRY_FORMATS.has(s.format.name);

function sameFormat(a: Format, b: Format): boolean {
  const ka = Object.keys(a.properties);
  return a.name === b.name && ka.length === Object.keys(b.properties).length && ka.every((k) => a.properties[k] === b.properties[k]);
}

/** A source's format for an internal topic: without the source's own registered schema id. */
function internalFormat(f: Format): Format {
  return { name: f.name, properties: Object.fromEntries(Object.entries(f.properties).filter(([k]) => k !== 'schemaId')) };
}

/** The step with each input replaced (a join's two, another step's one, a source's none). */
function mapInputs(step: Step, f: (input: Step) => Step): Step {
  if ('left' in step) return { ...step, left: f(step.left), right: f(step.right) } as Step;
  if ('source' in step) return { ...step, source: f(step.source) } as Step;
  return step;
}

/** The source at the bottom of a join input's single-source chain (re-key, ROWTIME projection). */
function sourceOf(step: Step): SourceStep {
  let s = step;
  while (s.kind !== 'StreamSource' && s.kind !== 'TableSource' && 'source' in s) s = s.source;
  if (s.kind !== 'StreamSource' && s.kind !== 'TableSource') throw new InternalError(`join input ${step.id} does not come from one source`);
  return s;
}

function overSource(step: Step, f: (source: Step) => Step): Step {
  return step.kind === 'StreamSource' || step.kind === 'TableSource' ? f(step) : mapInputs(step, (s) => overSource(s, f));
}
