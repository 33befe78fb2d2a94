import { InternalError } from '../../common/errors.ts';
import { MemoryKeyValueStore } from './memory-key-value-store.ts';
import { MemorySessionStore } from './memory-session-store.ts';
import { MemoryWindowStore } from './memory-window-store.ts';
import type { KeyValueStore, SessionStore, StateProvider, StateStore, WindowStore } from './state-store.ts';

export interface MemoryStateOptions {
  /** Keep dirty entries for a durable writer; off for the test driver, which never commits. */
  readonly trackChanges?: boolean;
}

/** Stores in memory: the test driver's state, and the working set a durable provider wraps. */
export class MemoryStateProvider implements StateProvider {
  private readonly created = new Map<string, StateStore<unknown>>();
  private readonly track: boolean;

  constructor(options: MemoryStateOptions = {}) {
    this.track = options.trackChanges ?? false;
  }

  keyValue<V>(name: string): KeyValueStore<V> {
    return this.register(name, new MemoryKeyValueStore<V>(name, this.track));
  }

  window<V>(name: string, retentionMs: number): WindowStore<V> {
    return this.register(name, new MemoryWindowStore<V>(name, retentionMs, this.track));
  }

  session<V>(name: string, retentionMs: number): SessionStore<V> {
    return this.register(name, new MemorySessionStore<V>(name, retentionMs, this.track));
  }

  stores(): readonly StateStore<unknown>[] {
    return [...this.created.values()];
  }

  private register<S extends { readonly name: string }>(name: string, store: S): S {
    if (this.created.has(name)) throw new InternalError(`State store ${name} is declared twice`);
    this.created.set(name, store as unknown as StateStore<unknown>);
    return store;
  }
}
