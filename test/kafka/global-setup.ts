/**
 * Vitest global setup of the `kafka` project: one broker for every Kafka test file of the run.
 *
 * - `KAFKA_BOOTSTRAP=host:port` points the tests at a running broker; nothing is started.
 * - Otherwise a broker is started from Kafka's jars (scripts/kafka-broker.ts) and stopped at the
 *   end. It also dies with this process however that ends (its launcher holds a pipe to it), so
 *   Ctrl-C or a killed run leaves no java process behind.
 * - Without Java (or Maven for the first fetch) the Kafka tests are skipped with the reason
 *   printed, except under CI=true, where they must run: the run fails instead.
 */
import type { TestProject } from 'vitest/node';
import { brokerUnavailableReason, startKafkaBroker } from '../../scripts/kafka-broker.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `host:port` of the test broker, or '' when the Kafka tests are skipped. */
    kafkaBootstrap: string;
    kafkaSkipReason: string;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const external = process.env.KAFKA_BOOTSTRAP?.trim();
  if (external) {
    project.provide('kafkaBootstrap', external);
    project.provide('kafkaSkipReason', '');
    return undefined;
  }
  const reason = brokerUnavailableReason();
  if (reason) {
    if (process.env.CI === 'true') {
      throw new Error(`The Kafka tests must run in CI, but no broker can be started: ${reason}.`);
    }
    process.stderr.write(`\nSkipping the Kafka tests: ${reason}.\n\n`);
    project.provide('kafkaBootstrap', '');
    project.provide('kafkaSkipReason', reason);
    return undefined;
  }
  const broker = await startKafkaBroker();
  process.stderr.write(`Kafka ${broker.version} test broker on ${broker.bootstrap} (started in ${(broker.startMs / 1000).toFixed(1)} s)\n`);
  project.provide('kafkaBootstrap', broker.bootstrap);
  project.provide('kafkaSkipReason', '');
  return () => broker.stop();
}
