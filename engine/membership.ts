/**
 * Servers that share a `ksql.service.id` over Kafka find each other through a Kafka consumer
 * group (`_tributary_<service id>_members`), as Kafka Streams instances of one application do, and
 * split every persistent query's tasks between them (`taskOwner`).
 *
 * The protocol is the classic group protocol with eager rebalancing: each server joins with its
 * REST address as metadata; the group leader hands every member the same sorted list of members;
 * a member then owns the tasks `taskOwner` gives its position in that list. When the group
 * changes (a server joins, leaves or stops heart-beating for `sessionTimeoutMs`), the coordinator
 * answers the next heartbeat with REBALANCE_IN_PROGRESS; every member then stops all its tasks
 * (committing what they processed) before it joins again, so no task ever runs in two places
 * within one generation. A task's state is its changelog partition, so a task that moves is
 * restored from the changelog on its new server.
 */
import type { WireGroupBroker } from '../runtime/log/kafka-wire.ts';
import { errorMessage } from '../runtime/log/processing-log.ts';
import { kafkaErrorType } from '../runtime/log/kafka-log.ts';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Member {
  readonly memberId: string;
  /** The member's REST address, as it announced it (`http://host:port`). */
  readonly url: string;
}

/** The group as one member sees it after a rebalance. */
export interface MemberView {
  readonly generation: number;
  readonly memberId: string;
  /** Every member, sorted by member id; the same list on every member of a generation. */
  readonly members: readonly Member[];
  /** This member's position in `members`. */
  readonly index: number;
}

export interface MembershipOptions {
  readonly groupBroker: (group: string) => Promise<WireGroupBroker>;
  readonly group: string;
  /** Announced to the other members, for forwarding requests; `announce` changes it. */
  readonly url: string;
  readonly sessionTimeoutMs: number;
  readonly heartbeatMs: number;
  /** Stop every task and commit what it processed; called before rejoining the group. */
  readonly onRevoke: () => Promise<void>;
  /** Start the tasks this member owns in `view`. */
  readonly onAssign: (view: MemberView) => Promise<void>;
  readonly warn: (line: string) => void;
}

const PROTOCOL_TYPE = 'tributary';
const PROTOCOL = 'tributary-tasks-v1';
const RETRY_MS = 1_000;

export class GroupMembership {
  private memberId = '';
  private current: MemberView | undefined;
  private readonly abort = new AbortController();
  private loop: Promise<void> = Promise.resolve();
  private url: string;
  /** Set when this member must join again (its announced address changed). */
  private rejoin = false;
  private assigned!: () => void;
  /** Resolves at the first assignment. */
  readonly ready: Promise<void> = new Promise((resolve) => (this.assigned = resolve));

  constructor(private readonly options: MembershipOptions) {
    this.url = options.url;
  }

  /**
   * Announces another REST address (known once the server listens, e.g. on port 0): the member
   * joins the group again so the others learn it, which rebalances the group once.
   */
  announce(url: string): void {
    if (url === this.url) return;
    this.url = url;
    this.rejoin = true;
  }

  get view(): MemberView | undefined {
    return this.current;
  }

  start(): void {
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    const { options } = this;
    const signal = this.abort.signal;
    while (!signal.aborted) {
      try {
        const broker = await options.groupBroker(options.group);
        const view = await this.join(broker);
        if (signal.aborted) break;
        this.current = view;
        await options.onAssign(view);
        this.assigned();
        await this.heartbeat(broker, view);
      } catch (e) {
        if (signal.aborted) break;
        const type = kafkaErrorType(e);
        if (type === 'UNKNOWN_MEMBER_ID') this.memberId = '';
        // The group moving on is the protocol at work: join again at once. Anything else waits a little.
        if (type === 'REBALANCE_IN_PROGRESS' || type === 'ILLEGAL_GENERATION' || type === 'UNKNOWN_MEMBER_ID') continue;
        options.warn(`Server group ${options.group}: ${errorMessage(e)}; joining again.`);
        await pause(RETRY_MS, signal);
      } finally {
        this.current = undefined;
        // Eager rebalancing: nothing of the old generation keeps running while the group re-forms.
        await options.onRevoke().catch((e: unknown) => options.warn(`Server group ${options.group}: stopping tasks failed: ${errorMessage(e)}`));
      }
    }
    if (this.memberId !== '') {
      await options
        .groupBroker(options.group)
        .then((b) => b.leaveGroup({ groupId: options.group, memberId: this.memberId }))
        .catch(() => undefined);
    }
  }

