// The command menu, per language: bot-wide for ru/sr/en/default, and per chat once a delegate picks a script.
import type { Api } from "grammy";
import type { BotCommand } from "grammy/types";
import { LANGS, telegramLanguageCode, type Lang } from "../domain/language.ts";
import type { BotContext } from "./context.ts";
import type { I18n } from "./i18n.ts";

export const MENU_COMMANDS = ["today", "tomorrow", "agenda", "now", "next", "venues", "contacts", "liaison", "reminders", "calendar", "lang", "help", "about"] as const;

/** Organizers' own commands, added to their chat's menu (delegates never see them). */
export const ORGANIZER_MENU = ["change", "move", "cancel", "reinstate", "announce", "status", "log"] as const;

export function organizerCommandsFor(i18n: I18n, lang: Lang): BotCommand[] {
  const t = i18n.t(lang);
  return ORGANIZER_MENU.map((command) => ({ command, description: t(`organizerMenu.${command}`) }));
}

export function commandsFor(i18n: I18n, lang: Lang): BotCommand[] {
  const t = i18n.t(lang);
  return MENU_COMMANDS.map((command) => ({ command, description: t(`commands.${command}`) }));
}

/** Menus for Telegram clients in ru, sr (Cyrillic) and en, plus the default (English). */
export async function setGlobalCommands(api: Api, i18n: I18n): Promise<void> {
  await api.setMyCommands(commandsFor(i18n, "en"));
  for (const lang of LANGS.filter((l) => l !== "sr-Latn")) {
    await api.setMyCommands(commandsFor(i18n, lang), { language_code: telegramLanguageCode(lang) });
  }
}

/**
 * After an explicit choice the chat's own menu follows it (Serbian Latin has no language_code of its own);
 * an organizer's menu starts with the organizer commands.
 */
export async function setChatCommands(ctx: BotContext): Promise<void> {
  if (!ctx.chat || ctx.chat.type !== "private") return;
  try {
    const organizer = ctx.viewer.organizer ? organizerCommandsFor(ctx.deps.i18n, ctx.lang) : [];
    await ctx.api.setMyCommands([...organizer, ...commandsFor(ctx.deps.i18n, ctx.lang)], { scope: { type: "chat", chat_id: ctx.chat.id } });
  } catch (error) {
    ctx.deps.logger.warn({ err: error }, "setMyCommands for chat failed");
  }
}
