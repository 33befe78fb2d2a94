/** Peak resident set size: sampled on a timer while the event loop turns, and by synchronous loops. */
export class PeakMemory {
  /** RSS when sampling started (the input and the engine, before the pass). */
  readonly startMb = process.memoryUsage.rss() / (1024 * 1024);
  private peak = process.memoryUsage.rss();
  private readonly timer: NodeJS.Timeout;

  constructor() {
    this.timer = setInterval(() => this.sample(), 20);
  }

  sample(): void {
    const rss = process.memoryUsage.rss();
    if (rss > this.peak) this.peak = rss;
  }

  /** Stops sampling; returns the peak in MB. */
  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return this.peak / (1024 * 1024);
  }
}
