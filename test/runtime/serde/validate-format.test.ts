import { describe, expect, it } from 'vitest';
import { array, BOOLEAN, decimal, DOUBLE, INTEGER, map, STRING, struct } from '../../../common/types.ts';
import { resolveDelimiter, validateFormat } from '../../../runtime/serde/validate-format.ts';

describe('validateFormat', () => {
  it('rejects unknown formats', () => {
    expect(() => validateFormat({ name: 'FOO' }, [], false)).toThrow('Unknown format: FOO');
  });

  it('checks DELIMITED types', () => {
    expect(() => validateFormat({ name: 'DELIMITED' }, [{ name: 'K', type: struct([{ name: 'F', type: DOUBLE }]) }], true)).toThrow(
      "Key format does not support schema.\nformat: DELIMITED\nschema: Persistence{columns=[`K` STRUCT<`F` DOUBLE> KEY], features=[]}\nreason: The 'DELIMITED' format does not support type 'STRUCT', column: `K`",
    );
    expect(() => validateFormat({ name: 'DELIMITED' }, [{ name: 'FOO', type: array(INTEGER) }], false)).toThrow(
      "The 'DELIMITED' format does not support type 'ARRAY'",
    );
  });

  it('checks KAFKA', () => {
    const two = [{ name: 'V0', type: INTEGER }, { name: 'V1', type: STRING }];
    expect(() => validateFormat({ name: 'KAFKA' }, two, false)).toThrow(
      "The 'KAFKA' format only supports a single field. Got: [`V0` INTEGER, `V1` STRING]",
    );
    expect(() => validateFormat({ name: 'KAFKA' }, [{ name: 'K', type: BOOLEAN }], true)).toThrow(
      "Key format does not support schema.\nformat: KAFKA\nschema: Persistence{columns=[`K` BOOLEAN KEY], features=[]}\nreason: The 'KAFKA' format does not support type 'BOOLEAN'",
    );
    expect(() => validateFormat({ name: 'KAFKA' }, [{ name: 'K', type: decimal(2, 1) }], true)).toThrow(
      "The 'KAFKA' format does not support type 'DECIMAL'",
    );
    expect(() => validateFormat({ name: 'kafka' }, [{ name: 'K', type: INTEGER }], true)).not.toThrow();
  });

  it('checks NONE, JSON maps and map keys', () => {
    expect(() => validateFormat({ name: 'NONE' }, [{ name: 'K', type: STRING }], true)).toThrow(
      "The 'NONE' format can only be used when no columns are defined. Got: [`K` STRING KEY]",
    );
    expect(() => validateFormat({ name: 'JSON' }, [{ name: 'FOO', type: map(INTEGER, DOUBLE) }], false)).toThrow(
      'JSON only supports MAP types with STRING keys',
    );
    expect(() => validateFormat({ name: 'JSON' }, [{ name: 'K', type: array(map(INTEGER, DOUBLE)) }], true)).toThrow(
      'Map keys, including types that contain maps, are not supported as they may lead to unexpected behavior due to inconsistent serialization. Key column name: `K`. Column type: ARRAY<MAP<INTEGER, DOUBLE>>. See https://github.com/confluentinc/ksql/issues/6621 for more.',
    );
  });

  it('checks WRAP_SINGLE_VALUE and delimiters', () => {
    const two = [{ name: 'A', type: INTEGER }, { name: 'B', type: INTEGER }];
    expect(() => validateFormat({ name: 'JSON' }, two, false, { wrapSingleValue: false })).toThrow(
      "'WRAP_SINGLE_VALUE' is only valid for single-field value schemas",
    );
    expect(() => validateFormat({ name: 'DELIMITED' }, [two[0]!], false, { wrapSingleValue: true })).toThrow(
      "Format 'DELIMITED' does not support 'WRAP_SINGLE_VALUE' set to 'true'.",
    );
    expect(() => validateFormat({ name: 'PROTOBUF' }, [two[0]!], false, { wrapSingleValue: false })).toThrow(
      "Format 'PROTOBUF' does not support 'WRAP_SINGLE_VALUE' set to 'false'.",
    );
    expect(() => validateFormat({ name: 'JSON', delimiter: '|' }, two, false)).toThrow('JSON does not support the following configs: [delimiter]');
    expect(resolveDelimiter('TAB')).toBe('\t');
    expect(() => resolveDelimiter('<~>')).toThrow(
      "Configuration VALUE_DELIMITER is invalid: Invalid delimiter value: '<~>'. Delimiter must be a single character or TAB,SPACE\nExample valid value: ';'",
    );
    expect(() => resolveDelimiter(' ')).toThrow('Delimiter cannot be empty');
  });
});
