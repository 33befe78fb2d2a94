/** The catalogue: streams, tables, custom types and the queries that read and write them. */
import type { SqlType } from '../common/types.ts';
import type { Catalog, SourceDefinition } from '../planner/catalog.ts';
import type { QueryPlan } from '../plan/steps.ts';

export interface DataSource extends SourceDefinition {
  /** The statement that created it, for DESCRIBE. */
  readonly statementText: string;
}

export interface PersistentQueryInfo {
  readonly id: string;
  readonly statementText: string;
  readonly sinkName: string;
  readonly sinkTopic: string;
  readonly sourceNames: readonly string[];
  readonly plan: QueryPlan;
  state: 'RUNNING' | 'PAUSED' | 'ERROR';
}

export class Metastore implements Catalog {
  private readonly sources = new Map<string, DataSource>();
  private readonly types = new Map<string, SqlType>();
  readonly queries = new Map<string, PersistentQueryInfo>();

  source(name: string): DataSource | undefined {
    return this.sources.get(name);
  }

  customType(name: string): SqlType | undefined {
    return this.types.get(name);
  }

  allSources(): DataSource[] {
    return [...this.sources.values()];
  }

  putSource(source: DataSource): void {
    this.sources.set(source.name, source);
  }

  deleteSource(name: string): void {
    this.sources.delete(name);
  }

  allTypes(): [string, SqlType][] {
    return [...this.types.entries()];
  }

  putType(name: string, type: SqlType): void {
    this.types.set(name, type);
  }

  deleteType(name: string): boolean {
    return this.types.delete(name);
  }

  /** Queries reading (`reads`) or writing (`writes`) a source. */
  queriesOf(name: string): { reads: PersistentQueryInfo[]; writes: PersistentQueryInfo[] } {
    const all = [...this.queries.values()];
    return {
      reads: all.filter((q) => q.sourceNames.includes(name)),
      writes: all.filter((q) => q.sinkName === name),
    };
  }
}
