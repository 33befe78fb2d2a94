import protobuf from 'protobufjs';
import { AnalysisError } from '../../common/errors.ts';
import { EXTRA_PROTO_FILES } from './protobuf-schema.ts';
import type { SchemaReference, SchemaRegistry } from './schema-registry.ts';

/** A parsed `.proto` file: its top-level messages in declaration order (message index 0, 1, …). */
export interface ProtoFile {
  readonly messages: readonly protobuf.Type[];
  /** Finds a message by message-index path (Confluent framing). */
  byIndexes(indexes: readonly number[]): protobuf.Type;
  /** Finds a top-level or nested message by (full or simple) name. */
  byName(name: string): protobuf.Type | undefined;
}

/**
 * Parses a schema with protobufjs, field names as written. Imports come from protobufjs's bundled
 * Google types, the Confluent/Google types ksqlDB uses, or the schema's registry references.
 */
export function loadProto(text: string, references: readonly SchemaReference[] = [], registry?: SchemaRegistry): ProtoFile {
  const root = new protobuf.Root();
  let parsed: protobuf.IParserResult;
  try {
    parsed = protobuf.parse(text, root, { keepCase: true });
  } catch (e) {
    throw new AnalysisError(`Failed to parse Protobuf schema: ${e instanceof Error ? e.message : String(e)}`);
  }
  const ns = parsed.package ? root.lookup(parsed.package) : root;
  const messages = ns instanceof protobuf.Namespace ? ns.nestedArray.filter((n): n is protobuf.Type => n instanceof protobuf.Type) : [];
  const loaded = new Set<string>();
  const addImport = (name: string): void => {
    if (loaded.has(name)) return;
    loaded.add(name);
    const common = protobuf.common.get(name);
    if (common) {
      root.addJSON(common.nested ?? {});
      return;
    }
    const ref = references.find((r) => r.name === name);
    const source = EXTRA_PROTO_FILES[name] ?? (ref && registry ? registry.version(ref.subject, ref.version)?.schema : undefined);
    if (source === undefined) throw new AnalysisError(`Protobuf import not found: ${name}`);
    const dep = protobuf.parse(source, root, { keepCase: true });
    for (const next of [...(dep.imports ?? []), ...(dep.weakImports ?? [])]) addImport(next);
  };
  try {
    for (const name of [...(parsed.imports ?? []), ...(parsed.weakImports ?? [])]) addImport(name);
    root.resolveAll();
  } catch (e) {
    if (e instanceof AnalysisError) throw e;
    throw new AnalysisError(`Invalid Protobuf schema: ${e instanceof Error ? e.message : String(e)}`);
  }
  return {
    messages,
    byIndexes(indexes) {
      let type = messages[indexes[0] ?? 0];
      for (const i of indexes.slice(1)) type = type?.nestedArray.filter((n): n is protobuf.Type => n instanceof protobuf.Type)[i];
      if (!type) throw new AnalysisError(`No Protobuf message at index path [${indexes.join(', ')}]`);
      return type;
    },
    byName(name) {
      const found = root.lookup(name) ?? messages.find((m) => m.name === name);
      return found instanceof protobuf.Type ? found : undefined;
    },
  };
}

/** The message-index path of a message within its file. */
export function indexesOf(file: ProtoFile, type: protobuf.Type): number[] {
  const path: number[] = [];
  let t: protobuf.ReflectionObject | null = type;
  while (t instanceof protobuf.Type) {
    const parent: protobuf.Namespace | null = t.parent;
    const top = file.messages.indexOf(t);
    if (top >= 0) return [top, ...path];
    if (!parent) break;
    path.unshift(parent.nestedArray.filter((n) => n instanceof protobuf.Type).indexOf(t));
    t = parent;
  }
  return [0];
}
