import { createServer, type TributaryServer } from '../../server/create-server.ts';
import { FakeEngine } from './fake-engine.ts';

export interface Harness {
  readonly url: string;
  readonly engine: FakeEngine;
  readonly server: TributaryServer;
  readonly logs: string[];
}

/** A real fastify server on an ephemeral port over a fake engine. */
export async function startHarness(): Promise<Harness> {
  const engine = new FakeEngine();
  const logs: string[] = [];
  const server = createServer(engine, { port: 0, host: '127.0.0.1', log: (m) => logs.push(m) });
  const url = await server.listen();
  return { url, engine, server, logs };
}

export function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return fetch(url, { method: 'POST', body: text, headers: { 'content-type': 'application/json', ...headers } });
}

/** Reads a streaming body chunk by chunk until `done(text)` holds. */
export class BodyReader {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  text = '';

  constructor(response: Response) {
    this.reader = response.body!.getReader();
  }

  async until(done: (text: string) => boolean, timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (!done(this.text)) {
      if (Date.now() > deadline) throw new Error(`timed out; body so far: ${this.text}`);
      const { value, done: ended } = await this.reader.read();
      if (ended) break;
      this.text += this.decoder.decode(value, { stream: true });
    }
    return this.text;
  }

  async rest(): Promise<string> {
    return this.until(() => false);
  }

  cancel(): Promise<void> {
    return this.reader.cancel();
  }
}

export async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
