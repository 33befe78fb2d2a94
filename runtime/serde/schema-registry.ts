import { ExecutionError } from '../../common/errors.ts';

/** The schema languages a Confluent schema registry stores. */
export type SchemaType = 'AVRO' | 'PROTOBUF' | 'JSON';

/** A reference from a schema to another registered schema (Protobuf imports). */
export interface SchemaReference {
  readonly name: string;
  readonly subject: string;
  readonly version: number;
}

/** A schema as registered: its language and its text (Avro / JSON Schema as JSON text, Protobuf as `.proto`). */
export interface RegistrySchema {
  readonly schemaType: SchemaType;
  readonly schema: string;
  readonly references?: readonly SchemaReference[];
}

export interface RegisteredSchema extends RegistrySchema {
  readonly id: number;
  readonly subject: string;
  readonly version: number;
}

/**
 * A Confluent-style schema registry: subjects (`<topic>-key`, `<topic>-value`) hold versions of
 * schemas; each distinct schema gets one global id. One registry serves one engine.
 */
export interface SchemaRegistry {
  /** Registers under `subject`; an identical schema keeps its id. `id` forces a fixed id (test setup). */
  register(subject: string, schema: RegistrySchema, id?: number): number;
  latest(subject: string): RegisteredSchema | undefined;
  version(subject: string, version: number): RegisteredSchema | undefined;
  byId(id: number): RegistrySchema | undefined;
  subjects(): readonly string[];
}

export const keySubject = (topic: string): string => `${topic}-key`;
export const valueSubject = (topic: string): string => `${topic}-value`;
export const subjectFor = (topic: string, isKey: boolean): string => (isKey ? keySubject(topic) : valueSubject(topic));

const identity = (s: RegistrySchema): string => `${s.schemaType}\u0000${s.schema}\u0000${JSON.stringify(s.references ?? [])}`;

export class InMemorySchemaRegistry implements SchemaRegistry {
  private readonly ids = new Map<number, RegistrySchema>();
  private readonly idOf = new Map<string, number>();
  private readonly versions = new Map<string, RegisteredSchema[]>();
  private nextId = 1;

  register(subject: string, schema: RegistrySchema, id?: number): number {
    const key = identity(schema);
    const existing = id ?? this.idOf.get(key);
    const schemaId = existing ?? this.allocate();
    if (id !== undefined) {
      const taken = this.ids.get(id);
      if (taken && identity(taken) !== key) throw new ExecutionError(`Schema id ${id} is already registered with a different schema`);
    }
    this.ids.set(schemaId, schema);
    if (!this.idOf.has(key)) this.idOf.set(key, schemaId);
    let list = this.versions.get(subject);
    if (!list) this.versions.set(subject, (list = []));
    const found = list.find((v) => v.id === schemaId);
    if (found) return schemaId;
    list.push({ ...schema, id: schemaId, subject, version: list.length + 1 });
    return schemaId;
  }

  private allocate(): number {
    while (this.ids.has(this.nextId)) this.nextId++;
    return this.nextId++;
  }

  latest(subject: string): RegisteredSchema | undefined {
    const list = this.versions.get(subject);
    return list?.[list.length - 1];
  }

  version(subject: string, version: number): RegisteredSchema | undefined {
    return this.versions.get(subject)?.find((v) => v.version === version);
  }

  byId(id: number): RegistrySchema | undefined {
    return this.ids.get(id);
  }

  subjects(): readonly string[] {
    return [...this.versions.keys()];
  }
}

let fallback: SchemaRegistry | undefined;

/**
 * The registry used when a caller does not pass one (embedders that construct serdes directly).
 * Engines and the conformance session pass their own.
 */
export function defaultSchemaRegistry(): SchemaRegistry {
  return (fallback ??= new InMemorySchemaRegistry());
}
