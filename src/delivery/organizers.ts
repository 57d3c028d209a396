// Where organizer-only notices go (relays, reload reports): the organizers' group if configured,
// otherwise each organizer privately; and the language each of those chats reads.
import type { BotDeps } from "../bot/context.ts";
import type { Lang } from "../domain/language.ts";

/** ORGANIZER_IDS plus scenario people with organizer: true and a telegram_id. */
export function organizerUserIds(deps: BotDeps): number[] {
  const fromScenario = deps.scenario.visit.people.filter((p) => p.organizer && p.telegramId !== undefined).map((p) => p.telegramId!);
  return [...new Set([...deps.organizerIds, ...fromScenario])];
}

export function organizerChats(deps: BotDeps): number[] {
  return deps.organizerChatId !== undefined ? [deps.organizerChatId] : organizerUserIds(deps);
}

/**
 * A private chat reads its owner's language; the organizers' group reads the language of the first
 * organizer who chose one (a group has no language of its own), else English.
 */
export async function organizerChatLang(deps: BotDeps, chatId: number): Promise<Lang> {
  if (chatId > 0) return (await deps.users.get(chatId))?.lang ?? "en";
  for (const id of organizerUserIds(deps)) {
    const profile = await deps.users.get(id);
    if (profile) return profile.lang;
  }
  return "en";
}
