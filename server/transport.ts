/**
 * One port for HTTP/1.1 and cleartext HTTP/2, as ksqlDB's Vert.x server has: clients such as the
 * npm `ksqldb-client` open h2c with prior knowledge, curl and the shell speak HTTP/1.1. Node's
 * http2 server takes HTTP/1.1 only through TLS ALPN (`allowHTTP1`), so a plain TCP server reads
 * the first bytes of each connection: the HTTP/2 client preface goes to an http2 server, anything
 * else to an http server, and both call the same handler (fastify's router). Over TLS none of this
 * is needed: ALPN picks the protocol (tls.ts).
 */
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';

export type RawHandler = (req: http.IncomingMessage | http2.Http2ServerRequest, res: http.ServerResponse | http2.Http2ServerResponse) => void;

/** RFC 9113 §3.4: every HTTP/2 connection starts with these 24 bytes. */
const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');

/** Fastify's keep-alive default, kept for HTTP/1.1 connections. */
const KEEP_ALIVE_MS = 72_000;

/** How long a new connection may stay silent before its protocol is known (node's headersTimeout). */
const FIRST_BYTES_TIMEOUT_MS = 60_000;

export interface TransportOptions {
  readonly firstBytesTimeoutMs?: number;
}

export function createTransport(handler: RawHandler, options: TransportOptions = {}): DualProtocolServer {
  return new DualProtocolServer(handler, options.firstBytesTimeoutMs ?? FIRST_BYTES_TIMEOUT_MS);
}

/**
 * A `net.Server` that fastify drives like an http server (`listen`, `address`, `close`,
 * `closeAllConnections`, the `upgrade` and `clientError` events of its HTTP/1.1 side).
 */
export class DualProtocolServer extends net.Server {
  private readonly http1: http.Server;
  private readonly http2: http2.Http2Server;
  private readonly sockets = new Set<net.Socket>();

  constructor(
    handler: RawHandler,
    private readonly firstBytesTimeoutMs: number,
  ) {
    // As an http server does: no Nagle delay, so a response goes out the moment it is written.
    super({ noDelay: true }, (socket) => this.accept(socket));
    this.http1 = http.createServer(handler);
    this.http1.keepAliveTimeout = KEEP_ALIVE_MS;
    this.http1.on('upgrade', (req, socket, head) => this.emit('upgrade', req, socket, head));
    this.http1.on('clientError', (err, socket) => this.emit('clientError', err, socket));
    // No session timeout: a push query may stay quiet for a long time.
    this.http2 = http2.createServer((req, res) => {
      adaptHttp2Response(res);
      handler(req, res);
    });
  }

  /** Ends every connection, whichever protocol it speaks or was upgraded to. */
  closeAllConnections(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  private accept(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    let seen: Buffer = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      seen = seen.length === 0 ? chunk : Buffer.concat([seen, chunk]);
      const n = Math.min(seen.length, PREFACE.length);
      const looksHttp2 = seen.subarray(0, n).equals(PREFACE.subarray(0, n));
      if (looksHttp2 && seen.length < PREFACE.length) return;
      socket.off('data', onData);
      socket.off('error', drop);
      socket.off('timeout', drop);
      socket.setTimeout(0);
      socket.pause();
      socket.unshift(seen);
      if (looksHttp2) {
        this.http2.emit('connection', socket);
      } else {
        this.http1.emit('connection', socket);
        // The http server reads through 'data' events; the bytes read so far are flushed first.
        socket.resume();
      }
    };
    // Before the handoff nobody else listens: an error, or silence, ends the connection.
    const drop = (): void => {
      socket.destroy();
    };
    socket.on('data', onData);
    socket.on('error', drop);
    socket.on('timeout', drop);
    socket.setTimeout(this.firstBytesTimeoutMs);
  }
}

/**
 * What streaming routes need from an HTTP/2 response (also over TLS):
 * - each `write` its own DATA frame. Node 20's Http2Stream gathers the chunks queued behind a
 *   write in flight into one `writev`, which puts several rows in one frame, where `ksqldb-client`
 *   parses every frame as one JSON document, and with string chunks sends garbage in place of the
 *   first of them (seen on Node 20.20). Without `_writev`, node's Writable writes queued chunks one
 *   at a time, each after the previous one completed;
 * - `destroyed`, as on an HTTP/1.1 response, telling a route that the client has gone.
 */
export function adaptHttp2Response(res: http2.Http2ServerResponse): void {
  (res.stream as unknown as { _writev: unknown })._writev = null;
  Object.defineProperty(res, 'destroyed', { get: () => res.stream.destroyed });
}
