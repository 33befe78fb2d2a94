/**
 * Tasks of a persistent query (engine/task-layout.ts, engine/live-host.ts): which plans split into
 * one task per partition, and two hosts over one log (two servers of a service) splitting the
 * tasks of a GROUP BY, then one taking over the other's tasks, its state restored from the
 * changelog partitions the other wrote.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KsqlEngine } from '../../engine/ksql-engine.ts';
import { LiveQueryHost } from '../../engine/live-host.ts';
import { taskOwner } from '../../engine/membership.ts';
import { createDefaultRegistry } from '../../functions/index.ts';
import { MemoryLog } from '../../runtime/log/memory-log.ts';
import { DefaultProcessingLog } from '../../runtime/log/processing-log.ts';

const PARTITIONS = 4;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Server {
  readonly engine: KsqlEngine;
  readonly host: LiveQueryHost;
  /** Where the host keeps each task's state. */
  readonly dir: string;
}

function server(log: MemoryLog, name: string): Server {
  const dir = mkdtempSync(path.join(tmpdir(), `tributary-tasks-${name}-`));
  const registry = createDefaultRegistry();
  const processingLog = new DefaultProcessingLog();
  const host = new LiveQueryHost(log, registry, processingLog, 'svc_query_', undefined, { dir, serviceId: 'svc_' });
  const engine = new KsqlEngine({ log, registry, processingLog, serviceId: 'svc_', host });
  cleanups.push(async () => {
    await host.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { engine, host, dir };
}

async function run(s: Server, sql: string): Promise<string | undefined> {
  const entities = await s.engine.executeScript(sql, s.engine.newSession({ properties: { 'auto.offset.reset': 'earliest' } }));
  return (entities.at(-1)?.['commandStatus'] as { queryId?: string } | undefined)?.queryId;
}

const DDL = [
  `CREATE STREAM S (K STRING KEY, G STRING, V INT) WITH (KAFKA_TOPIC='s', PARTITIONS=${PARTITIONS}, VALUE_FORMAT='JSON');`,
  `CREATE TABLE T (K STRING PRIMARY KEY, NAME STRING) WITH (KAFKA_TOPIC='t', PARTITIONS=${PARTITIONS}, VALUE_FORMAT='JSON');`,
].join('\n');

describe('task layout', () => {
  it.each([
    { what: 'a projection', statement: 'CREATE STREAM P AS SELECT K, V FROM S;', tasks: PARTITIONS },
    { what: 'a filter', statement: 'CREATE STREAM F AS SELECT * FROM S WHERE V > 0;', tasks: PARTITIONS },
    { what: 'GROUP BY the key', statement: 'CREATE TABLE C AS SELECT K, COUNT(*) AS N FROM S GROUP BY K;', tasks: PARTITIONS },
    { what: 'a windowed GROUP BY the key', statement: 'CREATE TABLE W AS SELECT K, COUNT(*) AS N FROM S WINDOW TUMBLING (SIZE 1 MINUTE) GROUP BY K;', tasks: PARTITIONS },
    { what: 'a stream-table join on the key', statement: 'CREATE STREAM J AS SELECT S.K, V, NAME FROM S JOIN T ON S.K = T.K;', tasks: PARTITIONS },
    { what: 'GROUP BY a value column', statement: 'CREATE TABLE G AS SELECT G, COUNT(*) AS N FROM S GROUP BY G;', tasks: 1 },
    { what: 'PARTITION BY', statement: 'CREATE STREAM R AS SELECT * FROM S PARTITION BY G;', tasks: 1 },
    { what: 'a join that re-keys the stream', statement: 'CREATE STREAM J2 AS SELECT S.G, V, NAME FROM S JOIN T ON S.G = T.K;', tasks: 1 },
  ])('$what runs as $tasks task(s)', async ({ statement, tasks }) => {
    const s = server(new MemoryLog(), 'layout');
    await run(s, DDL);
    const queryId = await run(s, statement);
    expect(s.host.layout(queryId!)).toEqual({ tasks, perPartition: tasks > 1 });
  });

  it('spreads the tasks of a query over the members, each task to one member', () => {
    for (const members of [1, 2, 3, 5]) {
      const owners = Array.from({ length: 6 }, (_, t) => taskOwner('CTAS_X_1', t, members));
      expect(owners.every((o) => o >= 0 && o < members)).toBe(true);
      expect(new Set(owners).size).toBe(Math.min(members, 6));
    }
  });
});

describe('tasks split between two servers', () => {
  it('counts per key across both, and one server takes over the other’s tasks with their state', async () => {
    const log = new MemoryLog();
    const a = server(log, 'a');
    const b = server(log, 'b');
    await run(a, DDL);
    await run(b, DDL);
    const even = { owns: (_q: string, t: number) => t % 2 === 0 };
    const odd = { owns: (_q: string, t: number) => t % 2 === 1 };
    a.host.assign(even);
    b.host.assign(odd);
    const queryId = (await run(a, "CREATE TABLE C WITH (KAFKA_TOPIC='c') AS SELECT K, COUNT(*) AS N, SUM(V) AS T FROM S GROUP BY K;"))!;
    expect(await run(b, "CREATE TABLE C WITH (KAFKA_TOPIC='c') AS SELECT K, COUNT(*) AS N, SUM(V) AS T FROM S GROUP BY K;")).toBe(queryId);
    expect(a.host.runningTasks(queryId)).toEqual([0, 2]);
    expect(b.host.runningTasks(queryId)).toEqual([1, 3]);

    const keys = Array.from({ length: 40 }, (_, i) => `key${i}`);
    const produce = async (round: number): Promise<void> => {
      const values = keys.map((k, i) => `INSERT INTO S (K, G, V) VALUES ('${k}', 'g', ${round * 100 + i});`).join('\n');
      await run(a, values);
    };
    await produce(1);
    await produce(2);
    const expected = (rounds: number[]): Map<string, string> =>
      new Map(keys.map((k, i) => [k, JSON.stringify({ N: rounds.length, T: rounds.reduce((sum, r) => sum + r * 100 + i, 0) })]));
    await expect.poll(() => latest(log, 'c'), { timeout: 10_000 }).toEqual(expected([1, 2]));
    // Each server kept the state of its own tasks only.
    const taskDirs = (s: Server): string[] => readdirSync(path.join(s.dir, `state-${queryId}`)).sort();
    expect(taskDirs(a)).toEqual(['task-0', 'task-2']);
    expect(taskDirs(b)).toEqual(['task-1', 'task-3']);

    // Server a leaves: every member stops its tasks, then b is given all of them.
    await a.host.revokeAll();
    await b.host.revokeAll();
    b.host.assign({ owns: () => true });
    expect(b.host.runningTasks(queryId)).toEqual([0, 1, 2, 3]);
    await produce(3);
    await expect.poll(() => latest(log, 'c'), { timeout: 10_000 }).toEqual(expected([1, 2, 3]));
    // b rebuilt a's tasks from their changelog partitions, in state directories of its own.
    expect(taskDirs(b)).toEqual(['task-0', 'task-1', 'task-2', 'task-3']);
  });
});

/** The latest value per key of a JSON-valued table topic. */
async function latest(log: MemoryLog, topic: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const partitions = (await log.describeTopic(topic))?.partitions ?? 0;
  for (let p = 0; p < partitions; p++) {
    for (const r of await log.fetch(topic, p, 0, 100_000)) {
      out.set(Buffer.from(r.key!).toString('utf8'), Buffer.from(r.value!).toString('utf8'));
    }
  }
  return new Map([...out].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
}
