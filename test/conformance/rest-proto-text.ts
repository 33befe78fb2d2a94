/**
 * Protobuf rows as ksqlDB's RQTT harness compares them (`queryProto` responses): each row's bytes
 * decoded with the header's schema and printed in protobuf's text format (Java `TextFormat`):
 * set fields in field-number order, `NAME: value` per scalar, `NAME {` ... `}` per message
 * (map entries included), two-space indents, strings and bytes quoted with C-style escapes.
 */
import protobuf from 'protobufjs';

/** Decodes one row's base64 message with the `protoSchema` of its header, as text format. */
export function protoRowText(schema: string, base64: string): string {
  const type = protobuf.parse(schema, { keepCase: true }).root.lookupType('ConnectDefault1');
  const message = type.decode(Buffer.from(base64, 'base64'));
  const plain = type.toObject(message, { longs: String, defaults: false, arrays: false });
  return printMessage(type, plain, '');
}

function printMessage(type: protobuf.Type, o: Record<string, unknown>, indent: string): string {
  let out = '';
  for (const field of [...type.fieldsArray].sort((a, b) => a.id - b.id)) {
    const value = o[field.name];
    if (value === undefined || value === null) continue;
    const values = field.repeated ? (value as unknown[]) : [value];
    for (const v of values) {
      field.resolve();
      if (field.resolvedType instanceof protobuf.Type) {
        out += `${indent}${field.name} {\n${printMessage(field.resolvedType, v as Record<string, unknown>, `${indent}  `)}${indent}}\n`;
      } else if (field.repeated || !isDefault(v)) {
        out += `${indent}${field.name}: ${scalarText(field.type, v)}\n`;
      }
    }
  }
  return out;
}

/** Proto3 scalars equal to their default are not printed (they are not on the wire either). */
const isDefault = (v: unknown): boolean => v === 0 || v === '0' || v === '' || v === false || (v instanceof Uint8Array && v.length === 0);

function scalarText(type: string, v: unknown): string {
  switch (type) {
    case 'string':
      return `"${escapeBytes(Buffer.from(String(v), 'utf8'))}"`;
    case 'bytes':
      return `"${escapeBytes(v as Uint8Array)}"`;
    case 'double':
    case 'float':
      return javaDouble(Number(v));
    default:
      return String(v);
  }
}

const ESCAPES: Readonly<Record<number, string>> = { 7: '\\a', 8: '\\b', 12: '\\f', 10: '\\n', 13: '\\r', 9: '\\t', 11: '\\v', 92: '\\\\', 39: "\\'", 34: '\\"' };

/** TextFormat.escapeBytes: printable ASCII as is, the usual escapes, anything else as octal. */
function escapeBytes(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) {
    const e = ESCAPES[b];
    if (e !== undefined) out += e;
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += `\\${b.toString(8).padStart(3, '0')}`;
  }
  return out;
}

/** Java's Double.toString for the values rows hold: `1.0`, `37.7877`, `1.0E10`. */
function javaDouble(d: number): string {
  if (!Number.isFinite(d)) return Number.isNaN(d) ? 'NaN' : d > 0 ? 'Infinity' : '-Infinity';
  const abs = Math.abs(d);
  if (abs === 0 || (abs >= 1e-3 && abs < 1e7)) return Number.isInteger(d) ? `${d}.0` : String(d);
  const [mantissa, exponent] = d.toExponential().split('e');
  return `${mantissa!.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}
