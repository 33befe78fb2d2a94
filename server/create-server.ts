import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Http2ServerResponse } from 'node:http2';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { EngineApi } from '../engine/api.ts';
import { installBasicAuth, type BasicAuth } from './auth.ts';
import { installHeadlessGuard, type HeadlessMode } from './headless.ts';
import { guardRequestedCertificates, httpsServerOptions, type TlsSettings } from './tls.ts';
import { badRequest, INTERNAL_MESSAGE } from './error-body.ts';
import { CommandStatuses, recordingStatuses } from './command-statuses.ts';
import { registerInsertsRoute } from './inserts-route.ts';
import { registerKsqlRoutes } from './ksql-routes.ts';
import { QueryRegistry } from './query-registry.ts';
import { registerQueryRoutes } from './query-routes.ts';
import { registerStatusRoutes } from './status-routes.ts';
import { sendError, sendJson } from './replies.ts';
import { InvalidJsonBody } from './request-body.ts';
import { writeJson } from './json-writer.ts';
import { adaptHttp2Response, createTransport, type RawHandler } from './transport.ts';
import { registerWsRoute } from './ws-route.ts';

export interface ServerOptions {
  readonly port: number;
  readonly host: string;
  /** Where server-side problems are reported; stderr by default. */
  readonly log?: (message: string) => void;
  /** HTTP Basic authentication (server/auth.ts): every route but the health checks asks for it. */
  readonly auth?: BasicAuth;
  /** HTTPS (server/tls.ts): HTTP/2 and HTTP/1.1 by ALPN on the one port. */
  readonly tls?: TlsSettings;
  /** Headless mode (server/headless.ts): the statement endpoints refuse every request. */
  readonly headless?: HeadlessMode;
}

export interface TributaryServer {
  readonly app: FastifyInstance;
  /** Starts listening; resolves to the base URL, e.g. `http://localhost:8088`. */
  listen(): Promise<string>;
  /** Closes the streaming queries, then the HTTP server. The engine is the caller's to close. */
  close(): Promise<void>;
}

/** The ksqlDB REST API over an engine: routes only, the engine does the work. */
export function createServer(engine: EngineApi, opts: ServerOptions): TributaryServer {
  const log = opts.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  const registry = new QueryRegistry();
  const base = { logger: false, forceCloseConnections: true } as const;
  const app = opts.tls ? (Fastify({ ...base, ...httpsServerOptions(opts.tls) }) as unknown as FastifyInstance) : Fastify({ ...base, serverFactory });
  if (opts.tls) guardRequestedCertificates(app.server, opts.tls);
  // Over h2c the transport adapts HTTP/2 responses itself; over TLS fastify's own server answers.
  if (opts.tls) app.addHook('onRequest', async (request, reply) => adaptHttp2(request.raw, reply.raw));
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, parseBody(String(body))));
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) log(`Request failed: ${error.stack ?? error.message}`);
    const message = status >= 500 ? INTERNAL_MESSAGE : error.message;
    const body = { '@type': 'generic_error', error_code: status * 100, message };
    return sendJson(reply, writeJson(body), status);
  });
  app.setNotFoundHandler((_request, reply) => reply.code(404).type('text/plain').send('Not Found'));
  if (opts.auth) installBasicAuth(app, opts.auth);
  if (opts.headless) installHeadlessGuard(app, opts.headless);
  app.addHook('preHandler', async (request, reply) => {
    if (request.body instanceof InvalidJsonBody) return sendError(reply, badRequest(request.body.reason));
    return undefined;
  });
  const statuses = new CommandStatuses();
  registerKsqlRoutes(app, { engine: recordingStatuses(engine, statuses), log });
  registerQueryRoutes(app, { engine, registry, log });
  registerInsertsRoute(app, { engine, log });
  registerWsRoute(app, { engine, log });
  registerStatusRoutes(app, { statuses, hostPort: () => new URL(baseUrl(app, opts.host, 'http')).host, ...(engine.clusterStatus ? { clusterStatus: (self: string) => engine.clusterStatus!(self) } : {}) });

  return {
    app,
    async listen() {
      await app.listen({ port: opts.port, host: opts.host });
      return baseUrl(app, opts.host, opts.tls ? 'https' : 'http');
    },
    async close() {
      await registry.closeAll();
      await app.close();
    },
  };
}

/**
 * HTTP/1.1 and h2c on one port (transport.ts). The instance keeps fastify's HTTP/1 types: HTTP/2
 * requests reach the routes through node's compatibility API, which has the same shape; a route
 * that cares reads `request.raw.httpVersion`.
 */
function serverFactory(handler: (req: never, res: never) => void): Server {
  return createTransport(handler as RawHandler) as unknown as Server;
}

function adaptHttp2(req: IncomingMessage, res: ServerResponse): void {
  if (req.httpVersion === '2.0') adaptHttp2Response(res as unknown as Http2ServerResponse);
}

function parseBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    return new InvalidJsonBody(`Invalid JSON in request: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function baseUrl(app: FastifyInstance, host: string, scheme: 'http' | 'https'): string {
  const address = app.server.address() as AddressInfo | null;
  const port = address?.port ?? 0;
  const wildcard = host === '0.0.0.0' || host === '::' || host === '';
  const shown = wildcard ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `${scheme}://${shown}:${port}`;
}
