import websocket from '@fastify/websocket';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { TributaryError } from '../common/errors.ts';
import type { SqlType } from '../common/types.ts';
import type { EngineApi, QueryStream } from '../engine/api.ts';
import { schemaInfo } from '../engine/entities.ts';
import { writeJson } from './json-writer.ts';
import { KSQL_REQUEST, readSqlRequest } from './request-body.ts';
import { parseTypeText } from './type-text.ts';

export interface WsRouteContext {
  readonly engine: EngineApi;
  readonly log: (message: string) => void;
}

/** RFC 6455 close codes ksqlDB's WSQueryEndpoint uses. */
const CLOSE = { done: 1000, badRequest: 1003, failed: 1011 } as const;

type WsQuery = { request?: string; version?: string; access_token?: string };

/**
 * `GET /ws/query` (contract §2.6): the `request` query parameter carries a KsqlRequest with one
 * SELECT. The first message is the result schema (FieldInfo array), then one StreamedRow
 * (`{"row":{"columns":[...]}}`) per message; the socket closes with 1000 "done" when the query
 * ends, 1003 when the request cannot run, 1011 when the query fails. Closing the socket closes the query.
 */
export function registerWsRoute(app: FastifyInstance, ctx: WsRouteContext): void {
  void app.register(async (scope) => {
    await scope.register(websocket);
    scope.get<{ Querystring: WsQuery }>('/ws/query', { websocket: true }, (socket, request) => {
      void runQuery(ctx, socket, request);
    });
  });
}

async function runQuery(ctx: WsRouteContext, socket: WebSocket, request: FastifyRequest<{ Querystring: WsQuery }>): Promise<void> {
  const started = await startQuery(ctx, request.query);
  if (typeof started === 'string') return socket.close(CLOSE.badRequest, closeReason(started));
  const stream = started;
  let closed = false;
  socket.on('close', () => {
    closed = true;
    void stream.close().catch((err: unknown) => ctx.log(`Could not close query ${stream.queryId}: ${String(err)}`));
  });
  const types = stream.columnTypes.map((t): SqlType | undefined => parseTypeText(t));
  try {
    await send(socket, writeJson(schemaOf(stream, types)));
    for await (const row of stream.rows) {
      if (closed) return;
      await send(socket, `{"row":{"columns":[${row.map((v, i) => writeJson(v, types[i])).join(',')}]}}`);
    }
    if (!closed) socket.close(CLOSE.done, 'done');
  } catch (err) {
    if (closed) return;
    if (!(err instanceof TributaryError)) ctx.log(`Websocket query ${stream.queryId} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    socket.close(CLOSE.failed, closeReason(err instanceof Error ? err.message : String(err)));
  }
}

/** The running query, or why the request cannot run (ksqlDB's messages). */
async function startQuery(ctx: WsRouteContext, params: WsQuery): Promise<QueryStream | string> {
  if (params.version !== undefined && params.version !== '1') return `Received invalid api version: ${params.version}`;
  if (!params.request) return 'Error parsing request: missing request parameter';
  let body: unknown;
  try {
    body = JSON.parse(params.request);
  } catch (err) {
    return `Error parsing request: ${err instanceof Error ? err.message : String(err)}`;
  }
  const parsed = readSqlRequest(body, KSQL_REQUEST);
  if (typeof parsed === 'string') return `Error parsing request: ${parsed}`;
  if (parsed.sql.trim() === '') return 'Error parsing request: "ksql" field of "request" must be populated';
  try {
    return await ctx.engine.query(parsed.sql, parsed.options);
  } catch (err) {
    if (err instanceof TributaryError) return err.message;
    ctx.log(`Websocket query failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return 'The server encountered an internal error when processing the query.';
  }
}

/** ksqlDB's first message: a FieldInfo per column, key columns marked (pull queries have them). */
function schemaOf(stream: QueryStream, types: readonly (SqlType | undefined)[]): unknown[] {
  return stream.columnNames.map((name, i) => {
    const type = types[i];
    const field: Record<string, unknown> = { name, schema: type ? schemaInfo(type) : { type: stream.columnTypes[i], fields: null, memberSchema: null } };
    if (isKey(stream.schemaText, name, stream.columnTypes[i]!)) field['type'] = 'KEY';
    return field;
  });
}

function isKey(schemaText: string, name: string, type: string): boolean {
  const marked = `\`${name}\` ${type} KEY`;
  const at = schemaText.indexOf(marked);
  const after = schemaText[at + marked.length];
  return at >= 0 && (after === undefined || after === ',');
}

function send(socket: WebSocket, text: string): Promise<void> {
  return new Promise((resolve, reject) => socket.send(text, (err) => (err ? reject(err) : resolve())));
}

/** A close frame's reason is at most 123 bytes. */
function closeReason(message: string): string {
  const bytes = Buffer.from(message, 'utf8');
  return bytes.length <= 123 ? message : `${bytes.subarray(0, 120).toString('utf8').replace(/\uFFFD$/, '')}...`;
}
