import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { QueryStream } from '../engine/api.ts';
import { errorReply } from './error-body.ts';
import type { QueryRegistry } from './query-registry.ts';
import type { RowWriter } from './row-framing.ts';

interface StreamContext {
  readonly registry: QueryRegistry;
  readonly log: (message: string) => void;
}

/**
 * Writes a query's rows to a chunked response as they arrive. The query is registered for
 * `/close-query` while it runs and is closed when it ends, fails, or the client goes away.
 */
export async function streamRows(res: ServerResponse, stream: QueryStream, writer: RowWriter, ctx: StreamContext): Promise<void> {
  if (stream.answered && !('stream' in res)) return writeAnswered(res, stream.answered, writer);
  let closed: Promise<void> | undefined;
  const closeQuery = (): Promise<void> => (closed ??= stream.close().catch((err: unknown) => ctx.log(closeFailed(stream, err))));
  res.on('close', () => {
    // writableEnded, not writableFinished: an HTTP/2 response reset by the client reports finished.
    if (!res.writableEnded) void closeQuery();
  });
  if (!stream.isPull) ctx.registry.add(stream);
  // A pull query's answer is bounded: over HTTP/1.1 it goes out in one write, not one per row
  // (HTTP/2 clients such as ksqldb-client read one document per DATA frame, so they keep them).
  if (stream.isPull && !('stream' in res)) return answerAtOnce(res, stream, writer, ctx, closeQuery);
  try {
    res.writeHead(200, { 'content-type': writer.contentType, 'cache-control': 'no-cache' });
    res.write(writer.header());
    for await (const row of stream.rows) {
      if (res.destroyed) break;
      if (!res.write(writer.row(row))) await drained(res);
    }
    if (!res.destroyed) res.end(writer.end());
  } catch (err) {
    if (!res.destroyed) res.end(writer.error(errorReply(err, ctx.log).body));
  } finally {
    ctx.registry.remove(stream.queryId);
    await closeQuery();
  }
}

async function answerAtOnce(res: ServerResponse, stream: QueryStream, writer: RowWriter, ctx: StreamContext, closeQuery: () => Promise<void>): Promise<void> {
  const parts: string[] = [writer.header()];
  try {
    for await (const row of stream.rows) {
      if (res.destroyed) break;
      parts.push(writer.row(row));
    }
    parts.push(writer.end());
  } catch (err) {
    parts.push(writer.error(errorReply(err, ctx.log).body));
  } finally {
    await closeQuery();
  }
  if (res.destroyed) return;
  res.writeHead(200, { 'content-type': writer.contentType, 'cache-control': 'no-cache' });
  res.end(parts.join(''));
}

/** A pull query answered before anything was written: the whole response in one write. */
function writeAnswered(res: ServerResponse, rows: readonly (readonly unknown[])[], writer: RowWriter): void {
  let body = writer.header();
  for (const row of rows) body += writer.row(row);
  body += writer.end();
  res.writeHead(200, { 'content-type': writer.contentType, 'cache-control': 'no-cache', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** Waits until the socket takes more data, or the client disconnects. */
async function drained(res: ServerResponse): Promise<void> {
  if (res.destroyed) return;
  await Promise.race([once(res, 'drain'), once(res, 'close')]);
}

function closeFailed(stream: QueryStream, err: unknown): string {
  return `Could not close query ${stream.queryId}: ${err instanceof Error ? err.message : String(err)}`;
}
