import type { MaterializedTable } from '../runtime/operators/table-materialize.ts';
import type { FunctionRegistry } from '../functions/registry.ts';
import type { Log } from '../runtime/log/log.ts';
import type { ProcessingLog } from '../runtime/log/processing-log.ts';
import type { SchemaRegistry } from '../runtime/serde/index.ts';
import type { Metastore } from './metastore.ts';

/** What statement handlers share. */
export interface EngineContext {
  readonly log: Log;
  readonly metastore: Metastore;
  readonly registry: FunctionRegistry;
  readonly processingLog: ProcessingLog;
  readonly serviceId: string;
  /** The schema registry of AVRO / PROTOBUF / JSON_SR topics. */
  readonly schemaRegistry?: SchemaRegistry;
  /** Late records dropped so far by a running query's windows. */
  lateRecords(queryId: string): number;
  /** A running table query's result stores (pull queries); none when it runs elsewhere or not at all. */
  materialized?(queryId: string): readonly MaterializedTable[];
}
