import { logLevel, type logCreator } from 'kafkajs';

/**
 * A kafkajs log creator that speaks only when something may be wrong, and only once per thing.
 *
 * kafkajs logs every error response at ERROR ("Response Metadata(...): This server does not host
 * this topic-partition" when `KafkaLog` merely asks whether a topic exists, "The group
 * coordinator is not available" while a broker creates `__consumer_offsets`) and repeats it on
 * every retry. `KafkaLog` receives those same errors, retries or maps them, and reports real
 * failures to its caller, so error responses are not logged here at all. What remains (lost
 * connections, client-side warnings) is shown at warn level and above, each distinct message
 * once per log, in one line that says it came from the Kafka client.
 */
export function quietKafkaLogger(write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): logCreator {
  const seen = new Set<string>();
  return () =>
    ({ namespace, level, log }) => {
      if (level > logLevel.WARN || level === logLevel.NOTHING) return;
      const { message, error } = log as { message?: string; error?: string };
      if (namespace === 'Connection' && message?.startsWith('Response ')) return;
      const said = `${message ?? ''} ${error ?? ''}`;
      // A transaction begun just after the previous commit meets CONCURRENT_TRANSACTIONS while the
      // coordinator finishes that commit; kafkajs retries it, and a real failure reaches the writer.
      if (said.includes('another concurrent operation on the same transaction')) return;
      // KafkaLog bounds a transactional producer's retries on purpose: a write that still fails is
      // aborted and the query restarts from its last commit, which keeps exactly-once.
      if (said.includes('Limiting retries for the idempotent producer')) return;
      const text = `${message ?? ''}${error ? `: ${error}` : ''}`;
      const key = `${namespace}\u0000${text}`;
      if (seen.has(key)) return;
      // Bounded, so a long-running server that meets many distinct messages does not grow forever.
      if (seen.size >= 1000) seen.clear();
      seen.add(key);
      write(`Kafka client ${level === logLevel.ERROR ? 'error' : 'warning'}${namespace ? ` (${namespace})` : ''}: ${text}`);
    };
}
