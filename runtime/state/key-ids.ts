import { keyString } from '../../common/values.ts';
import type { StoreKey } from './state-store.ts';

/**
 * Store keys → map ids, remembering the last one: an update does a get then a put with the same
 * key array, so the id is computed once per record.
 */
export class KeyIds {
  private lastKey: StoreKey | undefined;
  private lastId = '';

  of(key: StoreKey): string {
    if (key !== this.lastKey) {
      this.lastId = keyString(key);
      this.lastKey = key;
    }
    return this.lastId;
  }
}

/**
 * A map from store keys to entries that builds no string for the common key, one column of a
 * primitive value (number, string, boolean, bigint, null): such a key is looked up by the value
 * itself. A Map's key equality (SameValueZero: 0 and -0 alike, NaN equal to itself, bigints and
 * strings by value) is exactly `keyString` equality on those values, and values of different
 * kinds never meet in either, so the two maps never hold one key twice. Every other key (several
 * columns, a DECIMAL, BYTES, STRUCT, ARRAY or MAP column) goes by its `keyString` id.
 */
export class KeyMap<E> {
  /** One-column keys of a primitive value (undefined stored as null, as keyString reads it). */
  private readonly byValue = new Map<unknown, E>();
  private readonly byId = new Map<string, E>();
  private readonly ids = new KeyIds();

  get(key: StoreKey): E | undefined {
    if (key.length === 1) {
      const v = key[0];
      if (typeof v !== 'object' || v === null) return this.byValue.get(v ?? null);
    }
    return this.byId.get(this.ids.of(key));
  }

  set(key: StoreKey, entry: E): void {
    if (key.length === 1) {
      const v = key[0];
      if (typeof v !== 'object' || v === null) {
        this.byValue.set(v ?? null, entry);
        return;
      }
    }
    this.byId.set(this.ids.of(key), entry);
  }

  /** Whether there was an entry to delete. */
  delete(key: StoreKey): boolean {
    if (key.length === 1) {
      const v = key[0];
      if (typeof v !== 'object' || v === null) return this.byValue.delete(v ?? null);
    }
    return this.byId.delete(this.ids.of(key));
  }

  /** The key's `keyString` id (for change tracking), memoized for the last key. */
  id(key: StoreKey): string {
    return this.ids.of(key);
  }

  get size(): number {
    return this.byValue.size + this.byId.size;
  }

  /** Every entry; in insertion order when all keys are of one kind. */
  *values(): IterableIterator<E> {
    yield* this.byValue.values();
    yield* this.byId.values();
  }
}
