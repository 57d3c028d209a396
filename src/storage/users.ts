// What Attaché remembers about each Telegram user: language choice, who they are in the delegation.
import type Keyv from "keyv";
import type { Lang } from "../domain/language.ts";

export interface UserProfile {
  userId: number;
  /** Private chat id (equal to the user id for private chats). */
  chatId: number;
  lang: Lang;
  /** True once the user picked a language themselves; never overwritten by a client language guess. */
  langChosen: boolean;
  /** The delegation member this user said they are; undefined for guests. */
  personId?: string;
  onboarded: boolean;
  /** Set when Telegram said the bot cannot write to this user (blocked, deleted); cleared when they write again. */
  unreachable?: boolean;
  /** Minutes before each event for a reminder (/reminders); 0 = off; undefined = the default, 30. */
  reminderMinutes?: 0 | 15 | 30 | 60;
  /** The pinned today card: edited in place on changes, re-sent each morning. */
  todayCard?: { messageId: number; date: string; sentAt: number };
  firstSeen: number;
  lastSeen: number;
}

export class UserStore {
  private readonly kv: Keyv<UserProfile>;
  constructor(kv: Keyv<UserProfile>) {
    this.kv = kv;
  }
  async get(userId: number): Promise<UserProfile | undefined> {
    return (await this.kv.get(String(userId))) ?? undefined;
  }
  async put(profile: UserProfile): Promise<void> {
    await this.kv.set(String(profile.userId), profile);
  }
  async update(userId: number, patch: Partial<UserProfile>): Promise<UserProfile | undefined> {
    const current = await this.get(userId);
    if (!current) return undefined;
    const next = { ...current, ...patch };
    await this.put(next);
    return next;
  }
  async delete(userId: number): Promise<boolean> {
    return this.kv.delete(String(userId));
  }
  async *all(): AsyncGenerator<UserProfile> {
    if (!this.kv.iterator) return;
    for await (const [, value] of this.kv.iterator()) {
      if (value) yield value as UserProfile;
    }
  }
}
