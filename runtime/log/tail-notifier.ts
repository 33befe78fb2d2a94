import type { WaitOptions } from './log.ts';

/** What a waiter's condition says when it is checked. */
export type TailState = 'ready' | 'pending' | 'gone';

/**
 * In-process wake-ups for `Log.waitForData`: a log calls `notify` after records become readable
 * and each waiter on that partition re-checks its condition. Waking re-checks rather than passing
 * offsets along, so a log only has to say "something changed here".
 */
export class TailNotifier {
  private readonly waiters = new Map<string, Set<() => void>>();
  private closed = false;

  /** Resolves true once `check` says 'ready', false when it says 'gone', on timeout, abort or close. */
  wait(topic: string, partition: number, check: () => TailState, options: WaitOptions = {}): Promise<boolean> {
    const first = this.closed ? 'gone' : check();
    if (first !== 'pending') return Promise.resolve(first === 'ready');
    if (options.signal?.aborted) return Promise.resolve(false);
    const key = slot(topic, partition);
    return new Promise<boolean>((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const finish = (result: boolean): void => {
        this.waiters.get(key)?.delete(wake);
        if (this.waiters.get(key)?.size === 0) this.waiters.delete(key);
        if (timer !== undefined) clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        resolve(result);
      };
      const wake = (): void => {
        const state = this.closed ? 'gone' : check();
        if (state !== 'pending') finish(state === 'ready');
      };
      const onAbort = (): void => finish(false);
      let set = this.waiters.get(key);
      if (!set) this.waiters.set(key, (set = new Set()));
      set.add(wake);
      options.signal?.addEventListener('abort', onAbort, { once: true });
      if (options.timeoutMs !== undefined) timer = setTimeout(() => finish(false), options.timeoutMs);
    });
  }

  /** Wakes the waiters of one partition. */
  notify(topic: string, partition: number): void {
    const set = this.waiters.get(slot(topic, partition));
    if (set) for (const wake of [...set]) wake();
  }

  /** Wakes every waiter of a topic, e.g. when it is deleted. */
  notifyTopic(topic: string): void {
    const prefix = `${topic}\u0000`;
    for (const [key, set] of [...this.waiters]) {
      if (key.startsWith(prefix)) for (const wake of [...set]) wake();
    }
  }

  /** Resolves every waiter with false; later waits resolve false at once. */
  close(): void {
    this.closed = true;
    for (const set of [...this.waiters.values()]) for (const wake of [...set]) wake();
  }
}

// NUL cannot occur in a topic name, so the slot key is unambiguous.
function slot(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}
