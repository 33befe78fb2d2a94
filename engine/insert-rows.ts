/**
 * Rows of `POST /inserts-stream`: JSON objects keyed by column name, read as ksqlDB's
 * KeyValueExtractor reads them (names match exactly, else upper-cased; unknown names are ignored;
 * every key column must be given), coerced as the JSON format coerces values, then encoded in the
 * target's formats and appended to its topic.
 */
import { AnalysisError, TributaryError } from '../common/errors.ts';
import type { Column } from '../common/schema.ts';
import type { InsertsTarget } from './api.ts';
import type { EngineContext } from './engine-context.ts';
import type { DataSource } from './metastore.ts';
import { formatSpec } from '../runtime/serde-spec.ts';
import { createSerde } from '../runtime/serde/index.ts';
import { rowCoercer } from '../runtime/serde/json-coerce.ts';

/** Resolves the target now (so setup errors come before any row), then takes rows one by one. */
export function openInserts(ctx: EngineContext, target: string): InsertsTarget {
  const source = insertableSource(ctx, target);
  const physical = source.schema.columns.filter((c) => c.namespace === 'KEY' || c.namespace === 'VALUE');
  const keys = physical.filter((c) => c.namespace === 'KEY');
  const values = physical.filter((c) => c.namespace === 'VALUE');
  const registry = { topic: source.topic, ...(ctx.schemaRegistry ? { schemaRegistry: ctx.schemaRegistry } : {}) };
  const keySerde = createSerde(formatSpec(source.formats.key), keys, { isKey: true, ...registry });
  const valueSerde = createSerde(formatSpec(source.formats.value), values, { isKey: false, wrapSingleValue: source.formats.wrapSingleValue, ...registry });
  const coerce = rowCoercer(physical);
  return {
    async insert(row: unknown): Promise<void> {
      const cells = coerceRow(coerce, row, physical, source);
      const keyRow = cells.slice(0, keys.length);
      const record = {
        key: keys.length === 0 ? null : keySerde.serialize(keyRow),
        value: valueSerde.serialize(cells.slice(keys.length)),
        timestamp: Date.now(),
        headers: [],
      };
      await ctx.log.append(source.topic, undefined, [record]);
    },
  };
}

function insertableSource(ctx: EngineContext, target: string): DataSource {
  const quoted = /^`(.*)`$/s.exec(target);
  const name = quoted ? quoted[1]!.replaceAll('``', '`') : target.toUpperCase();
  const source = ctx.metastore.source(name);
  if (!source) throw new AnalysisError(`Cannot insert values into an unknown stream/table: ${name}`);
  if (source.isSource) throw new AnalysisError(`Cannot insert values into read-only ${source.sourceType.toLowerCase()}: ${source.name}`);
  if (source.window) throw new AnalysisError(`Cannot insert values into windowed ${source.sourceType.toLowerCase()} ${source.name}: rows of a windowed source carry window bounds that an insert cannot give.`);
  return source;
}

/** Key columns first, then values, as `physical` lists them; a problem with the row is a 400. */
function coerceRow(coerce: (n: unknown) => unknown[] | null, row: unknown, physical: readonly Column[], source: DataSource): unknown[] {
  let cells: unknown[] | null;
  try {
    cells = coerce(row);
  } catch (e) {
    if (e instanceof TributaryError) throw new AnalysisError(`Cannot insert this row into ${source.name}: ${e.message}`);
    throw e;
  }
  if (cells === null) throw new AnalysisError(`Cannot insert a null row into ${source.name}: send a JSON object of column values.`);
  physical.forEach((column, i) => {
    if (column.namespace === 'KEY' && cells[i] === null) throw new AnalysisError(`Key field must be specified: ${column.name}`);
  });
  return cells;
}
