import type { FastifyInstance } from 'fastify';
import type { CommandStatuses } from './command-statuses.ts';
import { writeJson } from './json-writer.ts';
import { sendJson } from './replies.ts';

export interface StatusRouteContext {
  readonly statuses: CommandStatuses;
  /** This server's `host:port`, once it listens. */
  readonly hostPort: () => string;
  /** The engine's view of its server group, when it has one (engine/engine.ts clusterStatus). */
  readonly clusterStatus?: (self: string) => Readonly<Record<string, unknown>>;
}

type StatusParams = { type: string; entity: string; action: string };

/** `GET /status`, `GET /status/:type/:entity/:action` and `GET /clusterStatus` (contract §2.6). */
export function registerStatusRoutes(app: FastifyInstance, ctx: StatusRouteContext): void {
  app.get('/status', (_request, reply) => sendJson(reply, writeJson({ commandStatuses: ctx.statuses.all() })));

  app.get<{ Params: StatusParams }>('/status/:type/:entity/:action', (request, reply) => {
    // As ksqlDB parses a CommandId: type and action in any case, the entity exactly (back-quotes included).
    const { type, entity, action } = request.params;
    const status = ctx.statuses.get(`${type.toLowerCase()}/${entity}/${action.toLowerCase()}`);
    if (status) return sendJson(reply, writeJson(status));
    return sendJson(reply, writeJson({ '@type': 'generic_error', error_code: 40400, message: 'Command not found' }), 404);
  });

  // The engine's server group with each member's active partitions per query; else this server alone.
  app.get('/clusterStatus', (_request, reply) => {
    if (ctx.clusterStatus) return sendJson(reply, writeJson({ clusterStatus: ctx.clusterStatus(ctx.hostPort()) }));
    const now = Date.now();
    const self = { hostAlive: true, lastStatusUpdateMs: now, activeStandbyPerQuery: {}, hostStoreLags: { stateStoreLags: {}, updateTimeMs: now } };
    return sendJson(reply, writeJson({ clusterStatus: { [ctx.hostPort()]: self } }));
  });
}
