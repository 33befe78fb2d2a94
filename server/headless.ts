/**
 * The REST API of a headless server. ksqlDB runs no REST server at all in headless mode; Tributary
 * keeps the endpoints that change nothing the server runs (server info, health checks, queries,
 * inserts), so the server can be watched and fed, and refuses the statement endpoints: its streams,
 * tables and persistent queries are exactly those of its queries file.
 */
import type { FastifyInstance } from 'fastify';
import { badRequest } from './error-body.ts';
import { sendError } from './replies.ts';

export interface HeadlessMode {
  /** The queries file the server runs, named in the refusal. */
  readonly queriesFile: string;
}

/** `POST /ksql` runs statements and `POST /ksql/terminate` drops everything: both are closed. */
const STATEMENT_ENDPOINTS: ReadonlySet<string> = new Set(['/ksql', '/ksql/terminate']);

export function headlessRefusal(mode: HeadlessMode): string {
  return (
    `This server runs in headless mode from the queries file ${mode.queriesFile}: interactive mode is disabled and ` +
    'the REST API accepts no statements. To change what the server runs, edit the queries file and restart the server.'
  );
}

export function installHeadlessGuard(app: FastifyInstance, mode: HeadlessMode): void {
  const refusal = badRequest(headlessRefusal(mode));
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?', 1)[0] ?? '';
    return STATEMENT_ENDPOINTS.has(path) ? sendError(reply, refusal) : undefined;
  });
}
