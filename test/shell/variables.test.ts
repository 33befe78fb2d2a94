import { describe, expect, it } from 'vitest';
import { SessionVariables } from '../../shell/variables.ts';

describe('SessionVariables', () => {
  it('substitutes names case-insensitively, keeps unknown ones and honours $${escape}', () => {
    const v = new SessionVariables();
    v.define('dir', '/tmp/x');
    expect(v.substitute("RUN SCRIPT '${DIR}/a.sql' ${other} $${dir}")).toBe("RUN SCRIPT '/tmp/x/a.sql' ${other} ${dir}");
  });

  it('redefines and undefines whatever the case, sending the latest spelling', () => {
    const v = new SessionVariables();
    v.define('who', 'a');
    v.define('WHO', 'b');
    expect(v.toRecord()).toEqual({ WHO: 'b' });
    expect(v.undefine('Who')).toBe(true);
    expect(v.undefine('who')).toBe(false);
    expect(v.toRecord()).toEqual({});
  });
});
