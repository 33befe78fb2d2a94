/**
 * Words the shell completes on Tab: ksqlDB's statement keywords, clause words, types, formats,
 * common WITH properties and the shell's own commands. (The shell may not import the parser.)
 */
export const KEYWORDS: readonly string[] = [
  // statements
  'CREATE', 'DROP', 'ALTER', 'INSERT', 'INTO', 'VALUES', 'SELECT', 'DESCRIBE', 'EXPLAIN', 'SHOW', 'LIST',
  'TERMINATE', 'PAUSE', 'RESUME', 'PRINT', 'SET', 'UNSET', 'DEFINE', 'UNDEFINE', 'ASSERT',
  'STREAM', 'STREAMS', 'TABLE', 'TABLES', 'QUERIES', 'QUERY', 'TOPIC', 'TOPICS', 'TYPE', 'TYPES',
  'FUNCTION', 'FUNCTIONS', 'PROPERTIES', 'VARIABLES', 'CONNECTOR', 'CONNECTORS', 'EXTENDED',
  'OR', 'REPLACE', 'IF', 'EXISTS', 'NOT', 'SOURCE', 'DELETE', 'ALL', 'ADD', 'COLUMN',
  // queries
  'FROM', 'WHERE', 'GROUP', 'BY', 'HAVING', 'PARTITION', 'EMIT', 'CHANGES', 'FINAL', 'LIMIT',
  'WINDOW', 'TUMBLING', 'HOPPING', 'SESSION', 'SIZE', 'ADVANCE', 'GRACE', 'PERIOD', 'RETENTION',
  'JOIN', 'INNER', 'LEFT', 'RIGHT', 'FULL', 'OUTER', 'ON', 'WITHIN', 'AS', 'AND', 'IN', 'IS',
  'NULL', 'TRUE', 'FALSE', 'LIKE', 'BETWEEN', 'CASE', 'WHEN', 'THEN', 'ELSE', 'END', 'CAST',
  'DISTINCT', 'ESCAPE', 'WITH', 'KEY', 'PRIMARY', 'HEADERS', 'HEADER', 'WATERMARK', 'BEGINNING',
  'ROWTIME', 'ROWPARTITION', 'ROWOFFSET', 'WINDOWSTART', 'WINDOWEND', 'INTERVAL', 'STRUCT', 'MAP', 'ARRAY',
  'MILLISECOND', 'MILLISECONDS', 'SECOND', 'SECONDS', 'MINUTE', 'MINUTES', 'HOUR', 'HOURS', 'DAY', 'DAYS',
  // types
  'BOOLEAN', 'INT', 'INTEGER', 'BIGINT', 'DOUBLE', 'DECIMAL', 'VARCHAR', 'STRING', 'BYTES',
  'DATE', 'TIME', 'TIMESTAMP',
  // WITH properties and formats
  'KAFKA_TOPIC', 'PARTITIONS', 'REPLICAS', 'KEY_FORMAT', 'VALUE_FORMAT', 'FORMAT', 'TIMESTAMP_FORMAT',
  'VALUE_DELIMITER', 'WRAP_SINGLE_VALUE', 'KEY_SCHEMA_ID', 'VALUE_SCHEMA_ID', 'RETENTION_MS',
  'JSON', 'JSON_SR', 'AVRO', 'PROTOBUF', 'DELIMITED', 'KAFKA', 'NONE',
  // shell commands
  'RUN', 'SCRIPT', 'OUTPUT', 'TABULAR', 'SPOOL', 'OFF', 'HISTORY', 'HELP', 'EXIT', 'QUIT', 'CLEAR', 'VERSION',
];
