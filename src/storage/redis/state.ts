// Programme changes, overrides, acknowledgements, audit, once-markers and the outbox on Redis, shared by every
// bot process on the same server: a change, its override, its audit entry and its notices go in one Lua script.
import { randomBytes } from "node:crypto";
import type { Overrides, ScheduleChange } from "../../domain/changes.ts";
import { ERASED_JSON, type BatchReport, type NewNotice, type Notice, type NoticeStatus, type Outbox } from "../../delivery/outbox.ts";
import type { AuditEntry, CommitOptions, StateStore } from "../state.ts";
import type { RedisClient, Reply } from "./client.ts";
import * as lua from "./outbox-lua.ts";

const noticeArgs = (notices: NewNotice[]): string[] =>
  notices.flatMap((n) => [n.key, String(n.chatId), n.userId === undefined ? "" : String(n.userId), n.kind, JSON.stringify(n.payload ?? null), n.batch ?? ""]);

function toNotice(reply: Reply): Notice {
  const flat = reply as string[];
  const f: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) f[flat[i]!] = flat[i + 1]!;
  const text = (v: string | undefined) => (v === undefined || v === "" ? undefined : v);
  const num = (v: string | undefined) => (text(v) === undefined ? undefined : Number(v));
  return {
    id: Number(f.id), key: f.key!, chatId: Number(f.chat), userId: num(f.user), kind: f.kind as Notice["kind"],
    payload: JSON.parse(f.payload ?? "null"), batch: text(f.batch), status: f.status as NoticeStatus,
    attempts: Number(f.attempts ?? 0), createdAt: Number(f.created), messageId: num(f.message), error: text(f.error),
  };
}

/** Notices one erase script looks at. */
const ERASE_SLICE = 500;

const auditJson = (e: AuditEntry) => JSON.stringify({ at: e.at, userId: e.userId, action: e.action, allowed: e.allowed, details: e.details ?? {} });

export class RedisStateStore implements StateStore, Outbox {
  private readonly redis: RedisClient;
  private readonly p: string;
  /** Outbox times (leases, retries) are wall-clock, whatever the visit's (demo) clock says. */
  private readonly wallNow: () => number;
  /** Tells this process's own override announcements from other processes'. */
  private readonly origin = randomBytes(6).toString("hex");
  private readonly listeners = new Set<() => void>();
  private subscriber?: Promise<RedisClient | undefined>;

  constructor(redis: RedisClient, prefix: string, wallNow: () => number = Date.now) {
    this.redis = redis;
    this.p = prefix;
    this.wallNow = wallNow;
  }

  private run(script: { run(c: RedisClient, a: Array<string | number>): Promise<Reply> }, ...args: Array<string | number>): Promise<Reply> {
    return script.run(this.redis, [this.p, ...args]);
  }

  // ── StateStore ──────────────────────────────────────────────────────────

  async commitChange(change: ScheduleChange, notices: NewNotice[], audit: AuditEntry): Promise<boolean> {
    const fresh = await this.run(lua.COMMIT_CHANGE, this.wallNow(), change.id, change.at, JSON.stringify(change), change.eventId,
      JSON.stringify(change.after), auditJson(audit), ...noticeArgs(notices));
    if (fresh === 1) this.announce();
    return fresh === 1;
  }

  async commitChanges(changes: ScheduleChange[], notices: NewNotice[], audit: AuditEntry, options: CommitOptions = {}): Promise<boolean> {
    const changeArgs = changes.flatMap((c) => [c.id, c.at, JSON.stringify(c)]);
    const fresh = await this.run(lua.COMMIT_CHANGES, this.wallNow(), options.resetOverrides ? 1 : 0, options.mark ?? "",
      auditJson(audit), audit.at, changes.length, ...changeArgs, ...noticeArgs(notices));
    // Other instances drop the overrides from their programme as they would after resetOverrides().
    if (fresh === 1 && options.resetOverrides) this.announce();
    return fresh === 1;
  }

  async commitNotices(notices: NewNotice[], audit?: AuditEntry): Promise<number> {
    return Number(await this.run(lua.COMMIT_NOTICES, this.wallNow(), audit ? auditJson(audit) : "", ...noticeArgs(notices)));
  }

  async overrides(): Promise<Overrides> {
    const all = await this.redis.hGetAll(`${this.p}:overrides`);
    return Object.fromEntries(Object.entries(all).map(([id, state]) => [id, JSON.parse(state)]));
  }

  async resetOverrides(): Promise<void> {
    await this.redis.del(`${this.p}:overrides`);
    this.announce();
  }

  private announce(): void {
    this.redis.publish(`${this.p}:overrides`, this.origin).catch(() => {});
  }

