/**
 * Pull queries across a server group. A server holds the result stores of the tasks it runs
 * only, so a pull query on a table that a persistent query materializes is answered by every
 * member for its own tasks: the server that got the request answers from its stores and asks each
 * other member (`POST /query-stream` with `request.ksql.query.pull.skip.forwarding`, as ksqlDB
 * marks a forwarded pull query) for the rows of theirs, then hands back one result. Each task runs
 * on exactly one member, so the parts do not overlap. A member that cannot answer fails the query
 * with its address and the reason, as ksqlDB does when no host for a partition answers.
 */
import { ExecutionError } from '../common/errors.ts';
import type { SqlType } from '../common/types.ts';
import { parseJsonTree } from '../runtime/serde/json-parse.ts';
import { jsonCoercerFor } from '../runtime/serde/json-coerce.ts';
import type { QueryStream } from './api.ts';

export const SKIP_FORWARDING = 'request.ksql.query.pull.skip.forwarding';

const DELIMITED = 'application/vnd.ksqlapi.delimited.v1';
const PEER_TIMEOUT_MS = 30_000;

export interface Peer {
  readonly memberId: string;
  readonly url: string;
}

/**
 * `local` (this server's part) followed by every peer's part, as one pull query result; at most
 * `limit` rows in all. `typeOf` turns a column's type text into its type, to read the peers' JSON
 * values exactly (BIGINT and DECIMAL beyond a double).
 */
export async function gatherPull(
  local: QueryStream,
  peers: readonly Peer[],
  request: { readonly sql: string; readonly properties: Readonly<Record<string, unknown>>; readonly limit?: number; readonly authorization?: string },
  typeOf: (text: string) => SqlType,
): Promise<QueryStream> {
  const coercers = local.columnTypes.map((t) => jsonCoercerFor(typeOf(t)));
  const abort = new AbortController();
  const parts = peers.map((peer) => askPeer(peer, request, coercers, abort.signal));
  // Fail early (before the header goes out) when a peer cannot answer at all.
  const answers = await Promise.all(parts).catch(async (e: unknown) => {
    abort.abort();
    await local.close();
    throw e;
  });
  let emitted = 0;
  let limited = false;
  async function* rows(): AsyncGenerator<readonly unknown[]> {
    const take = (): boolean => {
      if (request.limit !== undefined && emitted >= request.limit) {
        limited = true;
        return false;
      }
      emitted++;
      return true;
    };
    for await (const row of local.rows) {
      if (!take()) return;
      yield row;
    }
    for (const answer of answers) {
      for (const row of answer) {
        if (!take()) return;
        yield row;
      }
    }
  }
  return {
    ...local,
    rows: rows(),
    limitReached: () => limited || local.limitReached(),
    close: async () => {
      abort.abort();
      await local.close();
    },
  };
}

async function askPeer(
  peer: Peer,
  request: { readonly sql: string; readonly properties: Readonly<Record<string, unknown>>; readonly authorization?: string },
  coercers: readonly ((node: unknown, path: string) => unknown)[],
  signal: AbortSignal,
): Promise<unknown[][]> {
  if (peer.url === '') {
    throw new ExecutionError(
      `Server group member ${peer.memberId} runs part of this table's tasks but did not announce its address, so its rows cannot be read: set ksql.advertised.listener on every server.`,
    );
  }
  let text: string;
  let status: number;
  try {
    const response = await fetch(new URL('/query-stream', peer.url), {
      method: 'POST',
      // The caller's credentials, as ksqlDB forwards them: every server of a group has the same users.
      headers: { 'content-type': 'application/json', accept: DELIMITED, ...(request.authorization !== undefined ? { authorization: request.authorization } : {}) },
      body: JSON.stringify({ sql: request.sql, properties: { ...request.properties, [SKIP_FORWARDING]: true } }),
      signal: AbortSignal.any([signal, AbortSignal.timeout(PEER_TIMEOUT_MS)]),
    });
    status = response.status;
    text = await response.text();
  } catch (e) {
    throw new ExecutionError(`Could not read the rows held by server ${peer.url} for this pull query: ${e instanceof Error ? e.message : String(e)}. It may be down; its tasks move to the other servers after session.timeout.ms.`);
  }
  if (status !== 200) throw new ExecutionError(`Server ${peer.url} could not answer its part of this pull query (HTTP ${status}): ${text.slice(0, 500)}`);
  const lines = text.split('\n').filter((line) => line !== '');
  const out: unknown[][] = [];
  for (const line of lines.slice(1)) {
    const parsed = parseJsonTree(line);
    if (!Array.isArray(parsed)) throw new ExecutionError(`Server ${peer.url} failed its part of this pull query: ${line.slice(0, 500)}`);
    out.push(parsed.map((node, i) => coercers[i]!(node, `$[${i}]`)));
  }
  return out;
}
