import { basename } from 'node:path';
import type { ExpectedException, QttCase } from './case-model.ts';
import type { ConformanceSession, InputRecord, SessionError, SessionOptions } from './session-api.ts';
import { registerTopicSchemas, topicsToCreate } from './case-topics.ts';
import { exceptionMismatch, topicMismatch } from './compare.ts';
import { postMismatch } from './compare-post.ts';
import { type ActualRecord, decodeOutput } from './decode-output.ts';
import { encodeInput } from './encode-input.ts';
import { type ActualOutput, renderActual, renderUndecodable } from './render-actual.ts';

export type SessionFactory = (options: SessionOptions) => ConformanceSession;

export interface CaseResult {
  readonly file: string;
  readonly name: string;
  readonly status: 'passed' | 'failed';
  readonly reason?: string;
  readonly actual: {
    readonly outputs: readonly ActualOutput[];
    readonly error?: { readonly type: string; readonly message: string };
  };
}

export interface RunOptions {
  /** Per-case guard so one hung case cannot stall the run. */
  readonly timeoutMs?: number;
}

/** What a case produced, filled in as it runs so a failure or timeout still reports it. */
interface Observed {
  outputs: ActualOutput[];
  error?: SessionError;
}

/** Runs one case as ksqlDB's QTT harness does (§1.1–1.3) and compares it (§3). */
export async function runCase(c: QttCase, createSession: SessionFactory, opts: RunOptions = {}): Promise<CaseResult> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const observed: Observed = { outputs: [] };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`timed out after ${timeoutMs} ms`), timeoutMs);
  });
  let reason: string | undefined;
  try {
    reason = await Promise.race([executeCase(c, createSession, observed), timeout]);
  } catch (e) {
    reason = `harness error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`;
  } finally {
    clearTimeout(timer);
  }
  const error = observed.error ? { type: observed.error.ksqlType, message: observed.error.message } : undefined;
  return {
    file: basename(c.file),
    name: c.name,
    status: reason === undefined ? 'passed' : 'failed',
    ...(reason === undefined ? {} : { reason }),
    actual: { outputs: observed.outputs, ...(error ? { error } : {}) },
  };
}

async function executeCase(c: QttCase, createSession: SessionFactory, observed: Observed): Promise<string | undefined> {
  if (c.invalid) return c.invalid;
  const session = createSession({ properties: c.properties });
  try {
    for (const t of topicsToCreate(c)) session.createTopic(t.name, t.partitions);
    registerTopicSchemas(c, session.schemaRegistry());
    return await drive(c, session, observed);
  } finally {
    await session.close();
  }
}

async function drive(c: QttCase, session: ConformanceSession, observed: Observed): Promise<string | undefined> {
  const expected = c.expectedException;
  const statementError = await session.execute(c.statements);
  if (statementError) {
    observed.error = statementError;
    if (!expected) return `statement failed: ${showError(statementError)}`;
    return notLastStatement(c, statementError) ?? exceptionMismatch(expected, statementError);
  }
  if (expected && !c.hasInputs) return `${showExpected(expected)} but the statements succeeded`;
  const inputs = encodeInputs(c, session);
  if (typeof inputs === 'string') return inputs;
  const runError = await session.run(inputs);
  const actual = readOutputs(c, session, observed);
  if (runError) {
    observed.error = runError;
    return expected ? exceptionMismatch(expected, runError) : `processing failed: ${showError(runError)}`;
  }
  if (expected) return `${showExpected(expected)} but none was raised`;
  if (typeof actual === 'string') return actual;
  for (const [topic, records] of actual) {
    const m = topicMismatch(topic, c.outputs.filter((r) => r.topic === topic), records, { hasInputs: c.hasInputs });
    if (m) return m;
  }
  return c.post ? postMismatch(c.post, session) : undefined;
}

/** In a negative case, a KsqlStatementException from a statement other than the last fails the case. */
function notLastStatement(c: QttCase, error: SessionError): string | undefined {
  if (error.ksqlType !== 'KsqlStatementException' || error.statementText === undefined) return undefined;
  const norm = (s: string): string => s.trim().replace(/;\s*$/, '').trim();
  const last = c.statements[c.statements.length - 1] ?? '';
  // An entry may hold several statements: the failing one only has to be part of the last entry.
  if (norm(last).includes(norm(error.statementText))) return undefined;
  return `failed on a statement other than the last: ${showError(error)} (statement: ${error.statementText})`;
}

function encodeInputs(c: QttCase, session: ConformanceSession): InputRecord[] | string {
  const out: InputRecord[] = [];
  for (const [i, r] of c.inputs.entries()) {
    try {
      out.push(encodeInput(r, session.layoutOf(r.topic), session.schemaRegistry()));
    } catch (e) {
      return `input ${i} (topic ${r.topic}): ${e instanceof Error ? e.message : String(e)}`;
    }
  }
  return out;
}

/** Decodes every record of each expected topic; a record that cannot be decoded fails the case. */
function readOutputs(c: QttCase, session: ConformanceSession, observed: Observed): Map<string, ActualRecord[]> | string {
  const exact = c.properties['use.exact.numeric.comparison'];
  const base = { exactNumbers: exact !== false && exact !== 'false', registry: session.schemaRegistry() };
  const byTopic = new Map<string, ActualRecord[]>();
  let failure: string | undefined;
  for (const topic of new Set(c.outputs.map((r) => r.topic))) {
    const layout = session.layoutOf(topic);
    const opts = { ...base, topic };
    const records: ActualRecord[] = [];
    for (const [i, raw] of session.read(topic).entries()) {
      try {
        const rec = decodeOutput(raw, layout, opts);
        records.push(rec);
        observed.outputs.push(renderActual(topic, rec));
      } catch (e) {
        observed.outputs.push(renderUndecodable(topic, raw));
        failure ??= `topic ${topic} record ${i}: cannot decode: ${e instanceof Error ? e.message : String(e)}`;
      }
    }
    byTopic.set(topic, records);
  }
  return failure ?? byTopic;
}

const showError = (e: SessionError): string => `${e.ksqlType}: ${e.message}`;

const showExpected = (e: ExpectedException): string =>
  `expected exception ${e.type ?? ''}${e.message === undefined ? '' : ` ${JSON.stringify(e.message)}`}`.trim();
