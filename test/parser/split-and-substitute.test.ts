import { describe, expect, it } from 'vitest';
import { splitStatements, substituteVariables } from '../../parser/index.ts';

describe('splitStatements', () => {
  it('splits at top-level semicolons only', () => {
    const sql = "-- header; comment\nSELECT 'a;b' FROM `x;y`;  /* c; */ INSERT INTO s VALUES (\"q;\");\n;  \n-- trailing";
    const parts = splitStatements(sql);
    expect(parts.map((p) => p.text)).toEqual(["SELECT 'a;b' FROM `x;y`", 'INSERT INTO s VALUES ("q;")']);
    expect(parts[0]?.span).toMatchObject({ line: 2, col: 1, offset: 19 });
    expect(parts[1]?.span).toMatchObject({ line: 2, col: 36 });
  });

  it('keeps a final statement without a semicolon', () => {
    expect(splitStatements('SHOW STREAMS').map((p) => p.text)).toEqual(['SHOW STREAMS']);
  });
});

describe('substituteVariables', () => {
  const vars = new Map([['format', 'AVRO'], ['REPLICAS', '3']]);
  it('replaces references anywhere, case-insensitively', () => {
    expect(substituteVariables("WITH (value_format='${FORMAT}', replicas=${replicas})", vars)).toBe("WITH (value_format='AVRO', replicas=3)");
  });
  it('leaves undefined and escaped references', () => {
    expect(substituteVariables('${nope} $${format}', vars)).toBe('${nope} ${format}');
  });
});
