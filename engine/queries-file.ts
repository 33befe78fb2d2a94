/**
 * The queries file of a headless server (`--queries-file`, or `ksql.queries.file` in the config),
 * checked as ksqlDB's standalone executor checks it before anything runs: every statement parses,
 * is one a headless server may run, and at least one of them is a persistent query.
 */
import { readFile } from 'node:fs/promises';
import { ConfigError } from '../common/config.ts';
import { AnalysisError, TributaryError } from '../common/errors.ts';
import { parseStatement, splitStatements, type Statement, type StatementSlice } from '../parser/index.ts';

export const QUERIES_FILE = 'ksql.queries.file';

/** What may run headless, by statement kind, named as users write them. */
const ALLOWED: ReadonlyMap<Statement['kind'], string> = new Map([
  ['SetProperty', 'SET'],
  ['UnsetProperty', 'UNSET'],
  ['CreateSource', 'CREATE STREAM, CREATE TABLE'],
  ['CreateType', 'CREATE TYPE'],
  ['CreateAsSelect', 'CREATE STREAM AS SELECT, CREATE TABLE AS SELECT'],
  ['InsertInto', 'INSERT INTO ... SELECT'],
]);

/** Reads and checks the file; resolves to its text, which the engine runs at every start. */
export async function readQueriesFile(file: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`Could not read the queries file ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  checkQueriesFile(text, file);
  return text;
}

export function checkQueriesFile(text: string, file: string): void {
  let persistent = false;
  for (const piece of splitStatements(text)) {
    const stmt = parse(piece, file);
    if (!ALLOWED.has(stmt.kind)) {
      const allowed = [...ALLOWED.values()].join(', ');
      throw located(new AnalysisError(`Unsupported statement. Only these statements can run in headless mode: ${allowed}.`, stmt.span), piece, file);
    }
    persistent ||= stmt.kind === 'CreateAsSelect' || stmt.kind === 'InsertInto';
  }
  if (!persistent) {
    throw new ConfigError(
      `${file} does not contain any persistent queries, i.e. no 'INSERT INTO', 'CREATE TABLE x AS SELECT' or 'CREATE STREAM x AS SELECT' statement. A headless server runs the persistent queries of its file and nothing else.`,
    );
  }
}

function parse(piece: StatementSlice, file: string): Statement {
  try {
    return parseStatement(piece.text);
  } catch (err) {
    if (err instanceof TributaryError) throw located(err, piece, file);
    throw err;
  }
}

/** The error with the file and line of its statement, and the statement with a caret. */
function located(err: TributaryError, piece: StatementSlice, file: string): ConfigError {
  err.statementText ??= piece.text;
  return new ConfigError(`${file}, statement at line ${piece.span.line}:\n${err.describe()}`);
}
