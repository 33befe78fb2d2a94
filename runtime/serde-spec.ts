import type { Format } from '../plan/steps.ts';
import type { FormatSpec } from './serde/index.ts';

/** The serde factory's view of a plan format. */
export function formatSpec(format: Format): FormatSpec {
  const delimiter = format.properties['delimiter'];
  return { name: format.name, ...(delimiter !== undefined ? { delimiter } : {}) };
}
