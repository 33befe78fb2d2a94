import { logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { quietKafkaLogger } from '../../../runtime/log/kafka-logger.ts';

describe('quietKafkaLogger', () => {
  it('passes warnings and errors once each, and nothing below', () => {
    const lines: string[] = [];
    const log = quietKafkaLogger((line) => lines.push(line))(logLevel.INFO);
    const entry = (level: logLevel, message: string) => ({ namespace: 'Connection', level, label: '', log: { timestamp: '', logger: 'kafkajs', message } });
    log(entry(logLevel.ERROR, 'The group coordinator is not available'));
    log(entry(logLevel.ERROR, 'The group coordinator is not available'));
    log(entry(logLevel.WARN, 'Slow'));
    log(entry(logLevel.INFO, 'Connected'));
    log(entry(logLevel.DEBUG, 'Request'));
    expect(lines).toEqual([
      'Kafka client error (Connection): The group coordinator is not available',
      'Kafka client warning (Connection): Slow',
    ]);
  });
});
