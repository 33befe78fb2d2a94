import { describe, expect, it } from 'vitest';
import type { QueryStream } from '../../engine/api.ts';
import { rowWriter } from '../../server/row-framing.ts';

function stream(overrides: Partial<QueryStream>): QueryStream {
  return {
    queryId: 'q',
    columnNames: ['K', 'V'],
    columnTypes: ['INTEGER', 'STRING'],
    schemaText: '`K` INTEGER, `V` STRING',
    isPull: false,
    rows: (async function* () {})(),
    limitReached: () => false,
    close: async () => undefined,
    ...overrides,
  };
}

describe('rowWriter', () => {
  const deleted: readonly unknown[] = [1, null];
  const tombstones = { isTombstone: (row: readonly unknown[]) => row === deleted };

  it('marks a table tombstone on /query and drops it from /query-stream framings', () => {
    expect(rowWriter('streamed', stream(tombstones)).row(deleted)).toBe(',\n{"row":{"columns":[1,null],"tombstone":true}}');
    expect(rowWriter('streamed', stream(tombstones)).row([1, 'a'])).toBe(',\n{"row":{"columns":[1,"a"]}}');
    expect(rowWriter('delimited', stream(tombstones)).row(deleted)).toBe('');
    expect(rowWriter('json', stream(tombstones)).row(deleted)).toBe('');
    expect(rowWriter('delimited', stream(tombstones)).row([1, 'a'])).toBe('[1,"a"]\n');
  });

  it('ends with a final message unless the stream is a pull query over a table', () => {
    expect(rowWriter('streamed', stream({})).end()).toBe(',\n{"finalMessage":"Query Completed"}]');
    expect(rowWriter('streamed', stream({ isPull: true })).end()).toBe(']');
    expect(rowWriter('streamed', stream({ isPull: true, finalMessage: true })).end()).toBe(',\n{"finalMessage":"Query Completed"}]');
    expect(rowWriter('streamed', stream({ limitReached: () => true })).end()).toBe(',\n{"finalMessage":"Limit Reached"}]');
  });
});
