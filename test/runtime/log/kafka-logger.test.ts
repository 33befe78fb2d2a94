import { logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { quietKafkaLogger } from '../../../runtime/log/kafka-logger.ts';

describe('quietKafkaLogger', () => {
  it('leaves error responses to KafkaLog, which handles them', () => {
    const lines: string[] = [];
    quietKafkaLogger((line) => lines.push(line))(logLevel.INFO)({
      namespace: 'Connection',
      level: logLevel.ERROR,
      label: 'ERROR',
      log: { timestamp: '', logger: 'kafkajs', message: 'Response Metadata(key: 3, version: 6)', error: 'This server does not host this topic-partition' } as never,
    });
    expect(lines).toEqual([]);
  });

  it('passes warnings and errors once each, and nothing below', () => {
    const lines: string[] = [];
    const log = quietKafkaLogger((line) => lines.push(line))(logLevel.INFO);
    const entry = (level: logLevel, message: string) => ({ namespace: 'Connection', level, label: '', log: { timestamp: '', logger: 'kafkajs', message } });
    log(entry(logLevel.ERROR, 'Connection error: write after end'));
    log(entry(logLevel.ERROR, 'Connection error: write after end'));
    log(entry(logLevel.WARN, 'Slow'));
    log(entry(logLevel.INFO, 'Connected'));
    log(entry(logLevel.DEBUG, 'Request'));
    expect(lines).toEqual([
      'Kafka client error (Connection): Connection error: write after end',
      'Kafka client warning (Connection): Slow',
    ]);
  });

  it('leaves the retried CONCURRENT_TRANSACTIONS of back-to-back transactions to the writer', () => {
    const lines: string[] = [];
    quietKafkaLogger((line) => lines.push(line))(logLevel.INFO)({
      namespace: 'Producer',
      level: logLevel.ERROR,
      label: 'ERROR',
      log: {
        timestamp: '',
        logger: 'kafkajs',
        message: 'Failed to send messages: The producer attempted to update a transaction while another concurrent operation on the same transaction was ongoing',
      } as never,
    });
    expect(lines).toEqual([]);
  });
});
