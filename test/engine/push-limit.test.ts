/**
 * `ksql.max.push.queries`: a server runs at most that many push queries at once and refuses the
 * next with ksqlDB's error (code 40003, HTTP 400); closing one frees its place. Pull queries do
 * not count.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { PushQueryLimitError } from '../../common/errors.ts';
import { createEngine, type TributaryEngine } from '../../engine/engine.ts';

let engine: TributaryEngine | undefined;
let dir = '';
afterEach(async () => {
  await engine?.close();
  engine = undefined;
  rmSync(dir, { recursive: true, force: true });
});

it('refuses a push query past the limit until one closes', async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'tributary-push-limit-'));
  engine = await createEngine({ dataDir: dir, properties: { 'ksql.max.push.queries': '2' } });
  await engine.execute("CREATE STREAM S (K STRING KEY, V INT) WITH (KAFKA_TOPIC='s', PARTITIONS=1, VALUE_FORMAT='JSON');");
  const first = await engine.query('SELECT * FROM S EMIT CHANGES;');
  const second = await engine.query('SELECT * FROM S EMIT CHANGES;');
  const refused = await engine.query('SELECT * FROM S EMIT CHANGES;').catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(PushQueryLimitError);
  const error = refused as PushQueryLimitError;
  expect([error.status, error.errorCode]).toEqual([400, 40003]);
  expect(error.message).toContain('Current push query count: 2. Configured limit: 2.');

  const pull = await engine.query('SELECT * FROM S;');
  await pull.close();
  await first.close();
  await first.close();
  const third = await engine.query('SELECT * FROM S EMIT CHANGES;');
  await expect(engine.query('SELECT * FROM S EMIT CHANGES;')).rejects.toBeInstanceOf(PushQueryLimitError);
  await Promise.all([second.close(), third.close()]);
});
