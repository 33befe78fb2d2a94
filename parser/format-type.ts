/** Renders types as ksqlDB prints them: `BIGINT`, `DECIMAL(4, 2)`, `STRUCT<\`F\` STRING>`. */
import { assertNever } from '../common/errors.ts';
import type { TypeNode } from './ast.ts';

export function formatType(t: TypeNode): string {
  switch (t.kind) {
    case 'PrimitiveType':
      return t.name;
    case 'DecimalType':
      return `DECIMAL(${t.precision}, ${t.scale})`;
    case 'ArrayType':
      return `ARRAY<${formatType(t.element)}>`;
    case 'MapType':
      return `MAP<${formatType(t.key)}, ${formatType(t.value)}>`;
    case 'StructType':
      return `STRUCT<${t.fields.map((f) => `\`${f.name.replace(/`/g, '``')}\` ${formatType(f.type)}`).join(', ')}>`;
    case 'CustomType':
      return t.name;
    default:
      return assertNever(t, 'type node');
  }
}
