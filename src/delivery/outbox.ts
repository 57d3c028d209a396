// The outbox's vocabulary: a notice waiting to be sent, and the store operations the sender needs.

export const NOTICE_KINDS = ["change", "announcement", "reminder", "briefing", "relay", "escalation", "system", "card"] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export type NoticeStatus = "pending" | "sending" | "sent" | "unreachable" | "failed" | "skipped";

export interface NewNotice {
  /** Dedupe key: a notice with a key already in the outbox is not added again (exactly once). */
  key: string;
  chatId: number;
  userId?: number;
  kind: NoticeKind;
  payload: unknown;
  /** Groups notices for progress and reports (a change id, an announcement id). */
  batch?: string;
}

export interface Notice extends NewNotice {
  id: number;
  status: NoticeStatus;
  attempts: number;
  createdAt: number;
  messageId?: number;
  error?: string;
}

export interface BatchReport {
  total: number;
  pending: number;
  sent: number;
  unreachable: number;
  failed: number;
  skipped: number;
}

export interface Outbox {
  enqueue(notices: NewNotice[]): Promise<number>;
  /** Leases up to `max` due notices, the oldest of each chat, none for a chat with one in flight. */
  claim(now: number, max: number, leaseMs: number): Promise<Notice[]>;
  markSent(id: number, messageId: number | undefined, now: number): Promise<void>;
  markRetry(id: number, error: string, retryAt: number, countAttempt: boolean): Promise<void>;
  markFinal(id: number, status: "unreachable" | "failed" | "skipped", error: string): Promise<void>;
  /**
   * At start-up, returns notices leased by a process that died to the queue. SQLite (one process) returns every
   * lease; a shared store only those that ran out, since the others belong to live instances.
   */
  releaseLeases(): Promise<number>;
  batchReport(batch: string): Promise<BatchReport>;
  byBatch(batch: string): Promise<Notice[]>;
  depth(): Promise<number>;
  /** Removes a user's pending notices (/forget). */
  dropForUser(userId: number): Promise<number>;
  /**
   * /forget: replaces with ERASED the payload of every notice to the user and of every relay quoting them
   * (a relay's payload names its delegate at `from.userId`, see RelayPayload), sent or not; pending ones
   * are skipped. Ids and statuses stay, for reports. Returns how many notices were erased.
   */
  eraseUser(userId: number): Promise<number>;
  /** The retention purge: every payload becomes ERASED, pending notices are skipped. */
  eraseAll(): Promise<number>;
}

/** What an erased notice's payload becomes; nothing renders it. */
export const ERASED = { erased: true } as const;
export const ERASED_JSON = JSON.stringify(ERASED);

export const isErased = (payload: unknown): boolean =>
  typeof payload === "object" && payload !== null && (payload as { erased?: unknown }).erased === true;
