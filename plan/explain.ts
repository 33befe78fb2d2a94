/** EXPLAIN text: the physical plan as an indented tree, one step a line, with its output schema. */
import { formatSchema } from '../common/schema.ts';
import type { Step } from './steps.ts';
import { childrenOf } from './steps.ts';

export function explainStep(step: Step, depth = 0): string {
  const pad = ' '.repeat(depth * 2);
  const schema = formatSchema({ columns: [...step.schema.key, ...step.schema.value] });
  const detail = 'topic' in step ? ` topic=${step.topic}` : 'topics' in step ? ` topics=${step.topics.map((t) => t.name).join(',')}` : '';
  const line = `${pad}> [ ${step.kind} ] id=${step.id}${detail} | schema: ${schema}`;
  return [line, ...childrenOf(step).map((c) => explainStep(c, depth + 1))].join('\n');
}
