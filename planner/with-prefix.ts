import { AnalysisError } from '../common/errors.ts';

/** Runs a binding step, putting the clause's ksqlDB prefix (`Error in WHERE expression: `) in front of analysis errors. */
export function withPrefix<T>(prefix: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof AnalysisError && !e.message.startsWith(prefix)) e.message = prefix + e.message;
    throw e;
  }
}
