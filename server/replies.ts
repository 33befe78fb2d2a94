import type { FastifyReply } from 'fastify';
import type { ErrorReply } from './error-body.ts';

/** Sends JSON text already written by `writeJson` (never through JSON.stringify: bigints). */
export function sendJson(reply: FastifyReply, body: string, status = 200): FastifyReply {
  return reply.code(status).type('application/json').send(body);
}

export function sendError(reply: FastifyReply, error: ErrorReply): FastifyReply {
  return sendJson(reply, error.body, error.status);
}
