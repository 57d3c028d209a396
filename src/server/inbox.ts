// Webhook updates are written down before Telegram gets its 200: a redelivered update_id is recognised
// and dropped, and an update accepted just before a crash is handled after the restart.
import type { DatabaseSync, StatementSync } from "node:sqlite";
import type { Update } from "grammy/types";

export interface UpdateInbox {
  /** Records the update; false when this update_id was seen before (Telegram redelivered it). */
  accept(update: Update, now: number): Promise<boolean>;
  done(updateId: number): Promise<void>;
  /** Accepted but not handled (the process died in between). */
  unfinished(): Promise<Update[]>;
  /** Forgets handled updates older than `before` (Telegram redelivers for at most a day). */
  prune(before: number): Promise<number>;
}

export class SqliteInbox implements UpdateInbox {
  private readonly q: Record<"accept" | "done" | "unfinished" | "prune", StatementSync>;
  constructor(db: DatabaseSync) {
    db.exec(`CREATE TABLE IF NOT EXISTS inbox (update_id INTEGER PRIMARY KEY, payload TEXT NOT NULL,
      received_at INTEGER NOT NULL, done_at INTEGER)`);
    this.q = {
      accept: db.prepare(`INSERT INTO inbox (update_id, payload, received_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`),
      done: db.prepare(`UPDATE inbox SET done_at = ?, payload = '' WHERE update_id = ?`),
      unfinished: db.prepare(`SELECT payload FROM inbox WHERE done_at IS NULL ORDER BY update_id`),
      prune: db.prepare(`DELETE FROM inbox WHERE done_at IS NOT NULL AND received_at < ?`),
    };
  }
  async accept(update: Update, now: number): Promise<boolean> {
    return Number(this.q.accept.run(update.update_id, JSON.stringify(update), now).changes) > 0;
  }
  async done(updateId: number): Promise<void> {
    this.q.done.run(Date.now(), updateId);
  }
  async unfinished(): Promise<Update[]> {
    return (this.q.unfinished.all() as Array<{ payload: string }>).map((r) => JSON.parse(r.payload) as Update);
  }
  async prune(before: number): Promise<number> {
    return Number(this.q.prune.run(before).changes);
  }
}
