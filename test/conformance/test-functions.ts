import type { FunctionRegistry } from '../../functions/index.ts';
import { badUdf } from './test-functions/bad-udf.ts';
import { testUdf } from './test-functions/test-udf.ts';
import { testUdtf } from './test-functions/test-udtf.ts';
import { throwingUdtf } from './test-functions/throwing-udtf.ts';
import { toStruct } from './test-functions/to-struct.ts';

/**
 * Adds the functions ksqlDB's test harness registers on top of the built-ins (its test UDF
 * classes and the udf-example.jar extension), which the conformance vectors call. They never
 * belong in the product's default registry. The test UDAFs (TEST_UDAF, VAR_ARG, GENERIC_VAR_ARG,
 * MID_VAR_ARG, OBJ_COL_ARG) come with the aggregate library.
 */
export function registerTestFunctions(registry: FunctionRegistry): void {
  for (const f of [testUdf, badUdf, toStruct]) registry.registerScalar(f);
  for (const f of [testUdtf, throwingUdtf]) registry.registerTable(f);
}
