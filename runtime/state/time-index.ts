/**
 * Entries bucketed by a time (window start or session end) with the times kept sorted, for range
 * scans in time order and for expiring everything below a bound.
 */
export class TimeIndex<E> {
  private readonly buckets = new Map<number, Map<string, E>>();
  /** Distinct bucket times, ascending. Records mostly arrive in time order, so inserts append. */
  private readonly times: number[] = [];

  get(time: number, id: string): E | undefined {
    return this.buckets.get(time)?.get(id);
  }

  set(time: number, id: string, entry: E): void {
    let bucket = this.buckets.get(time);
    if (!bucket) {
      bucket = new Map();
      this.buckets.set(time, bucket);
      this.times.splice(lowerBound(this.times, time), 0, time);
    }
    bucket.set(id, entry);
  }

  delete(time: number, id: string): void {
    const bucket = this.buckets.get(time);
    if (!bucket?.delete(id) || bucket.size > 0) return;
    this.buckets.delete(time);
    this.times.splice(lowerBound(this.times, time), 1);
  }

  /** Entries with `from ≤ time ≤ to`, in time order (insertion order within one time). */
  range(from: number, to: number): E[] {
    const out: E[] = [];
    for (let i = lowerBound(this.times, from); i < this.times.length && this.times[i]! <= to; i++) {
      for (const e of this.buckets.get(this.times[i]!)!.values()) out.push(e);
    }
    return out;
  }

  /** Removes and returns every entry with `time < bound`. */
  takeBefore(bound: number): E[] {
    const n = lowerBound(this.times, bound);
    if (n === 0) return [];
    const out: E[] = [];
    for (const t of this.times.splice(0, n)) {
      for (const e of this.buckets.get(t)!.values()) out.push(e);
      this.buckets.delete(t);
    }
    return out;
  }
}

/** The first index whose time is ≥ `t`. */
export function lowerBound(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
