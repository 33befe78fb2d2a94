import type { FunctionRegistry } from '../../functions/index.ts';
import { badUdf } from './test-functions/bad-udf.ts';
import { testUdf } from './test-functions/test-udf.ts';
import { testUdtf } from './test-functions/test-udtf.ts';
import { throwingUdtf } from './test-functions/throwing-udtf.ts';
import { toStruct } from './test-functions/to-struct.ts';
import { genericVarArgUdaf, objColArgUdaf } from './test-functions/generic-var-arg-udaf.ts';
import { midVarArgUdaf, varArgUdaf } from './test-functions/var-arg-udaf.ts';
import { testUdaf } from './test-functions/test-udaf.ts';

/**
 * Adds the functions ksqlDB's test harness registers on top of the built-ins (its test UDF
 * classes and the udf-example.jar extension), which the conformance vectors call. They never
 * belong in the product's default registry. Behaviour follows ksqlDB's test UDAF classes
 * (TEST_UDAF, VAR_ARG, GENERIC_VAR_ARG, MID_VAR_ARG, OBJ_COL_ARG) as the vectors exercise them.
 */
export function registerTestFunctions(registry: FunctionRegistry): void {
  for (const f of [testUdf, badUdf, toStruct]) registry.registerScalar(f);
  for (const f of [testUdtf, throwingUdtf]) registry.registerTable(f);
  for (const f of [testUdaf, varArgUdaf, midVarArgUdaf, genericVarArgUdaf, objColArgUdaf]) registry.registerAggregate(f);
}
