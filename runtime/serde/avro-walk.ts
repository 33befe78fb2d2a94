import type { AvroObject, AvroSchema } from './avro-schema.ts';

const PRIMITIVES = new Set(['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string']);

/** A schema node with named references resolved: a primitive name, a union list or an object. */
export type ResolvedAvro = { readonly kind: 'primitive'; readonly name: string; readonly logical?: AvroObject }
  | { readonly kind: 'union'; readonly branches: readonly AvroSchema[] }
  | { readonly kind: 'object'; readonly node: AvroObject };

/** Named types (records, enums, fixed) of a schema by short and full name. */
export function namedTypes(schema: AvroSchema): Map<string, AvroObject> {
  const names = new Map<string, AvroObject>();
  const walk = (s: AvroSchema, ns: string | undefined): void => {
    if (typeof s === 'string') return;
    if (Array.isArray(s)) {
      for (const b of s as readonly AvroSchema[]) walk(b, ns);
      return;
    }
    const o = s as AvroObject;
    let inner = ns;
    if (typeof o['name'] === 'string' && (o.type === 'record' || o.type === 'enum' || o.type === 'fixed' || o.type === 'error')) {
      const name = o['name'];
      const space = typeof o['namespace'] === 'string' ? o['namespace'] : name.includes('.') ? undefined : ns;
      const full = name.includes('.') || !space ? name : `${space}.${name}`;
      names.set(full, o);
      names.set(full.slice(full.lastIndexOf('.') + 1), o);
      inner = full.includes('.') ? full.slice(0, full.lastIndexOf('.')) : ns;
    }
    if (typeof o.type !== 'string') walk(o.type, inner);
    if (Array.isArray(o['fields'])) for (const f of o['fields'] as AvroObject[]) walk(f.type, inner);
    if (o['items'] !== undefined) walk(o['items'] as AvroSchema, inner);
    if (o['values'] !== undefined) walk(o['values'] as AvroSchema, inner);
  };
  walk(schema, undefined);
  return names;
}

/** Follows named references and `{type: <primitive>}` wrappers down to one node. */
export function resolveAvro(s: AvroSchema, names: ReadonlyMap<string, AvroObject>): ResolvedAvro {
  if (Array.isArray(s)) return { kind: 'union', branches: s as readonly AvroSchema[] };
  if (typeof s === 'string') {
    if (PRIMITIVES.has(s)) return { kind: 'primitive', name: s };
    const named = names.get(s) ?? names.get(s.slice(s.lastIndexOf('.') + 1));
    return named ? { kind: 'object', node: named } : { kind: 'primitive', name: s };
  }
  const o = s as AvroObject;
  if (typeof o.type === 'string' && PRIMITIVES.has(o.type)) return { kind: 'primitive', name: o.type, logical: o };
  if (typeof o.type !== 'string' || !['record', 'error', 'enum', 'fixed', 'array', 'map'].includes(o.type)) {
    return resolveAvro(o.type, names);
  }
  return { kind: 'object', node: o };
}

/** The non-null branches of a union. */
export const nonNullBranches = (branches: readonly AvroSchema[]): AvroSchema[] =>
  branches.filter((b) => b !== 'null' && !(typeof b === 'object' && !Array.isArray(b) && (b as AvroObject).type === 'null'));

/** Record fields of a node, or undefined. */
export function recordFields(o: AvroObject): readonly AvroObject[] | undefined {
  return (o.type === 'record' || o.type === 'error') && Array.isArray(o['fields']) ? (o['fields'] as AvroObject[]) : undefined;
}

/** Finds a field by exact name, else case-insensitively. */
export function findByName<T>(items: readonly T[], nameOf: (t: T) => string, name: string): T | undefined {
  const upper = name.toUpperCase();
  return items.find((i) => nameOf(i) === name) ?? items.find((i) => nameOf(i).toUpperCase() === upper);
}
