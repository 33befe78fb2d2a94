import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EmbeddedLog } from '../runtime/log/embedded-log.ts';
import { AggEvents } from './agg-workload.ts';
const dir = mkdtempSync(path.join(tmpdir(), 'lb-'));
const log = await EmbeddedLog.open(dir);
await log.createTopic('e', { partitions: 1 });
const ev = AggEvents.generate(200_000, 10_000);
const t = performance.now();
for (let i = 0; i < ev.count; i += 5000) {
  const chunk = [];
  for (let j = i; j < i + 5000; j++) chunk.push(ev.record(j));
  const t1 = performance.now();
  await log.append('e', 0, chunk);
  if (i % 50000 === 0) console.log('chunk', (performance.now() - t1).toFixed(1), 'ms');
}
console.log('append us/rec', ((performance.now() - t) * 1000 / ev.count).toFixed(2));
await log.close();
