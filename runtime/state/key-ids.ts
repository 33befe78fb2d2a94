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