  onOverridesChanged(listener: () => void): () => void {
    this.listeners.add(listener);
    // A subscribed connection can do nothing else, so it is a second one, opened on first use.
    this.subscriber ??= (async () => {
      const sub = this.redis.duplicate();
      sub.on("error", () => {});
      await sub.connect();
      await sub.subscribe(`${this.p}:overrides`, (origin: string) => {
        if (origin !== this.origin) for (const l of this.listeners) l();
      });
      return sub;
    })().catch(() => undefined);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once announcements reach this process (after the first onOverridesChanged). */
  async listening(): Promise<boolean> {
    return (await this.subscriber) !== undefined;
  }

  /** Closes the subscription, if any (the shared connection is closed by its owner). */
  async close(): Promise<void> {
    const sub = await this.subscriber;
    this.subscriber = undefined;
    if (sub?.isOpen) await sub.close().catch(() => sub.destroy());
  }

  async changes(limit = 50): Promise<ScheduleChange[]> {
    const ids = await this.redis.zRange(`${this.p}:changes:at`, "+inf", "-inf", { BY: "SCORE", REV: true, LIMIT: { offset: 0, count: limit } });
    if (ids.length === 0) return [];
    const rows = await this.redis.hmGet(`${this.p}:changes`, ids);
    const changes = rows.filter((r): r is string => typeof r === "string").map((r) => JSON.parse(r) as ScheduleChange);
    // Newest first, ties by id: the order SQLite gives.
    return changes.sort((a, b) => b.at - a.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async change(id: string): Promise<ScheduleChange | undefined> {
    const row = await this.redis.hGet(`${this.p}:changes`, id);
    return typeof row === "string" ? JSON.parse(row) : undefined;
  }

  async acknowledge(changeId: string, userId: number, at: number): Promise<boolean> {
    return Number(await this.redis.hSetNX(`${this.p}:acks:${changeId}`, String(userId), String(at))) === 1;
  }

  async acknowledgements(changeId: string): Promise<Map<number, number>> {
    const all = await this.redis.hGetAll(`${this.p}:acks:${changeId}`);
    return new Map(Object.entries(all).map(([user, at]) => [Number(user), Number(at)]));
  }

  async audit(entry: AuditEntry): Promise<void> {
    await this.redis.rPush(`${this.p}:audit`, auditJson(entry));
  }

  async recentAudit(limit: number): Promise<AuditEntry[]> {
    if (limit < 1) return [];
    const rows = await this.redis.lRange(`${this.p}:audit`, -limit, -1);
    return rows.reverse().map((r) => JSON.parse(r) as AuditEntry);
  }

  async markOnce(key: string, at: number): Promise<boolean> {
    return Number(await this.redis.hSetNX(`${this.p}:marks`, key, String(at))) === 1;
  }

  async marked(key: string): Promise<boolean> {
    return Number(await this.redis.hExists(`${this.p}:marks`, key)) === 1;
  }

  // ── Outbox ──────────────────────────────────────────────────────────────

  async enqueue(notices: NewNotice[]): Promise<number> {
    if (notices.length === 0) return 0;
    return Number(await this.run(lua.ENQUEUE, this.wallNow(), ...noticeArgs(notices)));
  }

  async claim(now: number, max: number, leaseMs: number): Promise<Notice[]> {
    const rows = (await this.run(lua.CLAIM, Math.floor(now), max, Math.ceil(leaseMs))) as Reply[];
    return rows.map(toNotice);
  }

  async markSent(id: number, messageId: number | undefined, now: number): Promise<void> {
    await this.run(lua.MARK_SENT, id, messageId ?? "", Math.floor(now));
  }

  async markRetry(id: number, error: string, retryAt: number, countAttempt: boolean): Promise<void> {
    await this.run(lua.MARK_RETRY, id, error, Math.ceil(retryAt), countAttempt ? 1 : 0);
  }

  async markFinal(id: number, status: "unreachable" | "failed" | "skipped", error: string): Promise<void> {
    await this.run(lua.MARK_FINAL, id, status, error);
  }

  /**
   * Unlike SQLite's (one process owns the file, so every lease at start-up is a dead process's), this returns only
   * leases that have run out: the others belong to instances that are alive and sending.
   */
  async releaseLeases(): Promise<number> {
    return Number(await this.run(lua.RELEASE_EXPIRED, this.wallNow()));
  }

  async batchReport(batch: string): Promise<BatchReport> {
    const report: BatchReport = { total: 0, pending: 0, sent: 0, unreachable: 0, failed: 0, skipped: 0 };
    const flat = (await this.run(lua.BATCH_REPORT, batch)) as Array<string | number>;
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const status = String(flat[i]);
      const n = Number(flat[i + 1]);
      const key = status === "sending" ? "pending" : (status as keyof BatchReport);
      report[key] += n;
      report.total += n;
    }
    return report;
  }

  async byBatch(batch: string): Promise<Notice[]> {
    return ((await this.run(lua.BY_BATCH, batch)) as Reply[]).map(toNotice);
  }

  async depth(): Promise<number> {
    return this.redis.zCard(`${this.p}:ob:open`);
  }

  async dropForUser(userId: number): Promise<number> {
    return Number(await this.run(lua.DROP_USER, userId));
  }

  async eraseUser(userId: number): Promise<number> {
    return this.erase(String(userId), "forgotten");
  }

  async eraseAll(): Promise<number> {
    return this.erase("", "purged");
  }

  /** Walks every notice id in slices, so a long outbox never holds Redis for long in one script. */
  private async erase(user: string, reason: string): Promise<number> {
    const last = Number((await this.redis.get(`${this.p}:ob:seq`)) ?? 0);
    let erased = 0;
    for (let from = 1; from <= last; from += ERASE_SLICE) {
      erased += Number(await this.run(lua.ERASE, from, Math.min(last, from + ERASE_SLICE - 1), user, ERASED_JSON, reason));
    }
    return erased;
  }
}
