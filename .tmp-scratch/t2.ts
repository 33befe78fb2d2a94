import protobuf from 'protobufjs';
const root = new protobuf.Root();
const parsed = protobuf.parse('syntax = "proto3";\nimport "google/protobuf/wrappers.proto";\npackage a.b;\nmessage ConnectDefault1 { google.protobuf.Int32Value I = 1; optional int64 L = 2; map<string,double> M = 3; repeated string S = 4; message Inner { int32 x = 1; } Inner n = 5; }', root, { keepCase: true });
console.log(parsed.imports, parsed.package);
for (const imp of parsed.imports ?? []) { const c = protobuf.common.get(imp); console.log(imp, !!c); if (c) root.addJSON(c.nested!); }
root.resolveAll();
const T = root.lookupType('a.b.ConnectDefault1');
const fieldsOrder = T.fieldsArray.map(f=>[f.name,f.type,f.id,f.repeated,f.map, (f as any).optional, f.resolvedType?.name]);
console.log(fieldsOrder);
const m = T.fromObject({ I: {value: 0}, L: 0, M: {a: 1.5}, S: ['x'], n: {x: 0}});
const buf = T.encode(m).finish(); console.log(buf);
const d = T.decode(buf); console.log(d, T.toObject(d, {longs: String, defaults: true}));
console.log(Object.keys(protobuf.common), typeof protobuf.common.get);
