import { describe, expect, it } from 'vitest';
import type { WindowSpec } from '../../../plan/steps.ts';
import { aggregate, countStar, drive, keyRef, source, valCol } from './helpers.ts';
import { STRING } from '../../../common/types.ts';

const input = source('StreamSource', [valCol('COL1', STRING)]);
const final = (w: WindowSpec) => drive(aggregate(input, [keyRef(0)], [countStar], w, true));
const sendAll = (d: ReturnType<typeof final>, inputs: readonly (readonly [string, number])[]): void => {
  for (const [k, ts] of inputs) d.send(k, { COL1: 'v1' }, ts);
};

describe('EMIT FINAL (suppress.json)', () => {
  it('emits a tumbling window once it closes, at its stored timestamp', () => {
    const d = final({ type: 'TUMBLING', sizeMs: 2, advanceMs: 2, graceMs: 0, retentionMs: 2 });
    sendAll(d, [['k1', 0], ['k1', 1]]);
    expect(d.out).toEqual([]);
    sendAll(d, [['k1', 2]]);
    expect(d.out).toEqual([{ key: 'k1', value: 2n, old: null, ts: 1, win: [0, 2] }]);
  });

  it('loses windows that closed during a jump in stream time (should include out of order events ...)', () => {
    const d = final({ type: 'TUMBLING', sizeMs: 2, advanceMs: 2, graceMs: 1, retentionMs: 3 });
    sendAll(d, [['k1', 0], ['k1', 1], ['k1', 2], ['k1', 1], ['k1', 0], ['k1', 5]]);
    expect(d.out).toEqual([{ key: 'k1', value: 1n, old: null, ts: 2, win: [2, 4] }]);
  });

  it('emits nothing after a large jump (should support final results for tumbling windows with large jump)', () => {
    const d = final({ type: 'TUMBLING', sizeMs: 2, advanceMs: 2, graceMs: 2, retentionMs: 4 });
    sendAll(d, [['k1', 0], ['k1', 1], ['k1', 2], ['k1', 0], ['k1', 3], ['k1', 0], ['k1', 10], ['k1', 0], ['k1', 30]]);
    expect(d.out).toEqual([]);
  });

  it('emits hopping windows in start order (should support final results for hopping windows)', () => {
    const d = final({ type: 'HOPPING', sizeMs: 5, advanceMs: 2, graceMs: 1, retentionMs: 6 });
    sendAll(d, [['k1', 0], ['k1', 1], ['k1', 2], ['k1', 1], ['k1', 6], ['k1', 5], ['k1', 10]]);
    expect(d.out).toEqual([
      { key: 'k1', value: 4n, old: null, ts: 2, win: [0, 5] },
      { key: 'k1', value: 2n, old: null, ts: 6, win: [4, 9] },
    ]);
  });

  it('emits closed windows of every key (should suppress multiple keys)', () => {
    const d = final({ type: 'TUMBLING', sizeMs: 2, advanceMs: 2, graceMs: 1, retentionMs: 3 });
    sendAll(d, [['k1', 0], ['k2', 1], ['k1', 2], ['k1', 1], ['k2', 0], ['k1', 5], ['k1', 0], ['k2', 2]]);
    expect(d.out).toEqual([{ key: 'k1', value: 1n, old: null, ts: 2, win: [2, 4] }]);
  });

  it('emits sessions at their end once stream time passes end + gap + grace (should support final results for session windows)', () => {
    const d = final({ type: 'SESSION', gapMs: 5, graceMs: 6, retentionMs: 11 });
    sendAll(d, [['k1', 0], ['k1', 4], ['k1', 8], ['k1', 12], ['k1', 14], ['k1', 30], ['k1', 29], ['k1', 17], ['k1', 42]]);
    expect(d.out).toEqual([
      { key: 'k1', value: 5n, old: null, ts: 14, win: [0, 14] },
      { key: 'k1', value: 2n, old: null, ts: 30, win: [29, 30] },
    ]);
  });
});
