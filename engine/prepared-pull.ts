/**
 * Key lookups prepared once per statement shape. A pull query that looks a materialized table up
 * by its key, `SELECT ... FROM T WHERE K = <literal>` or `WHERE K IN (<literals>)`, is planned
 * and compiled the first time its shape is seen (parser/statement-cache.ts: the same tokens, other
 * literals). Each later one only serializes its keys, reads them from the result stores and runs
 * the records through the compiled projection, in one synchronous step, with no plan or pipeline
 * built per request.
 *
 * The answer is the general path's (pull-table.ts): the prepared plan leaves the WHERE clause out
 * because a lookup returns only records of the keys it names, which the clause would keep anyway.
 * A shape is prepared only when its key literals are its only swappable literals, so statements
 * of the shape differ in nothing else; and it is prepared again when the request properties
 * differ or a statement may have changed the catalogue since (the engine's generation).
 */
import type { Column } from '../common/schema.ts';
import { formatType } from '../common/types.ts';
import type { Expr, Query } from '../parser/ast.ts';
import type { StatementShape } from '../parser/statement-cache.ts';
import { planQuery } from '../planner/plan-query.ts';
import type { StoredRecord } from '../runtime/log/log.ts';
import type { OperatorContext } from '../runtime/operators/operator.ts';
import { Watermarks } from '../runtime/watermarks.ts';
import type { Rec } from '../runtime/record.ts';
import type { RowSerde } from '../runtime/serde/index.ts';
import { buildPipeline } from '../runtime/topology.ts';
import type { QueryStream } from './api.ts';
import type { EngineContext } from './engine-context.ts';
import { asRowSource, checkPullQuery, headerSchema, materializingQuery } from './pull-query.ts';
import { findSource, keySerde, literalKey, storedRecord } from './pull-table.ts';

interface Preparation {
  readonly generation: number;
  readonly properties: string;
  readonly lookup: PreparedLookup | undefined;
}

export class PreparedPulls {
  private readonly byShape = new WeakMap<StatementShape, Preparation>();

  constructor(private readonly ctx: EngineContext) {}

  /**
   * The answer to `query` from its shape's prepared lookup, or undefined when the shape has none
   * (not a plain key lookup of a materialized table, or something failed): the general path then
   * answers, with its errors. `requestProperties` is the request's properties as JSON;
   * `generation` the engine's count of catalogue-changing statements.
   */
  answer(shape: StatementShape | undefined, query: Query, requestProperties: string, generation: number, queryId: string): QueryStream | undefined {
    if (shape === undefined || query.emit !== undefined) return undefined;
    let prepared = this.byShape.get(shape);
    if (prepared === undefined || prepared.generation !== generation || prepared.properties !== requestProperties) {
      prepared = { generation, properties: requestProperties, lookup: prepareLookup(query, shape, this.ctx) };
      this.byShape.set(shape, prepared);
    }
    try {
      return prepared.lookup?.run(query, queryId);
    } catch {
      return undefined;
    }
  }
}

/** Where a shape's key literals sit in its statements. */
type KeyLiterals = (query: Query) => readonly Expr[];

class PreparedLookup {
  /** Where the compiled pipeline puts the rows of the lookup running now. */
  private rows: (readonly unknown[])[] = [];
  private readonly handler: (record: StoredRecord) => void;
  private readonly operatorContext: { queryId: string } & OperatorContext;
  private readonly columnNames: readonly string[];
  private readonly columnTypes: readonly string[];
  private readonly schemaText: string;
  private readonly topic: string;
  private readonly serde: RowSerde;
  private readonly limit: number;

  constructor(
    query: Query,
    private readonly ctx: EngineContext,
    private readonly materializer: string,
    private readonly key: Column,
    private readonly keyLiterals: KeyLiterals,
  ) {
    const planned = planQuery({ ...query, where: undefined }, { catalog: ctx.metastore, registry: ctx.registry, transient: true });
    const root = asRowSource(planned.root);
    const source = findSource(root);
    const order = planned.selectOrder;
    const projected = [...planned.schema.key, ...planned.schema.value];
    const columns = order.map((i) => projected[i]!);
    this.columnNames = columns.map((c) => c.name);
    this.columnTypes = columns.map((c) => formatType(c.type));
    this.schemaText = headerSchema(columns, true, planned.window !== undefined);
    this.topic = source.topic;
    this.serde = keySerde(source, ctx);
    this.limit = query.limit ?? Infinity;
    this.operatorContext = { queryId: '', processingLog: ctx.processingLog, lateRecords: new Map(), watermarks: new Watermarks() };
    const limit = this.limit;
    const deps = { registry: ctx.registry, processingLog: ctx.processingLog, ...(ctx.schemaRegistry ? { schemaRegistry: ctx.schemaRegistry } : {}) };
    const topology = buildPipeline('', root, deps, (r: Rec) => {
      const value = r.value;
      if (value === null || this.rows.length >= limit) return;
      const key = r.key;
      const width = key.length;
      const row = new Array<unknown>(order.length);
      for (let i = 0; i < order.length; i++) {
        const at = order[i]!;
        row[i] = (at < width ? key[at] : value[at - width]) ?? null;
      }
      this.rows.push(row);
    }, this.operatorContext);
    this.handler = topology.sources.get(source.topic)!;
  }

