import { describe, expect, it } from 'vitest';
import { INTEGER, STRING } from '../../common/types.ts';
import type { Column } from '../../common/schema.ts';
import type { Query } from '../../parser/ast.ts';
import { parseStatement } from '../../parser/index.ts';
import { checkPullQuery, classifyWhere, materializedRecords } from '../../engine/pull-query.ts';
import type { MaterializedTable } from '../../runtime/operators/table-materialize.ts';
import type { LogRecord } from '../../runtime/log/log.ts';

const query = (sql: string): Query => {
  const stmt = parseStatement(sql);
  if (stmt.kind !== 'Query') throw new Error(`not a query: ${sql}`);
  return stmt;
};
const where = (sql: string) => query(`SELECT * FROM T WHERE ${sql}`).where;
const ID: Column[] = [{ name: 'ID', type: INTEGER, namespace: 'KEY' }];
const TWO: Column[] = [
  { name: 'ID', type: INTEGER, namespace: 'KEY' },
  { name: 'NAME', type: STRING, namespace: 'KEY' },
];

describe('checkPullQuery', () => {
  it('refuses joins, windows, grouping and the partition and offset pseudo columns', () => {
    expect(() => checkPullQuery(query('SELECT * FROM A JOIN B ON A.ID = B.ID'))).toThrow("Pull queries don't support JOIN clauses.");
    expect(() => checkPullQuery(query('SELECT * FROM A WINDOW TUMBLING (SIZE 1 SECOND)'))).toThrow("Pull queries don't support WINDOW clauses.");
    expect(() => checkPullQuery(query('SELECT ID, COUNT(*) FROM A GROUP BY ID'))).toThrow("Pull queries don't support GROUP BY clauses");
    expect(() => checkPullQuery(query('SELECT *, ROWPARTITION FROM A'))).toThrow("Pull queries don't support the following columns in SELECT clauses: `ROWPARTITION`");
    expect(() => checkPullQuery(query('SELECT * FROM A WHERE ID = 1 AND ROWOFFSET < 3'))).toThrow("Pull queries don't support the following columns in WHERE clauses: `ROWOFFSET`");
    expect(() => checkPullQuery(query('SELECT * FROM A WHERE ID = 1'))).not.toThrow();
  });
});

describe('classifyWhere', () => {
  it('reads the named keys for = and IN on the key, other conditions only filter', () => {
    expect(classifyWhere(where('ID = 1'), ID, false, false)).toMatchObject({ kind: 'lookup', keys: [{ kind: 'IntegerLiteral', text: '1' }] });
    expect(classifyWhere(where('ID IN (1, 2) AND NAME = \'x\''), ID, false, false)).toMatchObject({ kind: 'lookup', keys: [{ text: '1' }, { text: '2' }] });
    expect(classifyWhere(where('ID = 1 OR ID = 2'), ID, false, false)).toMatchObject({ kind: 'lookup', keys: [{ text: '1' }, { text: '2' }] });
  });

  it('looks up every window of the named keys in a windowed table, and scans anything else when scans are enabled', () => {
    expect(classifyWhere(where('ID = 1 AND WINDOWSTART > 0'), ID, true, false)).toMatchObject({ kind: 'lookup', keys: [{ text: '1' }] });
    expect(classifyWhere(where('ID > 1'), ID, false, true)).toEqual({ kind: 'scan' });
    expect(classifyWhere(undefined, ID, false, true)).toEqual({ kind: 'scan' });
  });

  it("gives ksqlDB's reasons when scans are disabled", () => {
    const refused = (sql: string, columns = ID) => () => classifyWhere(where(sql), columns, false, false);
    expect(refused('COUNT = 100')).toThrow('WHERE clause missing key column for disjunct: (COUNT = 100)');
    expect(refused("ID != 100")).toThrow("Bound on key columns '[`ID` INTEGER KEY]' must currently be '='.");
    expect(refused('0 < ID AND ID < 100')).toThrow('A comparison condition on the key column cannot be combined with other comparisons such as an IN predicate');
    expect(refused('ID + 10 = 20')).toThrow('A comparison must directly reference a key column.');
    expect(refused('ID = COUNT')).toThrow('A comparison must be between a key column and a resolvable expression.');
    expect(refused('ID IN (2, COUNT + 1)')).toThrow('A comparison must be between a key column and a resolvable expression.');
    expect(refused('ID = 10', TWO)).toThrow('Multi-column sources must specify every key in the WHERE clause');
  });

  it('refuses a NULL key in an IN list whether or not scans are enabled', () => {
    expect(() => classifyWhere(where('ID IN (NULL)'), ID, false, true)).toThrow('Primary key columns can not be NULL: (ID = null)');
  });
});

describe('materializedRecords', () => {
  const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
  const rec = (k: string): LogRecord => ({ key: bytes(k), value: bytes(k.toUpperCase()), timestamp: 0, headers: [] });
  /** One task's result store holding `keys`; its scan fails, so a lookup must not use it. */
  const task = (...keys: string[]): MaterializedTable => ({
    windowed: false,
    get: (b) => (keys.includes(new TextDecoder().decode(b)) ? [rec(new TextDecoder().decode(b))] : []),
    scan: () => {
      throw new Error('a key lookup scanned the store');
    },
  });
  const keysOf = async (it: AsyncIterable<LogRecord>): Promise<string[]> => {
    const out: string[] = [];
    for await (const r of it) out.push(new TextDecoder().decode(r.key!));
    return out;
  };

  it('reads each named key once from the task holding it, without scanning', async () => {
    expect(await keysOf(materializedRecords([task('a'), task('b')], [bytes('b'), bytes('a'), bytes('b'), bytes('z')]))).toEqual(['b', 'a']);
  });

  it('scans every task when no keys are named', async () => {
    const scanned = (...keys: string[]): MaterializedTable => ({ windowed: false, get: () => [], scan: async function* () { yield* keys.map(rec); } });
    expect(await keysOf(materializedRecords([scanned('a'), scanned('b', 'c')], undefined))).toEqual(['a', 'b', 'c']);
  });
});
