import type { QueryStream } from '../engine/api.ts';

/**
 * The push queries this server is streaming, by id, so `POST /close-query` can find them and a
 * shutting-down server can close them all.
 */
export class QueryRegistry {
  private readonly queries = new Map<string, QueryStream>();

  add(stream: QueryStream): void {
    this.queries.set(stream.queryId, stream);
  }

  remove(queryId: string): void {
    this.queries.delete(queryId);
  }

  /** Closes the query; false when no streaming query has that id. */
  async close(queryId: string): Promise<boolean> {
    const stream = this.queries.get(queryId);
    if (!stream) return false;
    this.queries.delete(queryId);
    await stream.close();
    return true;
  }

  async closeAll(): Promise<void> {
    const all = [...this.queries.values()];
    this.queries.clear();
    await Promise.allSettled(all.map((s) => s.close()));
  }
}
