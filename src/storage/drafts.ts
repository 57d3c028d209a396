// Previews waiting for an organizer's Send: kept a day, then forgotten. Sending commits them once.
import { randomBytes } from "node:crypto";
import type Keyv from "keyv";
import type { EventState } from "../domain/changes.ts";
import type { Audience } from "../domain/visit.ts";
import type { VisitDiff } from "../scenario/diff.ts";

export interface ChangeDraft {
  kind: "change";
  eventId: string;
  after: EventState;
  /** The event as the preview showed it: if it changed since, Send refuses instead of undoing that change. */
  before?: EventState;
}

export interface AnnouncementDraft {
  kind: "announcement";
  audience: Audience;
  texts: Partial<Record<"ru" | "sr" | "en", string>>;
  /** The language the organizer wrote in, when others were machine-translated. */
  original?: "ru" | "sr" | "en";
  machineTranslated: boolean;
}

export interface ReloadDraft {
  kind: "reload";
  /** The validated visit.yaml text, applied as is on Send (kept here, so a restart keeps the preview). */
  text: string;
  /** Edited on disk, or uploaded to the bot (then written to disk on Send). */
  origin: "disk" | "upload";
  /** What the preview showed: Send refuses if the live programme has moved on since. */
  diff: VisitDiff;
  /** Bot-made changes (overrides) the reload will replace. */
  overrides: number;
}

export type DraftBody = ChangeDraft | AnnouncementDraft | ReloadDraft;
export type Draft = DraftBody & { id: string; by: number; createdAt: number };

const DAY = 24 * 3_600_000;

export const newId = () => randomBytes(9).toString("base64url");

export class DraftStore {
  private readonly kv: Keyv<Draft>;
  constructor(kv: Keyv<Draft>) {
    this.kv = kv;
  }
  async create(body: DraftBody, by: number, now: number): Promise<Draft> {
    const draft = { ...body, id: newId(), by, createdAt: now } as Draft;
    await this.kv.set(draft.id, draft, DAY);
    return draft;
  }
  async get(id: string): Promise<Draft | undefined> {
    return (await this.kv.get(id)) ?? undefined;
  }
  async delete(id: string): Promise<void> {
    await this.kv.delete(id);
  }
}
