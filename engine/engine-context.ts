import type { FunctionRegistry } from '../functions/registry.ts';
import type { Log } from '../runtime/log/log.ts';
import type { ProcessingLog } from '../runtime/log/processing-log.ts';
import type { Metastore } from './metastore.ts';

/** What statement handlers share. */
export interface EngineContext {
  readonly log: Log;
  readonly metastore: Metastore;
  readonly registry: FunctionRegistry;
  readonly processingLog: ProcessingLog;
  readonly serviceId: string;
  /** Late records dropped so far by a running query's windows. */
  lateRecords(queryId: string): number;
}
