import type { FastifyInstance } from 'fastify';
import { overrideProblem } from '../common/config.ts';
import type { EngineApi } from '../engine/api.ts';
import { badRequest, errorReply } from './error-body.ts';
import { writeJson } from './json-writer.ts';
import { sendError, sendJson } from './replies.ts';
import { KSQL_REQUEST, readSqlRequest } from './request-body.ts';

export interface KsqlRouteContext {
  readonly engine: EngineApi;
  readonly log: (message: string) => void;
}

/** `POST /ksql` and the small endpoints of contract §2.6. */
export function registerKsqlRoutes(app: FastifyInstance, ctx: KsqlRouteContext): void {
  app.post('/ksql', async (request, reply) => {
    const parsed = readSqlRequest(request.body, KSQL_REQUEST);
    if (typeof parsed === 'string') return sendError(reply, badRequest(parsed));
    if (parsed.sql.trim() === '') return sendJson(reply, '[]');
    try {
      const entities = await ctx.engine.execute(parsed.sql, parsed.options);
      return sendJson(reply, writeJson(entities));
    } catch (err) {
      return sendError(reply, errorReply(err, ctx.log));
    }
  });

  app.get('/', (_request, reply) => reply.redirect('/info', 307));
  app.get('/info', (_request, reply) => sendJson(reply, writeJson({ KsqlServerInfo: ctx.engine.info() })));
  app.get('/chc/ready', (_request, reply) => sendJson(reply, '{}'));
  app.get('/chc/live', (_request, reply) => sendJson(reply, '{}'));

  app.get('/healthcheck', async (_request, reply) => {
    const metastore = await metastoreHealthy(ctx);
    const running = ctx.engine.info().serverStatus === 'RUNNING';
    const details = { metastore: { isHealthy: metastore }, kafka: { isHealthy: true }, commandRunner: { isHealthy: running } };
    const body = { isHealthy: metastore && running, details, serverState: 'READY' };
    return sendJson(reply, writeJson(body));
  });

  app.get<{ Params: { name: string } }>('/is_valid_property/:name', (request, reply) => {
    const problem = overrideProblem(request.params.name);
    return problem === undefined ? sendJson(reply, 'true') : sendError(reply, badRequest(problem));
  });
}

/** ksqlDB's metastore check: the listing statements must run. */
async function metastoreHealthy(ctx: KsqlRouteContext): Promise<boolean> {
  try {
    await ctx.engine.execute('LIST STREAMS; LIST TABLES; LIST QUERIES;');
    return true;
  } catch (err) {
    ctx.log(`Health check: the metastore did not answer: ${err instanceof Error ? err.message : String(err)}`);
    return false;
  }
}
