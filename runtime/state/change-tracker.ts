import type { DirtyEntry } from './state-store.ts';

/** Remembers the latest change per entry id for a durable provider; a no-op when disabled. */
export class ChangeTracker<V> {
  private readonly changes = new Map<string, DirtyEntry<V>>();

  constructor(private readonly enabled: boolean) {}

  record(id: string, change: DirtyEntry<V>): void {
    if (this.enabled) this.changes.set(id, change);
  }

  entries(): readonly DirtyEntry<V>[] {
    return [...this.changes.values()];
  }

  clear(): void {
    this.changes.clear();
  }
}
