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

export interface StateStore {
  /** Records the change, its override and its notices in one transaction; false if it was committed before. */
  commitChange(change: ScheduleChange, notices: NewNotice[], audit: AuditEntry): Promise<boolean>;
  /** Notices plus their audit entry in one transaction (announcements, reload notices). */
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
  /** Shared stores only: calls `listener` when another process changed the overrides; returns the unsubscribe. */
  onOverridesChanged?(listener: () => void): () => void;
}
