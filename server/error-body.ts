import { TributaryError } from '../common/errors.ts';
import { writeJson } from './json-writer.ts';

/** A ksqlDB error response: HTTP status plus the `KsqlErrorMessage` JSON text. */
export interface ErrorReply {
  readonly status: number;
  readonly body: string;
}

export const INTERNAL_MESSAGE =
  'The server encountered an internal error when processing the query. Please consult the server logs for more information.';

/** 400 `generic_error` 40000, for bad request bodies, unknown properties and unknown query ids. */
export function badRequest(message: string): ErrorReply {
  return { status: 400, body: writeJson({ '@type': 'generic_error', error_code: 40000, message }) };
}

/**
 * Maps a thrown value to ksqlDB's error body. A TributaryError keeps its status and code and its
 * message gets line:col and a caret; anything else is a bug, logged and answered with 500 50000.
 */
export function errorReply(err: unknown, log: (message: string) => void): ErrorReply {
  if (err instanceof TributaryError) {
    const base = { error_code: err.errorCode, message: err.describe() };
    if (err.statementText === undefined) {
      return { status: err.status, body: writeJson({ '@type': 'generic_error', ...base }) };
    }
    const entities = entitiesOf(err);
    const body = { '@type': 'statement_error', ...base, statementText: err.statementText, entities };
    return { status: err.status, body: writeJson(body) };
  }
  log(`Internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  return { status: 500, body: writeJson({ '@type': 'generic_error', error_code: 50000, message: INTERNAL_MESSAGE }) };
}

function entitiesOf(err: TributaryError): unknown[] {
  const entities: unknown = (err as { entities?: unknown }).entities;
  return Array.isArray(entities) ? entities : [];
}
