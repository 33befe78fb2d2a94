/** Engine settings a statement sees: server config overlaid with the request's or session's overrides. */
export interface SessionConfig {
  readonly defaultKeyFormat: string;
  readonly defaultValueFormat: string | undefined;
  readonly wrapSingleValues: boolean;
  readonly outputTopicPrefix: string;
  readonly sinkPartitions: number | undefined;
  readonly autoOffsetReset: 'earliest' | 'latest';
  readonly properties: Readonly<Record<string, unknown>>;
}

const str = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : String(v));

export function sessionConfig(properties: Readonly<Record<string, unknown>>): SessionConfig {
  const get = (name: string): string | undefined => str(properties[name] ?? properties[`ksql.streams.${name}`]);
  const partitions = get('ksql.sink.partitions');
  return {
    defaultKeyFormat: (get('ksql.persistence.default.format.key') ?? 'KAFKA').toUpperCase(),
    defaultValueFormat: get('ksql.persistence.default.format.value')?.toUpperCase(),
    wrapSingleValues: (get('ksql.persistence.wrap.single.values') ?? 'true').toLowerCase() !== 'false',
    outputTopicPrefix: get('ksql.output.topic.name.prefix') ?? '',
    sinkPartitions: partitions === undefined ? undefined : Number(partitions),
    autoOffsetReset: get('auto.offset.reset') === 'latest' ? 'latest' : 'earliest',
    properties,
  };
}
