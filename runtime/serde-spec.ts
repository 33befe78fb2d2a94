import type { Format } from '../plan/steps.ts';
import type { FormatSpec } from './serde/index.ts';

/** The serde factory's view of a plan format. */
export function formatSpec(format: Format): FormatSpec {
  const p = format.properties;
  const pick = (k: 'delimiter' | 'fullSchemaName' | 'schemaId' | 'nullableRepresentation'): Partial<FormatSpec> =>
    p[k] === undefined ? {} : { [k]: p[k] };
  return { name: format.name, ...pick('delimiter'), ...pick('fullSchemaName'), ...pick('schemaId'), ...pick('nullableRepresentation') };
}
