import { renderCaret, type Span } from './span.ts';

/**
 * The error catalogue. Each kind maps to the ksqlDB exception class the conformance vectors name,
 * the REST error code and the HTTP status.
 */
export const ERROR_KINDS = {
  syntax: { ksqlType: 'ParseFailedException', errorCode: 40001, status: 400 },
  analysis: { ksqlType: 'KsqlStatementException', errorCode: 40001, status: 400 },
  unsupported: { ksqlType: 'KsqlStatementException', errorCode: 40001, status: 400 },
  execution: { ksqlType: 'KsqlException', errorCode: 50000, status: 500 },
  processing: { ksqlType: 'StreamsException', errorCode: 50000, status: 500 },
  notFound: { ksqlType: 'KsqlException', errorCode: 40400, status: 404 },
  pushQueryLimit: { ksqlType: 'KsqlException', errorCode: 40003, status: 400 },
  internal: { ksqlType: 'KsqlException', errorCode: 50000, status: 500 },
} as const;

export type ErrorKind = keyof typeof ERROR_KINDS;

/** Base of every error Tributary throws on purpose. */
export abstract class TributaryError extends Error {
  abstract readonly kind: ErrorKind;
  /** Where in the statement text the problem is, when known. */
  span: Span | undefined;
  /** The statement the error belongs to, when known (ksqlDB appends it as `Statement: ...`). */
  statementText: string | undefined;

  constructor(message: string, span?: Span) {
    super(message);
    this.name = new.target.name;
    this.span = span;
  }

  get ksqlType(): string {
    return ERROR_KINDS[this.kind].ksqlType;
  }

  get status(): number {
    return ERROR_KINDS[this.kind].status;
  }

  get errorCode(): number {
    return ERROR_KINDS[this.kind].errorCode;
  }

  /** Message plus `line:col` and a caret under the source, for shells and REST errors. */
  describe(source?: string): string {
    const text = source ?? this.statementText;
    if (!this.span || this.span.line <= 0 || text === undefined) return this.message;
    const located = /^line \d+:\d+:/.test(this.message) ? this.message : `line ${this.span.line}:${this.span.col}: ${this.message}`;
    return `${located}\n${renderCaret(text, this.span)}`;
  }
}

/** Malformed SQL text. */
export class ParseError extends TributaryError {
  readonly kind = 'syntax';
}

/** Well-formed SQL that does not make sense: unknown names, type errors, invalid clauses. */
export class AnalysisError extends TributaryError {
  readonly kind = 'analysis';
}

/** Valid SQL that Tributary cannot execute yet; the message names the feature. */
export class UnsupportedError extends TributaryError {
  readonly kind = 'unsupported';
  constructor(readonly feature: string, span?: Span, detail?: string) {
    super(`${feature} is not supported yet${detail ? `: ${detail}` : ''}`, span);
  }
}

/** A statement that was valid but failed while being carried out. */
export class ExecutionError extends TributaryError {
  readonly kind = 'execution';
}

/** A single record could not be decoded, evaluated or encoded. Goes to the processing log. */
export class ProcessingError extends TributaryError {
  readonly kind = 'processing';
}

/** A named thing (source, query, type, function) does not exist. */
export class NotFoundError extends TributaryError {
  readonly kind = 'notFound';
}

/** Starting one more push query would pass `ksql.max.push.queries`. */
export class PushQueryLimitError extends TributaryError {
  readonly kind = 'pushQueryLimit';
}

/** A bug in Tributary itself. */
export class InternalError extends TributaryError {
  readonly kind = 'internal';
}

export function assertNever(value: never, what = 'value'): never {
  throw new InternalError(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
