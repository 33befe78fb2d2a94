/** An async iterable of rows fed by a producer, ending on LIMIT, close or failure. */
export class RowQueue implements AsyncIterable<readonly unknown[]> {
  private readonly rows: (readonly unknown[])[] = [];
  private waiting: (() => void) | undefined;
  private done = false;
  private error: unknown;
  private count = 0;
  limitReached = false;

  constructor(private readonly limit?: number) {
    // LIMIT 0 is reached before any row.
    if (limit === 0) this.limitReached = this.done = true;
  }

  push(row: readonly unknown[]): void {
    if (this.done) return;
    this.rows.push(row);
    this.count++;
    if (this.limit !== undefined && this.count >= this.limit) {
      this.limitReached = true;
      this.done = true;
    }
    this.wake();
  }

  end(): void {
    this.done = true;
    this.wake();
  }

  fail(error: unknown): void {
    this.error = error;
    this.end();
  }

  private wake(): void {
    const w = this.waiting;
    this.waiting = undefined;
    w?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<readonly unknown[]> {
    for (;;) {
      const row = this.rows.shift();
      if (row) {
        yield row;
        continue;
      }
      if (this.done) {
        if (this.error) throw this.error;
        return;
      }
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
  }
}
