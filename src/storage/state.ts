// What the organizer side persists: changes with their notices (atomically), acknowledgements, audit, once-markers.
import type { Overrides, ScheduleChange } from "../domain/changes.ts";
import type { NewNotice } from "../delivery/outbox.ts";

export interface AuditEntry {
  at: number;
  userId: number;
  /** e.g. "change.send", "announce.send", "reload", "refused:/move" */
  action: string;
  allowed: boolean;
  details?: Record<string, unknown>;
}

export interface CommitOptions {
  /** Clears every override in the same transaction: a reload, whose file supersedes the bot-made changes. */
  resetOverrides?: boolean;
  /** A once-marker (as markOnce) set in the same transaction, so a crashed process can tell later whether it committed. */
  mark?: string;
}

export interface StateStore {
  /** Records the change, its override and its notices in one transaction; false if it was committed before. */
  commitChange(change: ScheduleChange, notices: NewNotice[], audit: AuditEntry): Promise<boolean>;
  /**
   * Records changes that are already in the programme itself (a reload's: no override is written), their notices
   * and one audit entry in one transaction. All or nothing: false, and nothing written, if any change id or the
   * mark was committed before.
   */
  commitChanges(changes: ScheduleChange[], notices: NewNotice[], audit: AuditEntry, options?: CommitOptions): Promise<boolean>;
  /** Notices plus their audit entry in one transaction (announcements, escalations, reload reports). */
  commitNotices(notices: NewNotice[], audit?: AuditEntry): Promise<number>;
  overrides(): Promise<Overrides>;
  resetOverrides(): Promise<void>;
  changes(limit?: number): Promise<ScheduleChange[]>;
  change(id: string): Promise<ScheduleChange | undefined>;
  acknowledge(changeId: string, userId: number, at: number): Promise<boolean>;
  acknowledgements(changeId: string): Promise<Map<number, number>>;
  audit(entry: AuditEntry): Promise<void>;
  recentAudit(limit: number): Promise<AuditEntry[]>;
  /** True the first time a key is marked: for things that must happen once (escalations, reminders). */
  markOnce(key: string, at: number): Promise<boolean>;
  /** Whether a key was marked (by markOnce or a commit's mark), without marking it. */
  marked(key: string): Promise<boolean>;
  /** Shared stores only: calls `listener` when another process changed the overrides; returns the unsubscribe. */
  onOverridesChanged?(listener: () => void): () => void;
}
