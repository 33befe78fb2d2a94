/**
 * The engine's headless start (`createEngine({ queries })`) on the embedded log, in process: the
 * file's queries get the same ids at every start, nothing goes to a command topic, and a file
 * that fails part-way starts none of its queries.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEngine } from '../../engine/engine.ts';
import { EmbeddedLog } from '../../runtime/log/embedded-log.ts';

const DEPLOY = `CREATE STREAM S (ID INT KEY, NAME STRING) WITH (KAFKA_TOPIC='s', PARTITIONS=1, VALUE_FORMAT='JSON');
SET 'auto.offset.reset' = 'earliest';
CREATE STREAM T AS SELECT ID, UCASE(NAME) AS UP FROM S;
CREATE STREAM U AS SELECT ID, NAME FROM S WHERE ID > 1;
`;
const GROUP = '_tributary_default__query_';

describe('headless start', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'tributary-headless-start-'));
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const inspect = async <T>(look: (log: EmbeddedLog) => Promise<T>): Promise<T> => {
    const log = await EmbeddedLog.open(path.join(dataDir, 'log'));
    try {
      return await look(log);
    } finally {
      await log.close();
    }
  };

  it('gives the queries the same ids at every start and writes no command topic', async () => {
    for (let start = 0; start < 2; start++) {
      const engine = await createEngine({ dataDir, queries: DEPLOY });
      const [queries] = await engine.execute('SHOW QUERIES;');
      expect((queries!['queries'] as { id: string }[]).map((q) => q.id).sort()).toEqual(['CSAS_T_0', 'CSAS_U_1']);
      await engine.close();
    }
    await inspect(async (log) => {
      expect(await log.describeTopic('_tributary_default__command_topic')).toBeUndefined();
      expect(await log.committedOffset(`${GROUP}CSAS_T_0`, 's', 0)).toBe(0);
      expect(await log.committedOffset(`${GROUP}CSAS_T_2`, 's', 0)).toBeUndefined();
    });
  });

  it('starts none of the queries when a later statement fails', async () => {
    const broken = `${DEPLOY}CREATE STREAM V AS SELECT NOPE FROM S;\n`;
    await expect(createEngine({ dataDir, queries: broken })).rejects.toThrow(/NOPE/);
    await inspect(async (log) => {
      // A started query commits its start position at once; these never started.
      expect(await log.committedOffset(`${GROUP}CSAS_T_0`, 's', 0)).toBeUndefined();
      expect(await log.committedOffset(`${GROUP}CSAS_U_1`, 's', 0)).toBeUndefined();
    });
  });

  it('creates the processing log topic but not its stream, as ksqlDB headless does', async () => {
    const engine = await createEngine({ dataDir, queries: DEPLOY, properties: { 'ksql.logging.processing.stream.auto.create': 'true' } });
    const [streams] = await engine.execute('SHOW STREAMS;');
    expect((streams!['streams'] as { name: string }[]).map((s) => s.name).sort()).toEqual(['S', 'T', 'U']);
    await engine.close();
    expect(await inspect((log) => log.describeTopic('default_ksql_processing_log'))).toBeDefined();
    expect(vi.mocked(console.error).mock.calls.flat().join('\n')).toMatch(/not supported in headless mode: the processing log goes to topic default_ksql_processing_log/);
  });
});