  private async join(broker: WireGroupBroker): Promise<MemberView> {
    const { options } = this;
    const joined = await broker.joinGroup({
      groupId: options.group,
      sessionTimeout: options.sessionTimeoutMs,
      rebalanceTimeout: Math.max(options.sessionTimeoutMs, 20_000),
      memberId: this.memberId,
      protocolType: PROTOCOL_TYPE,
      groupProtocols: [{ name: PROTOCOL, metadata: Buffer.from(JSON.stringify({ url: this.url }), 'utf8') }],
    });
    this.memberId = joined.memberId;
    this.rejoin = false;
    const groupAssignment: { memberId: string; memberAssignment: Buffer }[] = [];
    if (joined.leaderId === joined.memberId) {
      const members = joined.members.map((m) => ({ memberId: m.memberId, url: announcedUrl(m.memberMetadata) })).sort((a, b) => (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0));
      const payload = Buffer.from(JSON.stringify({ members }), 'utf8');
      for (const m of members) groupAssignment.push({ memberId: m.memberId, memberAssignment: payload });
    }
    const synced = await broker.syncGroup({ groupId: options.group, generationId: joined.generationId, memberId: joined.memberId, groupAssignment });
    const members = (JSON.parse(synced.memberAssignment.toString('utf8')) as { members: Member[] }).members;
    const index = members.findIndex((m) => m.memberId === joined.memberId);
    if (index < 0) throw new Error(`the group leader's assignment does not list this server (${joined.memberId})`);
    return { generation: joined.generationId, memberId: joined.memberId, members, index };
  }

  /** Beats until the group rebalances, this member is dropped, or the coordinator is unreachable for a session. */
  private async heartbeat(broker: WireGroupBroker, view: MemberView): Promise<void> {
    const { options } = this;
    const signal = this.abort.signal;
    let lastOk = Date.now();
    while (!signal.aborted) {
      await pause(options.heartbeatMs, signal);
      if (signal.aborted) return;
      if (this.rejoin) return;
      try {
        await broker.heartbeat({ groupId: options.group, groupGenerationId: view.generation, memberId: view.memberId });
        lastOk = Date.now();
      } catch (e) {
        const type = kafkaErrorType(e);
        if (type === 'REBALANCE_IN_PROGRESS' || type === 'ILLEGAL_GENERATION' || type === 'UNKNOWN_MEMBER_ID' || type === 'FENCED_INSTANCE_ID') throw e;
        // The coordinator may be moving; past a session the group has given our tasks away.
        if (Date.now() - lastOk >= options.sessionTimeoutMs) throw e;
      }
    }
  }

  /** Leaves the group (its tasks stopped first), so the others take them over without waiting a session. */
  async close(): Promise<void> {
    this.abort.abort();
    await this.loop;
  }
}

function announcedUrl(metadata: Buffer): string {
  try {
    const url = (JSON.parse(metadata.toString('utf8')) as { url?: unknown }).url;
    return typeof url === 'string' ? url : '';
  } catch {
    return '';
  }
}

/**
 * The member that owns task `task` of query `queryId` among `memberCount` members: the tasks of a
 * query go round the members starting at a place its id picks, so many small queries spread too.
 */
export function taskOwner(queryId: string, task: number, memberCount: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < queryId.length; i++) {
    h ^= queryId.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return (h + task) % memberCount;
}

/** Resolves after `ms`, or at once when `signal` aborts. */
const pause = (ms: number, signal: AbortSignal): Promise<void> => sleep(ms, undefined, { signal }).catch(() => undefined);
