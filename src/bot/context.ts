// The typed Context every handler sees, and the dependencies createBot receives.
import type { Context } from "grammy";
import type { Logger } from "pino";
import type { Lang } from "../domain/language.ts";
import type { Viewer } from "../domain/agenda.ts";
import type { Clock } from "../clock.ts";
import type { Storage } from "../storage/index.ts";
import type { UserProfile, UserStore } from "../storage/users.ts";
import type { ScenarioSource } from "../scenario/source.ts";
import type { I18n, Translate } from "./i18n.ts";
import type { StateStore } from "../storage/state.ts";
import type { Outbox } from "../delivery/outbox.ts";
import type { Limits, SendLimiter } from "../delivery/limiter.ts";
import type { UpdateInbox } from "../server/inbox.ts";
import type { Metrics } from "../metrics.ts";
import type { Answers } from "../knowledge/service.ts";
import type { LlmClient } from "../knowledge/llm.ts";

/** Wakes the outbox sender after notices were committed (it also polls on its own). */
export interface DeliveryHub {
  wake(): void;
  /** Shows the organizer a "Sending n/N…" message for a batch, edited until it ends in a report. */
  track(chatId: number, batch: string, lang: Lang, headline?: string): Promise<void>;
}

export interface BotDeps {
  scenario: ScenarioSource;
  users: UserStore;
  storage: Storage;
  clock: Clock;
  i18n: I18n;
  logger: Logger;
  /** Telegram user ids with organizer rights, from ORGANIZER_IDS. */
  organizerIds: readonly number[];
  /** Where relays and escalations go besides each organizer's private chat (ORGANIZER_CHAT_ID). */
  organizerChatId?: number;
  /** Programme changes, acknowledgements, audit log. */
  state: StateStore;
  outbox: Outbox;
  /** Webhook updates written down before they are answered (dedupe by update_id, recovery after a crash). */
  inbox: UpdateInbox;
  /** On a store several processes share: the send limiter they keep together (else each process paces itself). */
  sendLimiter?: (limits: Partial<Limits>) => SendLimiter;
  delivery: DeliveryHub;
  metrics: Metrics;
  /** Grounded answers to free-form questions (offline, or with the configured language model). */
  answers: Answers;
  /** The configured language model, if any (organizer wizards translate notes and announcements with it). */
  llm?: LlmClient;
}

export interface AttacheFlavor {
  deps: BotDeps;
  lang: Lang;
  t: Translate;
  /** Undefined before the user's first /start. */
  profile: UserProfile | undefined;
  viewer: Viewer;
}

export type BotContext = Context & AttacheFlavor;