  run(query: Query, queryId: string): QueryStream {
    const rows: (readonly unknown[])[] = [];
    this.rows = rows;
    this.operatorContext.queryId = queryId;
    const tables = this.ctx.materialized?.(this.materializer) ?? [];
    const literals = this.keyLiterals(query);
    const seen = literals.length > 1 ? new Set<string>() : undefined;
    for (const literal of literals) {
      const bytes = this.serde.serialize([literalKey(literal, this.key)]);
      if (bytes === null) continue;
      if (seen) {
        const id = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
        if (seen.has(id)) continue;
        seen.add(id);
      }
      for (const table of tables) {
        for (const record of table.get(bytes)) {
          if (rows.length >= this.limit) break;
          this.handler(storedRecord(record, this.topic));
        }
      }
    }
    this.rows = [];
    return new AnsweredPull(queryId, this.columnNames, this.columnTypes, this.schemaText, rows, this.limit);
  }
}

/** A pull query answered as it started (a class, so that answering one makes no closures). */
class AnsweredPull implements QueryStream {
  readonly isPull = true;
  readonly rows: AsyncIterable<readonly unknown[]>;

  constructor(
    readonly queryId: string,
    readonly columnNames: readonly string[],
    readonly columnTypes: readonly string[],
    readonly schemaText: string,
    readonly answered: readonly (readonly unknown[])[],
    private readonly limit: number,
  ) {
    this.rows = answeredRows(answered);
  }

  limitReached(): boolean {
    return this.answered.length >= this.limit;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

async function* answeredRows(rows: readonly (readonly unknown[])[]): AsyncIterable<readonly unknown[]> {
  yield* rows;
}

/** The lookup `query`'s shape gets, or undefined when it is anything but a plain key lookup of a materialized table. */
function prepareLookup(query: Query, shape: StatementShape, ctx: EngineContext): PreparedLookup | undefined {
  if (query.where === undefined || query.from.joins.length > 0) return undefined;
  try {
    checkPullQuery(query);
    const source = ctx.metastore.source(query.from.source.name);
    if (source?.sourceType !== 'TABLE') return undefined;
    const materializer = materializingQuery(source, ctx, query);
    const keys = source.schema.columns.filter((c) => c.namespace === 'KEY');
    if (materializer === undefined || keys.length !== 1) return undefined;
    const key = keys[0]!;
    const at = keyLiteralsOf(query.where, key);
    const literals = at?.(query);
    if (!at || !literals || literals.length !== shape.literals) return undefined;
    if (literals.some((e) => literalKey(e, key) === undefined)) return undefined;
    // Planned whole once, so that a statement the general path would refuse is never prepared.
    planQuery(query, { catalog: ctx.metastore, registry: ctx.registry, transient: true });
    return new PreparedLookup(query, ctx, materializer, key, at);
  } catch {
    // Whatever is wrong with it, the general path says so.
    return undefined;
  }
}

/**
 * Where a WHERE clause that is exactly `KEY = literal`, `literal = KEY` or `KEY IN (literals)`
 * keeps its literals (string or unsigned integer ones, those the statement cache swaps).
 */
function keyLiteralsOf(where: Expr, key: Column): KeyLiterals | undefined {
  const isKey = (e: Expr): boolean => e.kind === 'ColumnRef' && e.name.toUpperCase() === key.name;
  const plain = (e: Expr): boolean => e.kind === 'StringLiteral' || e.kind === 'IntegerLiteral';
  if (where.kind === 'Comparison' && where.op === '=') {
    if (isKey(where.left) && plain(where.right)) return (q) => [(q.where as typeof where).right];
    if (isKey(where.right) && plain(where.left)) return (q) => [(q.where as typeof where).left];
    return undefined;
  }
  if (where.kind === 'In' && !where.not && isKey(where.operand) && where.list.length > 0 && where.list.every(plain)) {
    return (q) => (q.where as typeof where).list;
  }
  return undefined;
}
