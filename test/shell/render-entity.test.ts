import { describe, expect, it } from 'vitest';
import { renderEntity } from '../../shell/render-entity.ts';

describe('renderEntity', () => {
  it('prints SHOW PROPERTIES sorted, with where each value comes from', () => {
    const entity = {
      '@type': 'properties',
      properties: [
        { name: 'ksql.service.id', scope: 'KSQL', value: 'default_' },
        { name: 'auto.offset.reset', scope: 'KSQL', value: 'earliest' },
        { name: 'ksql.streams.state.dir', scope: 'KSQL', value: null },
      ],
      overwrittenProperties: ['auto.offset.reset'],
      defaultProperties: ['ksql.streams.state.dir'],
    };
    expect(renderEntity(entity).split('\n')).toEqual([
      ' Property               | Scope | Default override | Effective Value ',
      '---------------------------------------------------------------------',
      ' auto.offset.reset      | KSQL  | SESSION          | earliest        ',
      ' ksql.service.id        | KSQL  | SERVER           | default_        ',
      ' ksql.streams.state.dir | KSQL  |                  | NULL            ',
      '---------------------------------------------------------------------',
    ]);
  });
});
