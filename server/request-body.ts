import type { RequestOptions } from '../engine/api.ts';

/** A request body reduced to what the engine needs. */
export interface SqlRequest {
  readonly sql: string;
  readonly options: RequestOptions;
}

type Shape = { readonly sqlField: 'ksql' | 'sql'; readonly propertiesField: 'streamsProperties' | 'properties' };

/** `POST /ksql` and `POST /query` send `KsqlRequest`; `POST /query-stream` sends `QueryStreamArgs`. */
export const KSQL_REQUEST: Shape = { sqlField: 'ksql', propertiesField: 'streamsProperties' };
export const QUERY_STREAM_ARGS: Shape = { sqlField: 'sql', propertiesField: 'properties' };

/** Reads the body, or returns the user-facing reason it cannot be used. */
export function readSqlRequest(body: unknown, shape: Shape): SqlRequest | string {
  const record = asRecord(body ?? {});
  if (!record) return 'Invalid JSON in request: the body must be a JSON object';
  const sql = record[shape.sqlField] ?? '';
  if (typeof sql !== 'string') return `Invalid JSON in request: "${shape.sqlField}" must be a string`;
  const properties = asRecord(record[shape.propertiesField] ?? {});
  if (!properties) return `Invalid JSON in request: "${shape.propertiesField}" must be an object`;
  const variables = asRecord(record['sessionVariables'] ?? {});
  if (!variables) return 'Invalid JSON in request: "sessionVariables" must be an object';
  return { sql, options: { properties, variables: stringValues(variables) } };
}

export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function stringValues(record: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
}

/** What the body parser leaves when the body is not JSON; the preHandler answers 400 40000. */
export class InvalidJsonBody {
  constructor(readonly reason: string) {}
}
