import type { QueryStream } from '../engine/api.ts';
import type { SqlType } from '../common/types.ts';
import { writeJson } from './json-writer.ts';
import { protoRows, type ProtoRows } from './proto-rows.ts';
import { parseTypeText } from './type-text.ts';

/** The three ways rows are framed on `/query` and `/query-stream` (contract §2.2, §2.3). */
export type Framing = 'delimited' | 'json' | 'streamed' | 'protobuf';

const DELIMITED = 'application/vnd.ksqlapi.delimited.v1';
const KSQL_V1_JSON = 'application/vnd.ksql.v1+json';
const JSON_TYPE = 'application/json';
const KSQL_V1_PROTOBUF = 'application/vnd.ksql.v1+protobuf';

export const CONTENT_TYPES: Readonly<Record<Framing, string>> = {
  delimited: DELIMITED,
  json: JSON_TYPE,
  streamed: KSQL_V1_JSON,
  protobuf: KSQL_V1_PROTOBUF,
};

const BY_ENDPOINT = {
  'query-stream': { none: 'delimited', [DELIMITED]: 'delimited', '*/*': 'delimited', [JSON_TYPE]: 'json', [KSQL_V1_JSON]: 'streamed', [KSQL_V1_PROTOBUF]: 'protobuf' },
  query: { none: 'streamed', [DELIMITED]: 'delimited', '*/*': 'delimited', [JSON_TYPE]: 'streamed', [KSQL_V1_JSON]: 'streamed', [KSQL_V1_PROTOBUF]: 'protobuf' },
} as const satisfies Record<string, Readonly<Record<string, Framing>>>;

/** Picks the framing for an `Accept` header; `undefined` means 406 Not Acceptable. */
export function chooseFraming(accept: string | undefined, endpoint: keyof typeof BY_ENDPOINT): Framing | undefined {
  const table: Readonly<Record<string, Framing>> = BY_ENDPOINT[endpoint];
  const wanted = (accept ?? '')
    .split(',')
    .map((part) => part.split(';')[0]?.trim().toLowerCase() ?? '')
    .filter((type) => type !== '');
  if (wanted.length === 0) return table.none;
  for (const type of wanted) {
    const framing = table[type];
    if (framing) return framing;
  }
  return undefined;
}

/** Turns a query's header, rows, end and error into response chunks for one framing. */
export interface RowWriter {
  readonly contentType: string;
  header(): string;
  row(values: readonly unknown[]): string;
  end(): string;
  error(errorBody: string): string;
}

/** Parsed column types by their text: the same few come back with every query. */
const typesByText = new Map<string, SqlType | undefined>();

function typeOf(text: string): SqlType | undefined {
  if (typesByText.has(text)) return typesByText.get(text);
  const type = parseTypeText(text);
  if (typesByText.size < 10_000) typesByText.set(text, type);
  return type;
}

export function rowWriter(framing: Framing, stream: QueryStream): RowWriter {
  return new FramedRows(framing, stream);
}

/**
 * One class for the four framings, switching in its methods: a writer is made per query (per
 * pull query too), so it holds no closures of its own.
 */
class FramedRows implements RowWriter {
  readonly contentType: string;
  private readonly types: readonly (SqlType | undefined)[];
  private readonly proto: ProtoRows | undefined;

  constructor(
    private readonly framing: Framing,
    private readonly stream: QueryStream,
  ) {
    this.contentType = CONTENT_TYPES[framing];
    this.types = stream.columnTypes.map(typeOf);
    // The StreamedRow framing with the rows as protobuf messages (proto-rows.ts).
    this.proto = framing === 'protobuf' ? protoRows(stream.columnNames, this.types) : undefined;
  }

  header(): string {
    const s = this.stream;
    switch (this.framing) {
      case 'delimited':
        return `${this.meta()}\n`;
      case 'json':
        return `[${this.meta()}`;
      case 'streamed':
        return `[${writeJson({ header: { queryId: s.queryId, schema: s.schemaText } })}`;
      case 'protobuf':
        return `[${writeJson({ header: { queryId: s.queryId, schema: s.schemaText, protoSchema: this.proto!.schema } })}`;
    }
  }

  row(values: readonly unknown[]): string {
    // /query-stream's framings and protobuf drop a table's tombstones; /query's StreamedRow marks them.
    const tombstone = this.stream.isTombstone?.(values) === true;
    switch (this.framing) {
      case 'delimited':
        return tombstone ? '' : `${this.columns(values)}\n`;
      case 'json':
        return tombstone ? '' : `,${this.columns(values)}`;
      case 'streamed':
        return `,\n{"row":{"columns":${this.columns(values)}${tombstone ? ',"tombstone":true' : ''}}}`;
      case 'protobuf':
        return tombstone ? '' : `,\n{"row":{"protobufBytes":"${Buffer.from(this.proto!.encode(values)).toString('base64')}"}}`;
    }
  }

  end(): string {
    const s = this.stream;
    if (this.framing === 'delimited') return '';
    if (this.framing === 'json') return ']';
    return (s.finalMessage ?? !s.isPull) ? `,\n${writeJson({ finalMessage: finalMessage(s) })}]` : ']';
  }

  error(errorBody: string): string {
    switch (this.framing) {
      case 'delimited':
        return `${errorBody}\n`;
      case 'json':
        return `,${errorBody}]`;
      default:
        return `,\n{"errorMessage":${errorBody}}]`;
    }
  }

  private meta(): string {
    const s = this.stream;
    return writeJson({ queryId: s.queryId, columnNames: s.columnNames, columnTypes: s.columnTypes });
  }

  private columns(values: readonly unknown[]): string {
    let out = '[';
    for (let i = 0; i < values.length; i++) out += (i === 0 ? '' : ',') + writeJson(values[i], this.types[i]);
    return `${out}]`;
  }
}

function finalMessage(stream: QueryStream): string {
  return stream.limitReached() ? 'Limit Reached' : 'Query Completed';
}
