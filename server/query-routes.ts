import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { TributaryError } from '../common/errors.ts';
import type { EngineApi, QueryStream } from '../engine/api.ts';
import { badRequest, errorReply } from './error-body.ts';
import type { QueryRegistry } from './query-registry.ts';
import { asRecord, KSQL_REQUEST, QUERY_STREAM_ARGS, readSqlRequest } from './request-body.ts';
import { chooseFraming, rowWriter, type Framing } from './row-framing.ts';
import { sendError } from './replies.ts';
import { streamRows } from './stream-rows.ts';

export interface QueryRouteContext {
  readonly engine: EngineApi;
  readonly registry: QueryRegistry;
  readonly log: (message: string) => void;
}

/** `POST /query`, `POST /query-stream` and `POST /close-query` (contract §2.2–2.4). */
export function registerQueryRoutes(app: FastifyInstance, ctx: QueryRouteContext): void {
  app.post('/query-stream', (request, reply) => runQuery(ctx, request, reply, 'query-stream'));
  app.post('/query', (request, reply) => runQuery(ctx, request, reply, 'query'));

  app.post('/close-query', async (request, reply) => {
    const queryId = asRecord(request.body)?.['queryId'];
    if (typeof queryId !== 'string' || queryId === '') {
      return sendError(reply, badRequest('Invalid JSON in request: "queryId" is required'));
    }
    if (!(await ctx.registry.close(queryId))) return sendError(reply, badRequest(`No query with id ${queryId}`));
    return reply.code(200).send('');
  });
}

async function runQuery(
  ctx: QueryRouteContext,
  request: FastifyRequest,
  reply: FastifyReply,
  endpoint: 'query' | 'query-stream',
): Promise<FastifyReply | undefined> {
  const framing: Framing | undefined = chooseFraming(request.headers.accept, endpoint);
  if (!framing) return reply.code(406).send('');
  const parsed = readSqlRequest(request.body, endpoint === 'query' ? KSQL_REQUEST : QUERY_STREAM_ARGS);
  if (typeof parsed === 'string') return sendError(reply, badRequest(parsed));
  if (parsed.sql.trim() === '') {
    const field = endpoint === 'query' ? 'ksql' : 'sql';
    return sendError(reply, badRequest(`"${field}" field must be populated`));
  }
  let stream: QueryStream;
  try {
    const authorization = request.headers.authorization;
    stream = await ctx.engine.query(parsed.sql, authorization ? { ...parsed.options, authorization } : parsed.options);
  } catch (err) {
    // As ksqlDB does, a failed query's statement error quotes the request's SQL as sent.
    if (err instanceof TributaryError && err.statementText !== undefined) err.statementText = parsed.sql.trim();
    return sendError(reply, errorReply(err, ctx.log));
  }
  let writer;
  try {
    writer = rowWriter(framing, stream);
  } catch (err) {
    await stream.close().catch(() => undefined);
    return sendError(reply, errorReply(err, ctx.log));
  }
  reply.hijack();
  await streamRows(reply.raw, stream, writer, ctx);
  return undefined;
}
