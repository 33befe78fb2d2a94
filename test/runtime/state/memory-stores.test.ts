import { describe, expect, it } from 'vitest';
import { MemoryStateProvider } from '../../../runtime/state/memory-state-provider.ts';

describe('memory state stores', () => {
  it('tracks dirty entries (latest change per entry) and restores', () => {
    const state = new MemoryStateProvider({ trackChanges: true });
    const kv = state.keyValue<number>('kv');
    kv.put(['a'], 1);
    kv.put(['a'], 2);
    kv.put(['b'], 3);
    kv.delete(['b']);
    expect(kv.dirtyEntries()).toEqual([{ key: ['a'], value: 2 }, { key: ['b'], value: undefined }]);
    kv.clearDirty();
    expect(kv.dirtyEntries()).toEqual([]);
    const copy = new MemoryStateProvider().keyValue<number>('kv');
    copy.restore(kv.all());
    expect(copy.get(['a'])).toBe(2);
    expect(() => state.keyValue('kv')).toThrow(/declared twice/);
  });

  it('expires windows older than the largest start minus retention', () => {
    const ws = new MemoryStateProvider({ trackChanges: true }).window<string>('w', 10);
    ws.put(['k'], 0, 'a');
    ws.put(['j'], 5, 'b');
    ws.put(['k'], 5, 'c');
    expect(ws.fetchAll(0, 100).map((e) => [e.key, e.start, e.value])).toEqual([[['k'], 0, 'a'], [['j'], 5, 'b'], [['k'], 5, 'c']]);
    ws.put(['k'], 12, 'd');
    expect(ws.get(['k'], 0)).toBeUndefined();
    expect(ws.fetchAll(0, 100).map((e) => e.start)).toEqual([5, 5, 12]);
    expect(ws.dirtyEntries()).toContainEqual({ key: ['k'], start: 0, value: undefined });
    ws.put(['k'], 1, 'late');
    expect(ws.get(['k'], 1)).toBeUndefined();
  });

  it('fetches one key\'s windows in start order, seeing only starts above the largest start minus retention', () => {
    const ws = new MemoryStateProvider().window<string>('w', 11);
    ws.put(['a'], 5, 'a5');
    ws.put(['b'], 6, 'b6');
    ws.put(['a'], 3, 'a3');
    ws.put(['a'], 15, 'a15'); // visible: starts > 4 (a3 is gone)
    expect(ws.fetch(['a'], 0, 20).map((e) => e.value)).toEqual(['a5', 'a15']);
    expect(ws.fetch(['a'], 0, 10).map((e) => e.value)).toEqual(['a5']);
    ws.delete(['a'], 5);
    expect(ws.fetch(['a'], 0, 20).map((e) => e.value)).toEqual(['a15']);
    ws.put(['b'], 40, 'b40');
    expect(ws.fetch(['a'], 0, 100)).toEqual([]);
    expect(ws.fetch(['b'], 0, 100).map((e) => e.value)).toEqual(['b40']);
    const copy = new MemoryStateProvider().window<string>('w', 10);
    copy.restore([{ key: ['a'], start: 1, value: 'a1' }, { key: ['a'], start: 2, value: 'a2' }]);
    expect(copy.fetch(['a'], 0, 5).map((e) => e.value)).toEqual(['a1', 'a2']);
  });

  it('finds overlapping sessions of a key and hides those past retention', () => {
    const ss = new MemoryStateProvider().session<string>('s', 100);
    ss.put(['k'], 0, 10, 'a');
    ss.put(['k'], 50, 60, 'b');
    ss.put(['j'], 0, 10, 'c');
    expect(ss.findSessions(['k'], 5, 55).map((e) => e.value)).toEqual(['a', 'b']);
    expect(ss.findSessions(['k'], 11, 49)).toEqual([]);
    ss.delete(['k'], 0, 10);
    expect(ss.findSessions(['k'], 0, 100).map((e) => e.value)).toEqual(['b']);
    ss.put(['k'], 200, 200, 'c');
    expect(ss.findSessions(['k'], 0, 300).map((e) => e.value)).toEqual(['c']);
    // Range scans by end still see a hidden session until its segment expires.
    expect(ss.fetchEnded(0, 100).map((e) => e.value)).toEqual(['c', 'b']);
  });
});
