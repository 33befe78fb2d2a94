/** What the planner needs to know about the world: sources and custom types. The engine's metastore implements it. */
import type { LogicalSchema } from '../common/schema.ts';
import type { SqlType } from '../common/types.ts';
import type { Formats } from '../plan/steps.ts';

export interface SourceDefinition {
  readonly name: string;
  readonly sourceType: 'STREAM' | 'TABLE';
  readonly schema: LogicalSchema;
  readonly topic: string;
  readonly formats: Formats;
  /** The value column that supplies ROWTIME, when `TIMESTAMP` is set. */
  readonly timestampColumn?: string;
  readonly timestampFormat?: string;
  readonly window?: { readonly type: 'TUMBLING' | 'HOPPING' | 'SESSION'; readonly sizeMs?: number; readonly advanceMs?: number };
  /**
   * An explicit watermark (`WATERMARK FOR col AS col - INTERVAL ...`): the watermark trails the
   * largest event time by this much, and windows close when it passes their end.
   */
  readonly watermarkDelayMs?: number;
  /** `CREATE SOURCE ...`: read-only. */
  readonly isSource: boolean;
  /** The topic's partition count when the source was registered (joins check co-partitioning). */
  readonly partitions?: number;
}

export interface Catalog {
  source(name: string): SourceDefinition | undefined;
  customType(name: string): SqlType | undefined;
}
