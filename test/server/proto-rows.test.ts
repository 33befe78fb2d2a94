import { describe, expect, it } from 'vitest';
import { protoRows } from '../../server/proto-rows.ts';
import { parseTypeText } from '../../server/type-text.ts';
import { protoRowText } from '../conformance/rest-proto-text.ts';

describe('protoRows', () => {
  const names = ['ID', 'NAME', 'TAGS', 'ATTRS', 'INNER', 'RATIO'];
  const types = ['BIGINT', 'STRING', 'ARRAY<INTEGER>', 'MAP<STRING, INTEGER>', 'STRUCT<`A` STRING, `B` BYTES>', 'DOUBLE'].map(parseTypeText);
  const rows = protoRows(names, types);

  it("derives ksqlDB's proto3 schema: nested structs and map entries as numbered messages", () => {
    expect(rows.schema).toBe(
      'syntax = "proto3";\n\nmessage ConnectDefault1 {\n  int64 ID = 1;\n  string NAME = 2;\n  repeated int32 TAGS = 3;\n  repeated ConnectDefault2Entry ATTRS = 4;\n  ConnectDefault3 INNER = 5;\n  double RATIO = 6;\n\n' +
        '  message ConnectDefault2Entry {\n    string key = 1;\n    int32 value = 2;\n  }\n  message ConnectDefault3 {\n    string A = 1;\n    bytes B = 2;\n  }\n}\n',
    );
  });

  it('encodes a row that reads back as the same fields, leaving nulls and zeros off the wire', () => {
    const bytes = rows.encode([9007199254740993n, 'x"y', [1, 2], new Map([['k', 0]]), { A: null, B: new Uint8Array([33, 200]) }, 1]);
    expect(protoRowText(rows.schema, Buffer.from(bytes).toString('base64'))).toBe(
      'ID: 9007199254740993\nNAME: "x\\"y"\nTAGS: 1\nTAGS: 2\nATTRS {\n  key: "k"\n}\nINNER {\n  B: "!\\310"\n}\nRATIO: 1.0\n',
    );
    expect(protoRowText(rows.schema, Buffer.from(rows.encode([0n, null, [], new Map(), null, 0])).toString('base64'))).toBe('');
  });
});
