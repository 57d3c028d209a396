// Programme changes, acknowledgements, the audit log and the outbox in one SQLite database,
// so that a change and the notices it causes are committed in the same transaction.
import type { DatabaseSync, StatementSync } from "node:sqlite";
import type { Overrides, ScheduleChange } from "../domain/changes.ts";
import { ERASED_JSON, type BatchReport, type NewNotice, type Notice, type NoticeStatus, type Outbox } from "../delivery/outbox.ts";
import type { AuditEntry, CommitOptions, StateStore } from "./state.ts";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS changes (id TEXT PRIMARY KEY, event_id TEXT NOT NULL, at INTEGER NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS overrides (event_id TEXT PRIMARY KEY, state TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS acks (change_id TEXT NOT NULL, user_id INTEGER NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (change_id, user_id));
CREATE TABLE IF NOT EXISTS audit (id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, user_id INTEGER NOT NULL,
  action TEXT NOT NULL, allowed INTEGER NOT NULL, details TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS marks (key TEXT PRIMARY KEY, at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL UNIQUE, chat_id INTEGER NOT NULL, user_id INTEGER,
  kind TEXT NOT NULL, payload TEXT NOT NULL, batch TEXT, status TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL, next_at INTEGER NOT NULL, lease_until INTEGER,
  message_id INTEGER, error TEXT);
CREATE INDEX IF NOT EXISTS outbox_due ON outbox (status, next_at);
CREATE INDEX IF NOT EXISTS outbox_chat ON outbox (chat_id, status, id);
CREATE INDEX IF NOT EXISTS outbox_batch ON outbox (batch);
`;

interface Row {
  id: number; key: string; chat_id: number; user_id: number | null; kind: string; payload: string;
  batch: string | null; status: string; attempts: number; created_at: number; message_id: number | null; error: string | null;
}

const toNotice = (r: Row): Notice => ({
  id: r.id, key: r.key, chatId: r.chat_id, userId: r.user_id ?? undefined, kind: r.kind as Notice["kind"],
  payload: JSON.parse(r.payload), batch: r.batch ?? undefined, status: r.status as NoticeStatus,
  attempts: r.attempts, createdAt: r.created_at, messageId: r.message_id ?? undefined, error: r.error ?? undefined,
});

export class SqliteStateStore implements StateStore, Outbox {
  private readonly db: DatabaseSync;
  private readonly q: Record<string, StatementSync>;
  /** Outbox times (leases, retries) are wall-clock, whatever the visit's (demo) clock says. */
  private readonly wallNow: () => number;

  constructor(db: DatabaseSync, wallNow: () => number = Date.now) {
    this.db = db;
    this.wallNow = wallNow;
    db.exec(SCHEMA);
    const p = (sql: string) => db.prepare(sql);
    this.q = {
      insertNotice: p(`INSERT INTO outbox (key, chat_id, user_id, kind, payload, batch, created_at, next_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO NOTHING`),
      claim: p(`SELECT * FROM outbox o WHERE o.status = 'pending' AND o.next_at <= ?
        AND o.id = (SELECT min(id) FROM outbox x WHERE x.chat_id = o.chat_id AND x.status IN ('pending', 'sending'))
        ORDER BY o.id LIMIT ?`),
      lease: p(`UPDATE outbox SET status = 'sending', lease_until = ? WHERE id = ? AND status = 'pending'`),
      expired: p(`UPDATE outbox SET status = 'pending', lease_until = NULL WHERE status = 'sending' AND lease_until < ?`),
      release: p(`UPDATE outbox SET status = 'pending', lease_until = NULL WHERE status = 'sending'`),
      sent: p(`UPDATE outbox SET status = 'sent', message_id = ?, attempts = attempts + 1, lease_until = NULL, next_at = ? WHERE id = ?`),
      retry: p(`UPDATE outbox SET status = 'pending', error = ?, next_at = ?, attempts = attempts + ?, lease_until = NULL WHERE id = ?`),
      final: p(`UPDATE outbox SET status = ?, error = ?, attempts = attempts + 1, lease_until = NULL WHERE id = ?`),
      batch: p(`SELECT status, count(*) AS n FROM outbox WHERE batch = ? GROUP BY status`),
      byBatch: p(`SELECT * FROM outbox WHERE batch = ? ORDER BY id`),
      depth: p(`SELECT count(*) AS n FROM outbox WHERE status IN ('pending', 'sending')`),
      dropUser: p(`UPDATE outbox SET status = 'skipped', error = 'forgotten' WHERE user_id = ? AND status = 'pending'`),
      // The old status decides: a pending notice erased is skipped (nothing could render it).
      eraseUser: p(`UPDATE outbox SET payload = :erased,
        status = CASE status WHEN 'pending' THEN 'skipped' ELSE status END, error = CASE status WHEN 'pending' THEN 'forgotten' ELSE error END
        WHERE payload <> :erased AND (user_id = :user OR (kind = 'relay' AND json_extract(payload, '$.from.userId') = :user))`),
      eraseAll: p(`UPDATE outbox SET payload = :erased,
        status = CASE status WHEN 'pending' THEN 'skipped' ELSE status END, error = CASE status WHEN 'pending' THEN 'purged' ELSE error END
        WHERE payload <> :erased`),
      hasChange: p(`SELECT 1 FROM changes WHERE id = ?`),
      insertChange: p(`INSERT INTO changes (id, event_id, at, data) VALUES (?, ?, ?, ?)`),
      setOverride: p(`INSERT INTO overrides (event_id, state) VALUES (?, ?) ON CONFLICT(event_id) DO UPDATE SET state = excluded.state`),
      overrides: p(`SELECT event_id, state FROM overrides`),
      clearOverrides: p(`DELETE FROM overrides`),
      changes: p(`SELECT data FROM changes ORDER BY at DESC, id LIMIT ?`),
      change: p(`SELECT data FROM changes WHERE id = ?`),
      ack: p(`INSERT INTO acks (change_id, user_id, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`),
      acks: p(`SELECT user_id, at FROM acks WHERE change_id = ?`),
      audit: p(`INSERT INTO audit (at, user_id, action, allowed, details) VALUES (?, ?, ?, ?, ?)`),
      recentAudit: p(`SELECT at, user_id, action, allowed, details FROM audit ORDER BY id DESC LIMIT ?`),
      mark: p(`INSERT INTO marks (key, at) VALUES (?, ?) ON CONFLICT(key) DO NOTHING`),
      marked: p(`SELECT 1 FROM marks WHERE key = ?`),
    };
  }

  /** Runs `fn` in one IMMEDIATE transaction (node:sqlite is synchronous, so nothing interleaves). */
  private tx<T>(fn: () => T): T {
    this.db.exec("BEGIN IMMEDIATE");
    try {
      const result = fn();
      this.db.exec("COMMIT");
      return result;
    } catch (error) {
      this.db.exec("ROLLBACK");
      throw error;
    }
  }

  private insertNotices(notices: NewNotice[]): number {
    const now = this.wallNow();
    let added = 0;
    for (const n of notices) {
      const r = this.q.insertNotice!.run(n.key, n.chatId, n.userId ?? null, n.kind, JSON.stringify(n.payload), n.batch ?? null, now, now);
      added += Number(r.changes);
    }
    return added;
  }

  // ── StateStore ──────────────────────────────────────────────────────────

  async commitChange(change: ScheduleChange, notices: NewNotice[], audit: AuditEntry): Promise<boolean> {
    return this.tx(() => {
      if (this.q.hasChange!.get(change.id)) return false;
      this.q.insertChange!.run(change.id, change.eventId, change.at, JSON.stringify(change));
      this.q.setOverride!.run(change.eventId, JSON.stringify(change.after));
      this.insertAudit(audit);
      this.insertNotices(notices);
      return true;
    });
  }

  async commitChanges(changes: ScheduleChange[], notices: NewNotice[], audit: AuditEntry, options: CommitOptions = {}): Promise<boolean> {
    return this.tx(() => {
      if (options.mark !== undefined && this.q.marked!.get(options.mark)) return false;
      if (changes.some((c) => this.q.hasChange!.get(c.id))) return false;
      for (const c of changes) this.q.insertChange!.run(c.id, c.eventId, c.at, JSON.stringify(c));
      if (options.mark !== undefined) this.q.mark!.run(options.mark, audit.at);
      if (options.resetOverrides) this.q.clearOverrides!.run();
      this.insertAudit(audit);
      this.insertNotices(notices);
      return true;
    });
  }

  async commitNotices(notices: NewNotice[], audit?: AuditEntry): Promise<number> {
    return this.tx(() => {
      if (audit) this.insertAudit(audit);
      return this.insertNotices(notices);
    });
  }

  async overrides(): Promise<Overrides> {
    const rows = this.q.overrides!.all() as Array<{ event_id: string; state: string }>;
    return Object.fromEntries(rows.map((r) => [r.event_id, JSON.parse(r.state)]));
  }

  async resetOverrides(): Promise<void> {
    this.q.clearOverrides!.run();
  }

  async changes(limit = 50): Promise<ScheduleChange[]> {
    return (this.q.changes!.all(limit) as Array<{ data: string }>).map((r) => JSON.parse(r.data));
  }

  async change(id: string): Promise<ScheduleChange | undefined> {
    const row = this.q.change!.get(id) as { data: string } | undefined;
    return row ? JSON.parse(row.data) : undefined;
  }

  async acknowledge(changeId: string, userId: number, at: number): Promise<boolean> {
    return Number(this.q.ack!.run(changeId, userId, at).changes) > 0;
  }

  async acknowledgements(changeId: string): Promise<Map<number, number>> {
    const rows = this.q.acks!.all(changeId) as Array<{ user_id: number; at: number }>;
    return new Map(rows.map((r) => [r.user_id, r.at]));
  }

  private insertAudit(e: AuditEntry): void {
    this.q.audit!.run(e.at, e.userId, e.action, e.allowed ? 1 : 0, JSON.stringify(e.details ?? {}));
  }

  async audit(entry: AuditEntry): Promise<void> {
    this.insertAudit(entry);
  }

  async recentAudit(limit: number): Promise<AuditEntry[]> {
    const rows = this.q.recentAudit!.all(limit) as Array<{ at: number; user_id: number; action: string; allowed: number; details: string }>;
    return rows.map((r) => ({ at: r.at, userId: r.user_id, action: r.action, allowed: r.allowed === 1, details: JSON.parse(r.details) }));
  }

  async markOnce(key: string, at: number): Promise<boolean> {
    return Number(this.q.mark!.run(key, at).changes) > 0;
  }

  async marked(key: string): Promise<boolean> {
    return this.q.marked!.get(key) !== undefined;
  }

  // ── Outbox ──────────────────────────────────────────────────────────────

  async enqueue(notices: NewNotice[]): Promise<number> {
    return this.tx(() => this.insertNotices(notices));
  }

  async claim(now: number, max: number, leaseMs: number): Promise<Notice[]> {
    return this.tx(() => {
      this.q.expired!.run(now);
      const rows = this.q.claim!.all(now, max) as unknown as Row[];
      for (const r of rows) this.q.lease!.run(now + leaseMs, r.id);
      return rows.map((r) => ({ ...toNotice(r), status: "sending" as const }));
    });
  }

  async markSent(id: number, messageId: number | undefined, now: number): Promise<void> {
    this.q.sent!.run(messageId ?? null, now, id);
  }

  async markRetry(id: number, error: string, retryAt: number, countAttempt: boolean): Promise<void> {
    this.q.retry!.run(error, retryAt, countAttempt ? 1 : 0, id);
  }

  async markFinal(id: number, status: "unreachable" | "failed" | "skipped", error: string): Promise<void> {
    this.q.final!.run(status, error, id);
  }

  async releaseLeases(): Promise<number> {
    return Number(this.q.release!.run().changes);
  }

  async batchReport(batch: string): Promise<BatchReport> {
    const report: BatchReport = { total: 0, pending: 0, sent: 0, unreachable: 0, failed: 0, skipped: 0 };
    for (const r of this.q.batch!.all(batch) as Array<{ status: string; n: number }>) {
      const key = r.status === "sending" ? "pending" : (r.status as keyof BatchReport);
      report[key] += r.n;
      report.total += r.n;
    }
    return report;
  }

  async byBatch(batch: string): Promise<Notice[]> {
    return (this.q.byBatch!.all(batch) as unknown as Row[]).map(toNotice);
  }

  async depth(): Promise<number> {
    return Number((this.q.depth!.get() as { n: number }).n);
  }

  async dropForUser(userId: number): Promise<number> {
    return Number(this.q.dropUser!.run(userId).changes);
  }

  async eraseUser(userId: number): Promise<number> {
    return Number(this.q.eraseUser!.run({ erased: ERASED_JSON, user: userId }).changes);
  }

  async eraseAll(): Promise<number> {
    return Number(this.q.eraseAll!.run({ erased: ERASED_JSON }).changes);
  }
}
