/**
 * A task's event-time watermark, for queries over sources that declare one
 * (`WATERMARK FOR ts AS ts - INTERVAL d`). Each such source holds its own mark, the largest event
 * time it has read minus its delay; the task's watermark is the smallest of them, so a join waits
 * for its slowest input, as in Flink. Operators that close windows on the watermark read `current`
 * as each record reaches them and subscribe to advances, so a window closes (and an EMIT FINAL row
 * goes out) as soon as the watermark passes it, even when the record that moved the watermark is
 * filtered out before reaching them.
 *
 * In one synchronous task this is the same as watermark events flowing through the graph: a
 * source advances its mark before it pushes the record on, and stateless operators would only
 * forward the event unchanged, so the window operators get the advance directly.
 */
export class Watermarks {
  private readonly marks: number[] = [];
  private readonly listeners: ((watermark: number) => void)[] = [];
  current = Number.NEGATIVE_INFINITY;

  /** A source that holds a mark; returns the function it calls with each record's event time. */
  source(delayMs: number): (eventTime: number) => void {
    const i = this.marks.push(Number.NEGATIVE_INFINITY) - 1;
    return (eventTime) => {
      const mark = eventTime - delayMs;
      if (mark <= this.marks[i]!) return;
      this.marks[i] = mark;
      let min = Number.POSITIVE_INFINITY;
      for (const m of this.marks) if (m < min) min = m;
      if (min <= this.current) return;
      this.current = min;
      for (const listener of this.listeners) listener(min);
    };
  }

  /** Calls `listener` each time the watermark advances. */
  onAdvance(listener: (watermark: number) => void): void {
    this.listeners.push(listener);
  }
}
