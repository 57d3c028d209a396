// A human on call: /liaison (or "ask a person") asks the delegate for one message, which goes to the
// organizers through the outbox; an organizer's Telegram reply to it goes back to that delegate only.
// A lost delegate shares their location in one tap. The waiting state lives in storage, not memory.
import { Composer, Keyboard } from "grammy";
import type { BotContext, BotDeps } from "../context.ts";
import { LANGS, pick, type Lang } from "../../domain/language.ts";
import type { Translate } from "../i18n.ts";
import { personById } from "../../domain/agenda.ts";
import { organizerChats } from "../../delivery/organizers.ts";
import { relayedMessage, relayToDelegate, relayToOrganizers, type DelegateRef } from "../../delivery/relays.ts";
import type { NewNotice } from "../../delivery/outbox.ts";
import { contactCardNames, visibleContacts } from "../views/places.ts";

/** Long enough to find words, short enough that a forgotten /liaison does not swallow tomorrow's question. */
const PENDING_TTL = 60 * 60_000;
/** Leaves room for the header line within Telegram's 4096 characters. */
export const MAX_RELAY_LENGTH = 3500;

interface Pending {
  since: number;
}

const pending = (deps: BotDeps) => deps.storage.namespace<Pending>("handover:pending");
const REMOVE_KEYBOARD = { reply_markup: { remove_keyboard: true as const } };

const cancelLabel = (t: Translate) => `✖️ ${t("handover.cancel")}`;

function handoverKeyboard(t: Translate): Keyboard {
  return new Keyboard()
    .requestLocation(`📍 ${t("handover.shareLocation")}`)
    .row()
    .text(cancelLabel(t))
    .resized();
}

/**
 * Asks the delegate for their message to the organizers (in `lang`: an answer's language may differ from the
 * delegate's setting); false, and nothing sent, when no organizer can be reached through the bot, so the
 * caller can fall back to the liaison's contact card.
 */
export async function startHandover(ctx: BotContext, lang: Lang = ctx.lang): Promise<boolean> {
  if (!ctx.from || ctx.chat?.type !== "private" || organizerChats(ctx.deps).length === 0) return false;
  const t = ctx.deps.i18n.t(lang);
  await pending(ctx.deps).set(String(ctx.from.id), { since: ctx.deps.clock.now() }, PENDING_TTL);
  await ctx.reply(t("handover.prompt"), { parse_mode: "HTML", reply_markup: handoverKeyboard(t) });
  return true;
}

export const handover = new Composer<BotContext>();

handover.command("liaison", async (ctx) => {
  if (await startHandover(ctx)) return;
  await ctx.reply(ctx.t("handover.nobody"), { parse_mode: "HTML" });
  const liaison = visibleContacts(ctx.deps.scenario.visit, ctx).find((c) => c.role === "liaison");
  if (!liaison) return;
  const names = contactCardNames(liaison, ctx);
  await ctx.replyWithContact(liaison.phone, names.first_name, names.last_name ? { last_name: names.last_name } : {});
});

handover.on("message:text", async (ctx, next) => {
  const text = ctx.message.text;
  const key = String(ctx.from.id);
  // The reply keyboard can outlive the waiting state (expired, or a command came first): its Cancel still works.
  if (LANGS.some((lang) => text === cancelLabel(ctx.deps.i18n.t(lang)))) {
    await pending(ctx.deps).delete(key);
    return void (await ctx.reply(ctx.t("handover.cancelled"), { parse_mode: "HTML", ...REMOVE_KEYBOARD }));
  }
  if (!(await pending(ctx.deps).get(key))) return next();
  if (text.startsWith("/")) {
    await pending(ctx.deps).delete(key);
    await ctx.reply(ctx.t("handover.cancelled"), { parse_mode: "HTML", ...REMOVE_KEYBOARD });
    return next();
  }
  if (text.length > MAX_RELAY_LENGTH) {
    return void (await ctx.reply(ctx.t("handover.tooLong", { length: text.length, max: MAX_RELAY_LENGTH }), { parse_mode: "HTML" }));
  }
  await relayFromDelegate(ctx, { text });
  await pending(ctx.deps).delete(key);
  await ctx.reply(ctx.t("handover.sent"), { parse_mode: "HTML", ...REMOVE_KEYBOARD });
});

