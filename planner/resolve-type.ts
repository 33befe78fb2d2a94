import { AnalysisError, assertNever } from '../common/errors.ts';
import { array, decimal, map, struct, type SqlType } from '../common/types.ts';
import type { TypeNode } from '../parser/ast.ts';
import type { Catalog } from './catalog.ts';

/** Turns a parsed type into a SqlType, looking custom type names up in the catalog. */
export function resolveTypeNode(catalog: Catalog): (node: TypeNode) => SqlType {
  const resolve = (node: TypeNode): SqlType => {
    switch (node.kind) {
      case 'PrimitiveType':
        return { kind: node.name };
      case 'DecimalType':
        if (node.precision < 1 || node.scale < 0 || node.scale > node.precision) {
          throw new AnalysisError(`DECIMAL precision must be at least 1 and scale between 0 and the precision: DECIMAL(${node.precision}, ${node.scale})`, node.span);
        }
        return decimal(node.precision, node.scale);
      case 'ArrayType':
        return array(resolve(node.element));
      case 'MapType':
        return map(resolve(node.key), resolve(node.value));
      case 'StructType':
        return struct(node.fields.map((f) => ({ name: f.name, type: resolve(f.type) })));
      case 'CustomType': {
        const t = catalog.customType(node.name);
        if (!t) throw new AnalysisError(`Unknown type: ${node.name}`, node.span);
        return t;
      }
      default:
        return assertNever(node, 'type');
    }
  };
  return resolve;
}
