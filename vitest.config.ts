import { defineConfig } from 'vitest/config';

/**
 * Test files that need a Kafka broker. They form their own project so that its global setup,
 * which starts one broker for the whole run (test/kafka/global-setup.ts), runs only when one of
 * them is selected: `vitest run test/parser` starts no JVM.
 */
const KAFKA_TESTS = ['test/**/kafka-log.test.ts', 'test/kafka/**/*.test.ts', 'test/e2e/**/*kafka*.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: ['**/node_modules/**', ...KAFKA_TESTS] },
      },
      {
        extends: true,
        test: { name: 'kafka', include: KAFKA_TESTS, globalSetup: ['test/kafka/global-setup.ts'] },
      },
    ],
  },
});
