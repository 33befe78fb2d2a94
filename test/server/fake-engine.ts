import { AnalysisError, ExecutionError, ParseError } from '../../common/errors.ts';
import { Decimal } from '../../common/decimal.ts';
import type { EngineApi, InsertsTarget, KsqlEntity, QueryStream, RequestOptions } from '../../engine/api.ts';

/** Rows a test pushes into a running query; the consumer waits for them. */
export class RowChannel {
  private readonly buffered: (readonly unknown[])[] = [];
  private waiting: ((r: IteratorResult<readonly unknown[]>) => void) | undefined;
  private done = false;
  private failure: unknown;

  push(row: readonly unknown[]): void {
    if (this.waiting) this.take()({ value: row, done: false });
    else this.buffered.push(row);
  }

  end(): void {
    this.done = true;
    this.waiting && this.take()({ value: undefined, done: true });
  }

  fail(err: unknown): void {
    this.failure = err;
    this.end();
  }

  async *rows(): AsyncGenerator<readonly unknown[]> {
    for (;;) {
      const next = this.buffered.shift();
      if (next) yield next;
      else if (this.done) break;
      else {
        const r = await new Promise<IteratorResult<readonly unknown[]>>((resolve) => (this.waiting = resolve));
        if (r.done) break;
        yield r.value;
      }
    }
    if (this.failure !== undefined) throw this.failure;
  }

  private take(): (r: IteratorResult<readonly unknown[]>) => void {
    const w = this.waiting!;
    this.waiting = undefined;
    return w;
  }
}

export interface FakeQuery {
  readonly sql: string;
  readonly options: RequestOptions | undefined;
  readonly channel: RowChannel;
  readonly stream: QueryStream;
  closed: boolean;
  limit: boolean;
}

export const BIG = 9223372036854775807n;

/**
 * A scripted engine: statements are recognised by a keyword, push queries are fed by the test
 * through `queries[i].channel`.
 */
export class FakeEngine implements EngineApi {
  readonly executed: { sql: string; options: RequestOptions | undefined }[] = [];
  readonly queries: FakeQuery[] = [];
  closed = false;

  async execute(sql: string, options?: RequestOptions): Promise<KsqlEntity[]> {
    this.executed.push({ sql, options });
    const entities: KsqlEntity[] = [];
    for (const text of sql.split(';').map((s) => s.trim()).filter((s) => s !== '')) {
      try {
        const entity = this.statement(`${text};`);
        if (entity) entities.push(entity);
      } catch (err) {
        Object.assign(err as object, { entities });
        throw err;
      }
    }
    return entities;
  }

  async query(sql: string, options?: RequestOptions): Promise<QueryStream> {
    if (/MISSING/.test(sql)) {
      const err = new AnalysisError('MISSING does not exist.', { line: 1, col: 15, offset: 14, endOffset: 21 });
      err.statementText = sql;
      throw err;
    }
    if (/CRASH/.test(sql)) throw new TypeError('boom');
    const channel = new RowChannel();
    const isPull = !/EMIT CHANGES/i.test(sql);
    const query: FakeQuery = { sql, options, channel, closed: false, limit: false, stream: undefined! };
    const stream: QueryStream = {
      queryId: isPull ? 'query_1' : `transient_S_${this.queries.length + 1}`,
      columnNames: ['ID', 'V', 'TS', 'D'],
      columnTypes: ['BIGINT', 'STRING', 'TIMESTAMP', 'DECIMAL(4, 2)'],
      schemaText: '`ID` BIGINT, `V` STRING, `TS` TIMESTAMP, `D` DECIMAL(4, 2)',
      isPull,
      rows: channel.rows(),
      limitReached: () => query.limit,
      close: async () => {
        query.closed = true;
        channel.end();
      },
    };
    Object.assign(query, { stream });
    this.queries.push(query);
    if (isPull) {
      channel.push([BIG, 'a', 0, new Decimal(1234n, 2)]);
      channel.push([-BIG - 1n, null, 86_400_000, new Decimal(-5n, 2)]);
      channel.end();
    }
    return stream;
  }

  /** Rows taken by `openInserts`, by target. A row with `"FAIL"` is refused, `"CRASH"` throws a bug. */
  readonly inserted = new Map<string, unknown[]>();

  async openInserts(target: string): Promise<InsertsTarget> {
    if (target === 'MISSING') throw new AnalysisError('Cannot insert values into an unknown stream/table: MISSING');
    const rows = this.inserted.get(target) ?? [];
    this.inserted.set(target, rows);
    return {
      insert: async (row) => {
        const fields = row as Record<string, unknown>;
        if ('FAIL' in fields) throw new AnalysisError('Key field must be specified: ID');
        if ('CRASH' in fields) throw new TypeError('boom');
        rows.push(row);
      },
    };
  }

  info() {
    return { version: '0.1.0', kafkaClusterId: 'embedded', ksqlServiceId: 'default_', serverStatus: 'RUNNING' } as const;
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private statement(text: string): KsqlEntity | undefined {
    const upper = text.toUpperCase();
    if (/^(SHOW|LIST)\s+STREAMS/.test(upper)) return streamsEntity(text);
    if (/^(SHOW|LIST) (TABLES|QUERIES)/.test(upper)) return { '@type': 'tables', statementText: text, tables: [], warnings: [] };
    if (upper.startsWith('CREATE STREAM')) return currentStatus(text, 'Stream created');
    if (upper.startsWith('DESCRIBE')) return describeEntity(text);
    if (upper.startsWith('SET ')) return undefined;
    if (upper.startsWith('CRASH')) throw new TypeError('boom');
    if (upper.startsWith('DROP')) {
      const err = new ExecutionError('Source NOPE does not exist.');
      err.statementText = text;
      throw err;
    }
    const err = new ParseError(`mismatched input '${text.split(/\s/)[0] ?? ''}'`, { line: 1, col: 1, offset: 0, endOffset: 5 });
    err.statementText = text;
    throw err;
  }
}

function currentStatus(text: string, message: string): KsqlEntity {
  const commandStatus = { status: 'SUCCESS', message, queryId: null };
  return { '@type': 'currentStatus', statementText: text, commandId: 'stream/`S`/create', commandStatus, commandSequenceNumber: 2n, warnings: [] };
}

function streamsEntity(text: string): KsqlEntity {
  const stream = (name: string) => ({ type: 'STREAM', name, topic: name.toLowerCase(), keyFormat: 'KAFKA', valueFormat: 'JSON', isWindowed: false });
  return { '@type': 'streams', statementText: text, streams: [stream('PAGEVIEWS'), stream('CLICKS')], warnings: [] };
}

function describeEntity(text: string): KsqlEntity {
  const schema = (type: string) => ({ type, fields: null, memberSchema: null });
  const fields = [
    { name: 'ID', schema: schema('BIGINT'), type: 'KEY' },
    { name: 'V', schema: schema('STRING') },
  ];
  const sourceDescription = { name: 'S', windowType: null, fields, type: 'STREAM', keyFormat: 'KAFKA', valueFormat: 'JSON', topic: 's', readQueries: [], writeQueries: [] };
  return { '@type': 'sourceDescription', statementText: text, sourceDescription, warnings: [] };
}
