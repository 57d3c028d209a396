// Relays between a delegate and the organizers, through the outbox: the delegate's message (or map pin) to
// every organizer chat, an organizer's reply back to that delegate only, and which organizer-chat message
// stands for which delegate (recorded when the sender reports the relayed message's id).
import { InlineKeyboard } from "grammy";
import type Keyv from "keyv";
import type { BotDeps } from "../bot/context.ts";
import { pick, type Lang } from "../domain/language.ts";
import type { Translate } from "../bot/i18n.ts";
import { personById } from "../domain/agenda.ts";
import { escapeHtml } from "../bot/html.ts";
import { encode } from "../bot/keyboards/callback-data.ts";
import type { NewNotice, Notice } from "./outbox.ts";
import { registerRenderer } from "./render.ts";
import type { RenderedNotice } from "./sender.ts";
import { organizerChatLang, organizerChats } from "./organizers.ts";

/** The delegate as Telegram named them when they wrote (their profile may say more at send time). */
export interface DelegateRef {
  userId: number;
  chatId: number;
  telegramName: string;
}

export type RelayPayload =
  | { dir: "in"; from: DelegateRef; text: string }
  | { dir: "in"; from: DelegateRef; location: { latitude: number; longitude: number } }
  | { dir: "out"; to: DelegateRef; text: string; by: number };

/** What an organizer-chat message relays: the delegate an answer to it goes back to. */
export type RelayedMessage = DelegateRef;

const RELAYED_TTL = 14 * 24 * 3_600_000;

export const relayedMessages = (deps: BotDeps) => deps.storage.namespace<RelayedMessage>("handover:relayed");
const relayedKey = (chatId: number, messageId: number) => `${chatId}:${messageId}`;

export async function relayedMessage(deps: BotDeps, chatId: number, messageId: number): Promise<RelayedMessage | undefined> {
  return (await relayedMessages(deps).get(relayedKey(chatId, messageId))) ?? undefined;
}

/** Sender hook: remembers the organizer-chat message of each relay, so a reply to it finds its delegate. */
export function recordRelayedMessage(deps: BotDeps) {
  const kv: Keyv<RelayedMessage> = relayedMessages(deps);
  return async (notice: Notice, messageId: number): Promise<void> => {
    if (notice.kind !== "relay") return;
    const payload = notice.payload as RelayPayload;
    if (payload.dir !== "in") return;
    await kv.set(relayedKey(notice.chatId, messageId), payload.from, RELAYED_TTL);
  };
}

/**
 * One notice per organizer chat, keyed by the delegate's message id so a redelivered update relays once.
 * A location is a map pin followed by a line naming the delegate (the outbox keeps a chat's notices in order).
 */
export function relayToOrganizers(deps: BotDeps, from: DelegateRef, messageId: number, content: { text: string } | { location: { latitude: number; longitude: number } }): NewNotice[] {
  const base = `relay:in:${from.chatId}:${messageId}`;
  return organizerChats(deps).flatMap((chatId) => {
    const notice = (suffix: string, payload: RelayPayload): NewNotice => ({ key: `${base}:${chatId}${suffix}`, chatId, kind: "relay", payload, batch: base });
    if ("text" in content) return [notice("", { dir: "in", from, text: content.text })];
    return [notice(":pin", { dir: "in", from, location: content.location }), notice(":who", { dir: "in", from, text: "" })];
  });
}

/** An organizer's answer, to the delegate who wrote and nobody else. */
export function relayToDelegate(to: DelegateRef, organizerChatId: number, replyMessageId: number, by: number, text: string): NewNotice {
  const key = `relay:out:${organizerChatId}:${replyMessageId}`;
  return { key, chatId: to.chatId, userId: to.userId, kind: "relay", payload: { dir: "out", to, text, by } satisfies RelayPayload, batch: key };
}

/** "Marija Petrović · Experts · Serbian (Cyrillic)" in the organizer's language, from the profile as it is now. */
async function describeDelegate(deps: BotDeps, from: DelegateRef, t: Translate, lang: Lang) {
  const profile = await deps.users.get(from.userId);
  const visit = deps.scenario.visit;
  const person = personById(visit, profile?.personId);
  // Unescaped here: the line it goes into escapes it once.
  const name = person ? pick(person.name, lang) : t("handover.guest", { name: from.telegramName, interpolation: { escapeValue: false } });
  const groups = person?.groups.map((g) => visit.groups.find((x) => x.id === g)).filter((g) => g !== undefined).map((g) => pick(g.name, lang)) ?? [];
  const language = profile ? t(`handover.language.${profile.lang}`) : "?";
  return { name, groups: groups.length ? groups.join(", ") : "—", language };
}

async function renderRelay(notice: Notice, deps: BotDeps, delegateLang: Lang): Promise<RenderedNotice | null> {
  const payload = notice.payload as RelayPayload;
  if (payload.dir === "out") {
    const t = deps.i18n.t(delegateLang);
    const person = deps.scenario.visit.people.find((p) => p.organizer && p.telegramId === payload.by);
    const label = person ? t("handover.fromPerson", { name: pick(person.name, delegateLang) }) : t("handover.fromOrganizers");
    const keyboard = new InlineKeyboard().text(`✍️ ${t("handover.answer")}`, encode({ kind: "askHuman" }));
    return { text: `💬 <b>${label}</b>\n\n${escapeHtml(payload.text)}`, keyboard };
  }
  if ("location" in payload) return { text: "location", location: payload.location };
  const lang = await organizerChatLang(deps, notice.chatId);
  const t = deps.i18n.t(lang);
  const who = await describeDelegate(deps, payload.from, t, lang);
  const head = payload.text ? t("handover.toOrganizers", who) : `📍 ${t("handover.locationFrom", who)}`;
  const body = payload.text ? `\n\n${escapeHtml(payload.text)}` : "";
  return { text: `${head}${body}\n\n<i>${t("handover.replyHint")}</i>` };
}

registerRenderer("relay", (notice, to, deps) => renderRelay(notice, deps, to.lang));
