/**
 * Chevrotain only hands structured error data to its message provider, so ours encodes it as JSON
 * in the exception message; syntax-error.ts decodes it and renders ksqlDB's wording.
 */
import type { IParserErrorMessageProvider, TokenType } from 'chevrotain';

export interface ErrorPayload {
  readonly kind: 'mismatch' | 'noViableAlt' | 'earlyExit' | 'notAllInput';
  /** Names of the token types that would have been accepted. */
  readonly expected: readonly string[];
  /** Some alternative needed more than one token to be told apart (not a plain token set). */
  readonly multiToken: boolean;
}

function encode(kind: ErrorPayload['kind'], expected: readonly TokenType[], multiToken = false): string {
  const payload: ErrorPayload = { kind, expected: [...new Set(expected.map((t) => t.name))], multiToken };
  return JSON.stringify(payload);
}

export const jsonErrorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected }) => encode('mismatch', [expected]),
  buildNotAllInputParsedMessage: () => encode('notAllInput', []),
  buildNoViableAltMessage: ({ expectedPathsPerAlt }) =>
    encode(
      'noViableAlt',
      expectedPathsPerAlt.flatMap((paths) => paths.flatMap((p) => p.slice(0, 1))),
      expectedPathsPerAlt.some((paths) => paths.some((p) => p.length > 1)),
    ),
  buildEarlyExitMessage: ({ expectedIterationPaths }) =>
    encode('earlyExit', expectedIterationPaths.flatMap((p) => p.slice(0, 1))),
};

export function decodePayload(message: string): ErrorPayload {
  try {
    return JSON.parse(message) as ErrorPayload;
  } catch {
    return { kind: 'notAllInput', expected: [], multiToken: false };
  }
}
