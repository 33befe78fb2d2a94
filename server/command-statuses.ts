import type { EngineApi, KsqlEntity } from '../engine/api.ts';

/** ksqlDB's CommandStatus: where a distributed statement (CREATE, DROP, TERMINATE, ...) got to. */
export interface CommandStatus {
  readonly status: string;
  readonly message: string;
  readonly queryId: string | null;
}

/**
 * The statuses behind `GET /status`, keyed by commandId (``stream/`S`/create``), taken from the
 * `currentStatus` entities of the statements this server ran since it started. Unlike ksqlDB,
 * they are not rebuilt from the command topic on restart.
 */
export class CommandStatuses {
  private readonly byId = new Map<string, CommandStatus>();

  record(entities: readonly KsqlEntity[]): void {
    for (const entity of entities) {
      const status = entity['commandStatus'] as CommandStatus | undefined;
      if (entity['@type'] === 'currentStatus' && typeof entity['commandId'] === 'string' && status) {
        this.byId.set(entity['commandId'], { status: status.status, message: status.message, queryId: status.queryId ?? null });
      }
    }
  }

  get(commandId: string): CommandStatus | undefined {
    return this.byId.get(commandId);
  }

  all(): Record<string, string> {
    return Object.fromEntries([...this.byId].map(([id, s]) => [id, s.status]));
  }
}

/** The engine as the routes see it, with every executed statement's status recorded. */
export function recordingStatuses(engine: EngineApi, statuses: CommandStatuses): EngineApi {
  const execute: EngineApi['execute'] = async (sql, options) => {
    try {
      const entities = await engine.execute(sql, options);
      statuses.record(entities);
      return entities;
    } catch (err) {
      // The statements before the failing one did run.
      const before: unknown = (err as { entities?: unknown } | null)?.entities;
      if (Array.isArray(before)) statuses.record(before as KsqlEntity[]);
      throw err;
    }
  };
  return new Proxy(engine, {
    get(target, key) {
      if (key === 'execute') return execute;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
