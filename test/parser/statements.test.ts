import { describe, expect, it } from 'vitest';
import { parseStatement, type Statement, type StatementKind, type StatementOf } from '../../parser/index.ts';

function parseAs<K extends StatementKind>(sql: string, kind: K): StatementOf<K> {
  const st: Statement = parseStatement(sql);
  expect(st.kind).toBe(kind);
  return st as StatementOf<K>;
}

describe('statements', () => {
  it('CREATE STREAM with elements, constraints and properties', () => {
    const st = parseAs(
      "CREATE OR REPLACE STREAM IF NOT EXISTS s (id INT KEY, `Name` STRING, h ARRAY<STRUCT<key STRING, value BYTES>> HEADERS, " +
        "k BYTES HEADER('k1'), d DECIMAL(4, 2), m MAP<STRING, ARRAY<INT>>) WITH (kafka_topic='t', value_format='JSON', partitions=2);",
      'CreateSource',
    );
    expect(st).toMatchObject({ sourceType: 'STREAM', orReplace: true, isSource: false, ifNotExists: true, name: 'S' });
    expect(st.elements.map((e) => [e.name, e.constraint])).toEqual([
      ['ID', 'KEY'], ['Name', undefined], ['H', 'HEADERS'], ['K', { header: 'k1' }], ['D', undefined], ['M', undefined],
    ]);
    expect(st.elements[0]?.type).toMatchObject({ kind: 'PrimitiveType', name: 'INTEGER' });
    expect(st.elements[2]?.type).toMatchObject({ kind: 'ArrayType', element: { kind: 'StructType', fields: [{ name: 'KEY' }, { name: 'VALUE' }] } });
    expect(st.elements[4]?.type).toMatchObject({ kind: 'DecimalType', precision: 4, scale: 2 });
    expect(st.properties.map((p) => p.name)).toEqual(['KAFKA_TOPIC', 'VALUE_FORMAT', 'PARTITIONS']);
    expect(st.properties[2]?.value).toMatchObject({ kind: 'IntegerLiteral', text: '2' });
    expect(st.text).toBe(st.text.trim());
    expect(st.text.endsWith(';')).toBe(false);
  });

  it('CREATE SOURCE TABLE with PRIMARY KEY', () => {
    const st = parseAs("CREATE SOURCE TABLE t (id BIGINT PRIMARY KEY, v VARCHAR) WITH (kafka_topic='t', format='JSON')", 'CreateSource');
    expect(st).toMatchObject({ sourceType: 'TABLE', isSource: true, orReplace: false });
    expect(st.elements[0]?.constraint).toBe('PRIMARY KEY');
  });

  it('CREATE ... AS SELECT', () => {
    const st = parseAs("CREATE TABLE agg WITH (kafka_topic='out') AS SELECT id, COUNT(*) AS cnt FROM s GROUP BY id EMIT CHANGES;", 'CreateAsSelect');
    expect(st).toMatchObject({ sourceType: 'TABLE', name: 'AGG', query: { kind: 'Query', emit: 'CHANGES' } });
    expect(st.properties[0]?.name).toBe('KAFKA_TOPIC');
    expect(st.query.groupBy).toHaveLength(1);
  });

  it('INSERT INTO ... SELECT and INSERT VALUES', () => {
    const ins = parseAs("INSERT INTO out WITH (query_id='q1') SELECT * FROM s;", 'InsertInto');
    expect(ins).toMatchObject({ target: 'OUT', query: { select: [{ kind: 'SelectAll' }] } });
    const vals = parseAs("INSERT INTO s (id, v) VALUES (1, 'a');", 'InsertValues');
    expect(vals).toMatchObject({ target: 'S', columns: ['ID', 'V'], values: [{ kind: 'IntegerLiteral' }, { kind: 'StringLiteral', value: 'a' }] });
    expect(parseAs('INSERT INTO s VALUES ()', 'InsertValues').values).toEqual([]);
  });

  it('DROP STREAM/TABLE/TYPE/CONNECTOR', () => {
    expect(parseAs('DROP STREAM IF EXISTS s DELETE TOPIC;', 'DropSource')).toMatchObject({ sourceType: 'STREAM', ifExists: true, deleteTopic: true });
    expect(parseAs('DROP TABLE t', 'DropSource')).toMatchObject({ sourceType: 'TABLE', ifExists: false, deleteTopic: false });
    expect(parseAs('DROP TYPE IF EXISTS addr', 'DropType')).toMatchObject({ name: 'ADDR', ifExists: true });
    expect(parseAs('DROP CONNECTOR c', 'DropConnector')).toMatchObject({ name: 'C', ifExists: false });
  });

  it('SHOW and LIST', () => {
    const cases: [string, object][] = [
      ['SHOW STREAMS EXTENDED', { target: 'STREAMS', extended: true }],
      ['LIST TABLES', { target: 'TABLES', extended: false }],
      ['SHOW ALL TOPICS', { target: 'TOPICS', all: true }],
      ['SHOW TOPICS EXTENDED', { target: 'TOPICS', all: false, extended: true }],
      ['SHOW QUERIES EXTENDED', { target: 'QUERIES', extended: true }],
      ['SHOW PROPERTIES', { target: 'PROPERTIES' }],
      ['SHOW FUNCTIONS', { target: 'FUNCTIONS' }],
      ['SHOW TYPES', { target: 'TYPES' }],
      ['SHOW VARIABLES', { target: 'VARIABLES' }],
      ['SHOW SINK CONNECTORS', { target: 'CONNECTORS', connectorType: 'SINK' }],
      ['LIST CONNECTORS', { target: 'CONNECTORS' }],
      ['SHOW CONNECTOR PLUGINS', { target: 'CONNECTOR PLUGINS' }],
    ];
    for (const [sql, expected] of cases) expect(parseAs(sql, 'Show')).toMatchObject(expected);
  });

  it('DESCRIBE forms', () => {
    expect(parseAs('DESCRIBE s EXTENDED', 'Describe')).toMatchObject({ name: 'S', extended: true });
    expect(parseAs('DESCRIBE STREAMS', 'Describe')).toMatchObject({ listing: 'STREAMS', extended: false });
    expect(parseAs('DESCRIBE TABLES EXTENDED', 'Describe')).toMatchObject({ listing: 'TABLES', extended: true });
    expect(parseAs('DESCRIBE FUNCTION substring', 'DescribeFunction').name).toBe('SUBSTRING');
    expect(parseAs('DESCRIBE CONNECTOR c', 'DescribeConnector').name).toBe('C');
  });

  it('EXPLAIN a statement or a query id', () => {
    const st = parseAs('EXPLAIN SELECT * FROM s EMIT CHANGES;', 'Explain');
    expect(st.statement).toMatchObject({ kind: 'Query', text: 'SELECT * FROM s EMIT CHANGES' });
    expect(parseAs('EXPLAIN CSAS_OUT_0;', 'Explain').queryId).toBe('CSAS_OUT_0');
  });

  it('TERMINATE, PAUSE, RESUME', () => {
    expect(parseAs('TERMINATE CSAS_OUT_0', 'QueryControl')).toMatchObject({ action: 'TERMINATE', queryId: 'CSAS_OUT_0', all: false });
    expect(parseAs('PAUSE ALL', 'QueryControl')).toMatchObject({ action: 'PAUSE', all: true });
    expect(parseAs('RESUME q1', 'QueryControl')).toMatchObject({ action: 'RESUME', queryId: 'Q1' });
  });

  it('PRINT', () => {
    expect(parseAs("PRINT 'my-topic' FROM BEGINNING INTERVAL 2 LIMIT 10;", 'Print')).toMatchObject({
      topic: 'my-topic', fromBeginning: true, interval: 2, limit: 10,
    });
    expect(parseAs('PRINT test_topic', 'Print')).toMatchObject({ topic: 'test_topic', fromBeginning: false });
  });

  it('SET, UNSET, ALTER SYSTEM, DEFINE, UNDEFINE', () => {
    expect(parseAs("SET 'auto.offset.reset'='earliest';", 'SetProperty')).toMatchObject({ name: 'auto.offset.reset', value: 'earliest' });
    expect(parseAs("UNSET 'auto.offset.reset'", 'UnsetProperty').name).toBe('auto.offset.reset');
    expect(parseAs("ALTER SYSTEM 'ksql.x'='y'", 'AlterSystem')).toMatchObject({ name: 'ksql.x', value: 'y' });
    expect(parseAs("DEFINE topicName = '''my_topic''';", 'DefineVariable')).toMatchObject({ name: 'TOPICNAME', value: "'my_topic'" });
    expect(parseAs('UNDEFINE topicName', 'UndefineVariable').name).toBe('TOPICNAME');
  });

  it('CREATE TYPE and ALTER STREAM', () => {
    const t = parseAs('CREATE TYPE IF NOT EXISTS address AS STRUCT<street STRING, `zip` INT>;', 'CreateType');
    expect(t).toMatchObject({ name: 'ADDRESS', ifNotExists: true, type: { kind: 'StructType', fields: [{ name: 'STREET' }, { name: 'zip' }] } });
    const a = parseAs('ALTER TABLE t ADD COLUMN c1 INT, ADD c2 address', 'AlterSource');
    expect(a).toMatchObject({ sourceType: 'TABLE', name: 'T' });
    expect(a.columns.map((c) => [c.name, c.type.kind])).toEqual([['C1', 'PrimitiveType'], ['C2', 'CustomType']]);
  });

  it('ASSERT TOPIC and SCHEMA', () => {
    expect(parseAs("ASSERT NOT EXISTS TOPIC 'abc' WITH (partitions=1) TIMEOUT 3 SECONDS", 'AssertTopic')).toMatchObject({
      exists: false, name: 'abc', properties: [{ name: 'PARTITIONS' }], timeout: { value: 3, unit: 'SECONDS', millis: 3000 },
    });
    expect(parseAs("ASSERT SCHEMA SUBJECT 'sub' ID 4", 'AssertSchema')).toMatchObject({ exists: true, subject: 'sub', id: 4 });
  });

  it('CREATE and DROP CONNECTOR', () => {
    expect(parseAs("CREATE SOURCE CONNECTOR IF NOT EXISTS c WITH ('connector.class'='x')", 'CreateConnector')).toMatchObject({
      connectorType: 'SOURCE', ifNotExists: true, name: 'C', properties: [{ name: 'CONNECTOR.CLASS' }],
    });
    expect(parseAs("CREATE SINK CONNECTOR c WITH (a='b')", 'CreateConnector').connectorType).toBe('SINK');
  });

  it('rejects an element list in CREATE ... AS SELECT', () => {
    expect(() => parseStatement('CREATE STREAM s (a INT) AS SELECT * FROM t')).toThrow(/Syntax Error/);
  });
});