handover.on("message:location", async (ctx) => {
  if (organizerChats(ctx.deps).length === 0) return void (await ctx.reply(ctx.t("handover.nobody"), { parse_mode: "HTML", ...REMOVE_KEYBOARD }));
  const { latitude, longitude } = ctx.message.location;
  await relayFromDelegate(ctx, { location: { latitude, longitude } });
  await pending(ctx.deps).delete(String(ctx.from.id));
  await ctx.reply(ctx.t("handover.locationSent"), { parse_mode: "HTML", ...REMOVE_KEYBOARD });
});

async function relayFromDelegate(ctx: BotContext, content: { text: string } | { location: { latitude: number; longitude: number } }) {
  const from = ctx.from!;
  const message = ctx.message!;
  const who: DelegateRef = {
    userId: from.id,
    chatId: ctx.chat!.id,
    telegramName: [from.first_name, from.last_name].filter(Boolean).join(" ") + (from.username ? ` @${from.username}` : ""),
  };
  const notices = relayToOrganizers(ctx.deps, who, message.message_id, content);
  await commit(ctx, notices, "relay.in", { messageId: message.message_id, location: "location" in content, chats: notices.length });
}

async function commit(ctx: BotContext, notices: NewNotice[], action: string, details: Record<string, unknown>) {
  const { deps } = ctx;
  await deps.state.commitNotices(notices, { at: deps.clock.now(), userId: ctx.from!.id, action, allowed: true, details });
  deps.delivery.wake();
}

/**
 * An organizer's reply (Telegram reply_to_message) to a relayed message, in their private chat or the
 * organizers' group. Runs for every chat type, before the private-chat features; rights are checked on
 * every such update: anyone else's reply does nothing.
 */
export const organizerReplies = new Composer<BotContext>();

organizerReplies.on("message", async (ctx, next) => {
  const replyTo = ctx.message.reply_to_message;
  if (!replyTo || replyTo.from?.id !== ctx.me.id) return next();
  const delegate = await relayedMessage(ctx.deps, ctx.chat.id, replyTo.message_id);
  if (!delegate) return next();
  const { deps } = ctx;
  if (!ctx.viewer.organizer) {
    deps.logger.warn({ userId: ctx.from.id, chatId: ctx.chat.id }, "relay reply refused: not an organizer");
    return deps.state.audit({ at: deps.clock.now(), userId: ctx.from.id, action: "refused:relay.reply", allowed: false });
  }
  const text = ctx.message.text;
  if (text?.startsWith("/")) return next();
  const reply = { parse_mode: "HTML" as const, reply_parameters: { message_id: ctx.message.message_id } };
  if (!text) return void (await ctx.reply(ctx.t("handover.textOnly"), reply));
  if (text.length > MAX_RELAY_LENGTH) {
    return void (await ctx.reply(ctx.t("handover.tooLong", { length: text.length, max: MAX_RELAY_LENGTH }), reply));
  }
  const notice = relayToDelegate(delegate, ctx.chat.id, ctx.message.message_id, ctx.from.id, text);
  await commit(ctx, [notice], "relay.out", { to: delegate.userId, messageId: ctx.message.message_id });
  await ctx.reply(ctx.t("handover.answered", { name: await delegateName(ctx, delegate) }), reply);
});

async function delegateName(ctx: BotContext, delegate: DelegateRef): Promise<string> {
  const person = personById(ctx.deps.scenario.visit, (await ctx.deps.users.get(delegate.userId))?.personId);
  // Unescaped here: the text it goes into escapes it once.
  return person ? pick(person.name, ctx.lang) : ctx.t("handover.guest", { name: delegate.telegramName, interpolation: { escapeValue: false } });
}
