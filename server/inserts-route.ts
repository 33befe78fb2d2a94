import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseJsonLossless } from '../common/json-values.ts';
import { TributaryError } from '../common/errors.ts';
import type { EngineApi, InsertsTarget } from '../engine/api.ts';
import { badRequest, errorReply, type ErrorReply } from './error-body.ts';
import { writeJson } from './json-writer.ts';
import { sendError } from './replies.ts';
import { asRecord } from './request-body.ts';

export interface InsertsRouteContext {
  readonly engine: EngineApi;
  readonly log: (message: string) => void;
}

const DELIMITED = 'application/vnd.ksqlapi.delimited.v1';
const SERVER_ERROR = 'Error in processing inserts. Check server logs for details.';

/**
 * `POST /inserts-stream` (contract §2.5), HTTP/2 only: the body is newline-delimited JSON, the
 * target first, then one row per line, read as it arrives; each row is acknowledged (or refused,
 * which ends the response) as soon as it is written.
 */
export function registerInsertsRoute(app: FastifyInstance, ctx: InsertsRouteContext): void {
  void app.register(async (scope) => {
    // The body is a stream of rows, read line by line, never buffered whole.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    scope.post('/inserts-stream', (request, reply) => insertsStream(ctx, request, reply));
  });
}

async function insertsStream(ctx: InsertsRouteContext, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  const body = request.body as Readable | undefined;
  if (request.raw.httpVersion !== '2.0') {
    body?.resume();
    return sendError(reply, http2Only());
  }
  const reader = createInterface({ input: body ?? Readable.from([]), crlfDelay: Infinity });
  const lines = reader[Symbol.asyncIterator]();
  // After a refusal the rest of the body is read and dropped.
  const stop = (): void => {
    reader.close();
    body?.resume();
  };
  const first = await lines.next();
  const target = await openTarget(ctx, first.done ? '' : first.value);
  if ('status' in target) {
    stop();
    return sendError(reply, target);
  }
  const writer = ackWriter(request.headers.accept);
  const res = reply.raw;
  reply.hijack();
  // A client that goes away may never end its body: stop waiting for lines.
  res.once('close', () => reader.close());
  res.writeHead(200, { 'content-type': writer.contentType });
  res.write(writer.start);
  let seq = 0;
  for (let next = await lines.next(); !next.done && !res.destroyed; next = await lines.next()) {
    if (next.value.trim() === '') continue;
    const refused = await insertRow(ctx, target, next.value, seq);
    if (refused !== undefined) {
      res.end(writer.error(refused));
      stop();
      return undefined;
    }
    res.write(writer.ack(seq++));
  }
  if (!res.destroyed) res.end(writer.end);
  return undefined;
}

/** The first line, `{"target":"S","properties":{...}}`, resolved to something rows can go into. */
async function openTarget(ctx: InsertsRouteContext, line: string): Promise<InsertsTarget | ErrorReply> {
  let args: Record<string, unknown> | undefined;
  try {
    args = asRecord(parseJsonLossless(line));
  } catch {
    return badRequest('Invalid JSON in request: the first line of an inserts stream must be {"target": "<stream or table>"}');
  }
  const target = args?.['target'];
  if (typeof target !== 'string' || target === '') return badRequest('Invalid JSON in request: "target" is required');
  if (!ctx.engine.openInserts) return badRequest('This server does not take inserts streams.');
  try {
    return await ctx.engine.openInserts(target);
  } catch (err) {
    return errorReply(err, ctx.log);
  }
}

/** Undefined when the row was written, else ksqlDB's InsertError fields for it. */
async function insertRow(ctx: InsertsRouteContext, target: InsertsTarget, line: string, seq: number): Promise<InsertRefusal | undefined> {
  let row: unknown;
  try {
    row = parseJsonLossless(line);
  } catch {
    return { seq, code: 40000, message: 'Invalid JSON in inserts stream' };
  }
  try {
    await target.insert(row);
    return undefined;
  } catch (err) {
    if (err instanceof TributaryError && err.status < 500) return { seq, code: 40000, message: err.message };
    ctx.log(`Inserts stream: row ${seq} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return { seq, code: 50000, message: SERVER_ERROR };
  }
}

interface InsertRefusal {
  readonly seq: number;
  readonly code: number;
  readonly message: string;
}

/** Acks as lines (delimited, the default) or as one JSON array (`Accept: application/json`). */
function ackWriter(accept: string | undefined) {
  const wantsJson = (accept ?? '').split(',').some((t) => t.split(';')[0]?.trim().toLowerCase() === 'application/json');
  const ack = (seq: number): string => writeJson({ seq, status: 'ok' });
  // Jackson names the unregistered InsertError subtype by its class name.
  const error = (r: InsertRefusal): string =>
    writeJson({ '@type': 'InsertError', error_code: r.code, message: r.message, status: 'error', seq: r.seq });
  if (!wantsJson) {
    return { contentType: DELIMITED, start: '', ack: (s: number) => `${ack(s)}\n`, error: (r: InsertRefusal) => `${error(r)}\n`, end: '' };
  }
  let first = true;
  const item = (text: string): string => {
    const sep = first ? '' : ',';
    first = false;
    return `${sep}${text}`;
  };
  return { contentType: 'application/json', start: '[', ack: (s: number) => item(ack(s)), error: (r: InsertRefusal) => `${item(error(r))}]`, end: ']' };
}

function http2Only(): ErrorReply {
  const body = writeJson({ '@type': 'generic_error', error_code: 40004, message: 'This endpoint is only available when using HTTP2' });
  return { status: 400, body };
}
