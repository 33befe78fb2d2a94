import { describe, expect, it } from 'vitest';
import { overrideProblem, parseListener, parseProperties } from '../../common/config.ts';

describe('parseProperties', () => {
  it('reads ksqlDB-style properties files', () => {
    const text = [
      '# the service',
      'ksql.service.id = my_service_',
      'listeners=http://0.0.0.0:8089',
      '! old-style comment',
      'long.value: one \\',
      '   two',
      'path=C\\:\\\\data',
      '',
    ].join('\n');
    expect(parseProperties(text)).toEqual({
      'ksql.service.id': 'my_service_',
      listeners: 'http://0.0.0.0:8089',
      'long.value': 'one two',
      path: 'C:\\data',
    });
  });

  it('finds host and port in listeners', () => {
    expect(parseListener('http://0.0.0.0:8089,https://x:1')).toEqual({ host: '0.0.0.0', port: 8089 });
    expect(parseListener('http://[::]:9000')).toEqual({ host: '::', port: 9000 });
    expect(parseListener('nonsense')).toBeUndefined();
  });

  it('tells which overrides are allowed', () => {
    expect(overrideProblem('auto.offset.reset')).toBeUndefined();
    expect(overrideProblem('ksql.streams.num.stream.threads')).toBeUndefined();
    expect(overrideProblem('ksql.service.id')).toMatch(/prohibited/);
    expect(overrideProblem('foo')).toMatch(/Not recognizable/);
  });
});