describe('queries', () => {
  it('select items, joins, windows and clauses', () => {
    const q = parseAs(
      'SELECT *, l.*, s->*, a AS x, b y, COUNT(*) FROM left_s AS l LEFT OUTER JOIN right_t r WITHIN (1 SECOND, 2 MINUTES) GRACE PERIOD 3 HOURS ON l.id = r.id ' +
        'FULL JOIN other o WITHIN 5 DAYS ON o.k = l.k WINDOW TUMBLING (SIZE 10 SECONDS, RETENTION 1 DAY, GRACE PERIOD 0 MILLISECONDS) ' +
        'WHERE a > 0 GROUP BY a, b HAVING COUNT(*) > 1 EMIT FINAL LIMIT 5',
      'Query',
    );
    expect(q.select.map((s) => s.kind)).toEqual(['SelectAll', 'SelectAll', 'SelectStructAll', 'SelectExpr', 'SelectExpr', 'SelectExpr']);
    expect(q.select[1]).toMatchObject({ source: 'L' });
    expect(q.select[3]).toMatchObject({ alias: 'X' });
    expect(q.select[4]).toMatchObject({ alias: 'Y' });
    expect(q.from.source).toMatchObject({ name: 'LEFT_S', alias: 'L' });
    expect(q.from.joins[0]).toMatchObject({
      type: 'LEFT', right: { name: 'RIGHT_T', alias: 'R' },
      within: { before: { millis: 1000 }, after: { millis: 120_000 }, grace: { millis: 10_800_000 } },
    });
    expect(q.from.joins[1]).toMatchObject({ type: 'FULL', within: { before: { unit: 'DAYS' }, after: { unit: 'DAYS' } } });
    expect(q.window).toMatchObject({ kind: 'Tumbling', size: { millis: 10_000 }, retention: { millis: 86_400_000 }, grace: { millis: 0 } });
    expect(q).toMatchObject({ emit: 'FINAL', limit: 5 });
    expect(q.groupBy).toHaveLength(2);
    expect(q.having?.kind).toBe('Comparison');
  });

  it('hopping and session windows, with a legacy identifier before the type', () => {
    const h = parseAs('SELECT id, COUNT(*) FROM s WINDOW HOPPING (SIZE 30 SECONDS, ADVANCE BY 10 SECONDS) GROUP BY id', 'Query');
    expect(h.window).toMatchObject({ kind: 'Hopping', size: { millis: 30_000 }, advance: { millis: 10_000 } });
    const s = parseAs('SELECT id, COUNT(*) FROM s WINDOW w SESSION (5 MINUTE) GROUP BY id', 'Query');
    expect(s.window).toMatchObject({ kind: 'Session', gap: { value: 5, unit: 'MINUTES', millis: 300_000 } });
    expect(h.emit).toBeUndefined();
  });

  it('GROUP BY and PARTITION BY lists', () => {
    expect(parseAs('SELECT a FROM s GROUP BY (a, b)', 'Query').groupBy).toHaveLength(2);
    expect(parseAs('SELECT a FROM s GROUP BY (a + 1), b', 'Query').groupBy?.[0]?.kind).toBe('Arithmetic');
    expect(parseAs('SELECT a FROM s PARTITION BY ()', 'Query').partitionBy).toEqual([]);
    expect(parseAs('SELECT a FROM s PARTITION BY a, b->c EMIT CHANGES', 'Query').partitionBy).toHaveLength(2);
  });

  it('non-reserved keywords as names', () => {
    const q = parseAs('SELECT value, timestamp, date, time, size, type, topic, properties, format, key FROM s', 'Query');
    expect(q.select.map((s) => (s.kind === 'SelectExpr' && s.expr.kind === 'ColumnRef' ? s.expr.name : '?'))).toEqual([
      'VALUE', 'TIMESTAMP', 'DATE', 'TIME', 'SIZE', 'TYPE', 'TOPIC', 'PROPERTIES', 'FORMAT', 'KEY',
    ]);
  });

  it('does not take EMIT or PARTITION as an alias', () => {
    expect(parseAs('SELECT * FROM s EMIT CHANGES', 'Query').from.source.alias).toBeUndefined();
    expect(parseAs('SELECT * FROM s PARTITION BY a', 'Query').from.source.alias).toBeUndefined();
  });
});
