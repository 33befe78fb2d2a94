import type { QueryStream } from '../engine/api.ts';
import type { SqlType } from '../common/types.ts';
import { writeJson } from './json-writer.ts';
import { protoRows } from './proto-rows.ts';
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
  const types = stream.columnTypes.map(typeOf);
  const columns = (values: readonly unknown[]): string => `[${values.map((v, i) => writeJson(v, types[i])).join(',')}]`;
  // /query-stream's framings drop a table's tombstones; /query marks them.
  const tombstone = (values: readonly unknown[]): boolean => stream.isTombstone?.(values) === true;
  const meta = (): string =>
    writeJson({ queryId: stream.queryId, columnNames: stream.columnNames, columnTypes: stream.columnTypes });
  const contentType = CONTENT_TYPES[framing];
  switch (framing) {
    case 'delimited':
      return { contentType, header: () => `${meta()}\n`, row: (v) => (tombstone(v) ? '' : `${columns(v)}\n`), end: () => '', error: (e) => `${e}\n` };
    case 'json':
      return { contentType, header: () => `[${meta()}`, row: (v) => (tombstone(v) ? '' : `,${columns(v)}`), end: () => ']', error: (e) => `,${e}]` };
    case 'streamed':
      return {
        contentType,
        header: () => `[${writeJson({ header: { queryId: stream.queryId, schema: stream.schemaText } })}`,
        row: (v) => `,\n{"row":{"columns":${columns(v)}${tombstone(v) ? ',"tombstone":true' : ''}}}`,
        end: () => ((stream.finalMessage ?? !stream.isPull) ? `,\n${writeJson({ finalMessage: finalMessage(stream) })}]` : ']'),
        error: (e) => `,\n{"errorMessage":${e}}]`,
      };
    case 'protobuf': {
      // The StreamedRow framing with the rows as protobuf messages (proto-rows.ts); tombstones are dropped.
      const proto = protoRows(stream.columnNames, types);
      const header = { queryId: stream.queryId, schema: stream.schemaText, protoSchema: proto.schema };
      return {
        contentType,
        header: () => `[${writeJson({ header })}`,
        row: (v) => (tombstone(v) ? '' : `,\n{"row":{"protobufBytes":"${Buffer.from(proto.encode(v)).toString('base64')}"}}`),
        end: () => ((stream.finalMessage ?? !stream.isPull) ? `,\n${writeJson({ finalMessage: finalMessage(stream) })}]` : ']'),
        error: (e) => `,\n{"errorMessage":${e}}]`,
      };
    }
  }
}

function finalMessage(stream: QueryStream): string {
  return stream.limitReached() ? 'Limit Reached' : 'Query Completed';
}
