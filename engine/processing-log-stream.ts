/**
 * ksqlDB's processing log stream: each processing-log entry is also written, as JSON, to a topic
 * that a `KSQL_PROCESSING_LOG` stream reads, so bad records can be inspected with SQL. Off by
 * default as in ksqlDB; `ksql.logging.processing.stream.auto.create=true` turns it on.
 */
import { assertNever } from '../common/errors.ts';
import type { Log } from '../runtime/log/log.ts';
import { PROCESSING_ERROR_TYPES, type ProcessingLogEntry } from '../runtime/log/processing-log.ts';

export interface ProcessingLogStream {
  readonly topic: string;
  /** Registers the stream; run at every start, never recorded in the command log. */
  readonly createStatement: string;
  /** Appends one entry; failures are reported, never thrown (the reporter is mid-failure already). */
  write(entry: ProcessingLogEntry): void;
}

const MESSAGE_TYPE =
  'STRUCT<TYPE INT, ' +
  'DESERIALIZATIONERROR STRUCT<TARGET STRING, ERRORMESSAGE STRING, RECORDB64 STRING, CAUSE ARRAY<STRING>, `TOPIC` STRING>, ' +
  'RECORDPROCESSINGERROR STRUCT<ERRORMESSAGE STRING, RECORD STRING, CAUSE ARRAY<STRING>>, ' +
  'PRODUCTIONERROR STRUCT<ERRORMESSAGE STRING>, ' +
  'SERIALIZATIONERROR STRUCT<TARGET STRING, ERRORMESSAGE STRING, RECORD STRING, CAUSE ARRAY<STRING>, `TOPIC` STRING>, ' +
  'KAFKASTREAMSTHREADERROR STRUCT<ERRORMESSAGE STRING, THREADNAME STRING, CAUSE ARRAY<STRING>>>';

/** The stream for these server properties, or undefined when it is not enabled. */
export function processingLogStream(
  log: Log,
  serviceId: string,
  properties: Readonly<Record<string, string>>,
  onFailure: (message: string) => void,
): ProcessingLogStream | undefined {
  if (properties['ksql.logging.processing.stream.auto.create'] !== 'true') return undefined;
  const topic = properties['ksql.logging.processing.topic.name'] ?? `${serviceId}ksql_processing_log`;
  const name = properties['ksql.logging.processing.stream.name'] ?? 'KSQL_PROCESSING_LOG';
  const createStatement =
    `CREATE STREAM IF NOT EXISTS \`${name}\` (LOGGER STRING, LEVEL STRING, TIME BIGINT, MESSAGE ${MESSAGE_TYPE}) ` +
    `WITH (KAFKA_TOPIC='${topic}', PARTITIONS=1, VALUE_FORMAT='JSON');`;
  return {
    topic,
    createStatement,
    write(entry) {
      const value = Buffer.from(JSON.stringify(toKsqlMessage(entry)), 'utf8');
      log.append(topic, 0, [{ key: null, value, timestamp: entry.time, headers: [] }]).catch((e: unknown) => {
        onFailure(`Could not write to the processing log topic ${topic}: ${e instanceof Error ? e.message : String(e)}`);
      });
    },
  };
}

/** ksqlDB's JSON shape for one entry: the message struct carries only the field of its type. */
function toKsqlMessage(entry: ProcessingLogEntry): Record<string, unknown> {
  const type = PROCESSING_ERROR_TYPES[entry.errorType];
  const at = entry.record;
  const message: Record<string, unknown> = { type };
  const cause: string[] = [];
  switch (entry.errorType) {
    case 'DESERIALIZATION_ERROR':
      message['deserializationError'] = { target: 'value', errorMessage: entry.message, recordB64: null, cause, topic: at?.topic ?? null };
      break;
    case 'RECORD_PROCESSING_ERROR':
      message['recordProcessingError'] = { errorMessage: entry.message, record: at ? `${at.topic}-${at.partition}@${at.offset}` : null, cause };
      break;
    case 'PRODUCTION_ERROR':
      message['productionError'] = { errorMessage: entry.message };
      break;
    case 'SERIALIZATION_ERROR':
      message['serializationError'] = { target: 'value', errorMessage: entry.message, record: null, cause, topic: at?.topic ?? null };
      break;
    case 'KAFKA_STREAMS_THREAD_ERROR':
      message['kafkaStreamsThreadError'] = { errorMessage: entry.message, threadName: entry.queryId ?? null, cause };
      break;
    default:
      return assertNever(entry.errorType, 'processing error type');
  }
  return { logger: `processing.${entry.queryId ?? 'unknown'}`, level: entry.level, time: entry.time, message };
}
