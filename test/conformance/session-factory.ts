import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SessionFactory } from './run-case.ts';

const SESSION_MODULE = new URL('./session.ts', import.meta.url);

/** The engine session cannot be loaded, so no case can run. */
export class SessionUnavailableError extends Error {
  override readonly name = 'SessionUnavailableError';
}

/**
 * Loads `createSession` from `./session.ts`. Imported by URL so the harness type-checks and its
 * unit tests run while the engine side of the seam is still being written.
 */
export async function loadSessionFactory(): Promise<SessionFactory> {
  if (!existsSync(fileURLToPath(SESSION_MODULE))) {
    throw new SessionUnavailableError(`${fileURLToPath(SESSION_MODULE)} does not exist yet: no engine session to run cases against`);
  }
  const mod: unknown = await import(SESSION_MODULE.href);
  const create = typeof mod === 'object' && mod !== null ? (mod as { createSession?: unknown }).createSession : undefined;
  if (typeof create !== 'function') throw new SessionUnavailableError(`${SESSION_MODULE.href} does not export createSession`);
  return create as SessionFactory;
}
