/** INSERT INTO source [(columns)] VALUES (...): evaluate the literals, encode, append. */
import { AnalysisError, TributaryError } from '../common/errors.ts';
import type { Span } from '../common/span.ts';
import type { StatementOf } from '../parser/ast.ts';
import { bindExpr, cast, type Scope } from '../planner/bind-expr.ts';
import { resolveTypeNode } from '../planner/resolve-type.ts';
import { compileExpr } from '../runtime/expr/compile.ts';
import type { LogRecord } from '../runtime/log/log.ts';
import type { Rec } from '../runtime/record.ts';
import { createSerde, type SchemaRegistry } from '../runtime/serde/index.ts';
import { formatSpec } from '../runtime/serde-spec.ts';
import type { EngineContext } from './engine-context.ts';
import type { SessionConfig } from './session-config.ts';

const EMPTY: Rec = { key: [], value: [], timestamp: 0, partition: 0, offset: 0, headers: [] };

export async function insertValues(
  stmt: StatementOf<'InsertValues'>,
  ctx: EngineContext,
  _config: SessionConfig,
  produce: (topic: string, record: LogRecord) => Promise<void>,
  schemaRegistry?: SchemaRegistry,
): Promise<void> {
  const source = ctx.metastore.source(stmt.target);
  if (!source) throw new AnalysisError(`Cannot insert values into an unknown stream/table: ${stmt.target}`, stmt.span);
  if (source.isSource) throw new AnalysisError(`Cannot insert values into read-only ${source.sourceType.toLowerCase()}: ${source.name}`, stmt.span);
  // Without a column list, values go to the key columns, then the value columns (ksqlDB's order).
  const physical = [...source.schema.columns.filter((c) => c.namespace === 'KEY'), ...source.schema.columns.filter((c) => c.namespace === 'VALUE')];
  const names = stmt.columns ?? ['ROWTIME', ...physical.map((c) => c.name)].slice(stmt.values.length === physical.length ? 1 : 0);
  const pseudo = names.find((n) => n === 'ROWPARTITION' || n === 'ROWOFFSET');
  if (pseudo !== undefined) throw new AnalysisError(`Inserting into column \`${pseudo}\` is not allowed.`, stmt.span);
  if (names.length !== stmt.values.length) {
    throw new AnalysisError(`Failed to prepare statement: Expected number columns and values to match: ${names.length}, ${stmt.values.length}`, stmt.span);
  }
  const scope = constantScope(resolveTypeNode(ctx.metastore));
  const values = new Map<string, unknown>();
  names.forEach((name, i) => {
    const column = name === 'ROWTIME' ? undefined : physical.find((c) => c.name === name);
    if (name !== 'ROWTIME' && !column) throw new AnalysisError(`Column name ${name} does not exist.`, stmt.span);
    const bound = bindExpr(stmt.values[i]!, { scope, registry: ctx.registry });
    const target = column?.type ?? { kind: 'BIGINT' as const };
    try {
      values.set(name, compileExpr(cast(bound, target), { registry: ctx.registry })(EMPTY) ?? null);
    } catch (e) {
      const why = e instanceof TributaryError ? e.message : String(e);
      throw new AnalysisError(`Failed to insert values into '${source.name}'. ${why}`, stmt.values[i]!.span);
    }
  });
  const key = physical.filter((c) => c.namespace === 'KEY');
  const value = physical.filter((c) => c.namespace === 'VALUE');
  const sr = { topic: source.topic, ...(schemaRegistry ? { schemaRegistry } : {}) };
  const keySerde = createSerde(formatSpec(source.formats.key), key, { isKey: true, ...sr });
  const valueSerde = createSerde(formatSpec(source.formats.value), value, { isKey: false, wrapSingleValue: source.formats.wrapSingleValue, ...sr });
  const rowtime = values.get('ROWTIME');
  const keyRow = key.map((c) => values.get(c.name) ?? null);
  let record: LogRecord;
  try {
    record = {
      key: keyRow.every((k) => k === null) ? null : keySerde.serialize(keyRow),
      value: valueSerde.serialize(value.map((c) => values.get(c.name) ?? null)),
      timestamp: rowtime == null ? Date.now() : Number(rowtime as bigint),
      headers: [],
    };
  } catch (e) {
    // As ksqlDB: a row the formats cannot write is the statement's fault, not the server's.
    const why = e instanceof TributaryError ? e.message : String(e);
    throw new AnalysisError(`Failed to insert values into '${source.name}'. ${why}`, stmt.span);
  }
  await produce(source.topic, record);
}

function constantScope(resolveType: Scope['resolveType']): Scope {
  return {
    resolveColumn(source: string | undefined, name: string, span: Span): never {
      if (source !== undefined) throw new AnalysisError(`Failed to prepare statement: '${source}' is not a valid stream/table name or alias.`, span);
      throw new AnalysisError(`INSERT VALUES takes literal values; '${name}' is not one.`, span);
    },
    resolveType,
  };
}
