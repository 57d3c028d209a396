// The mini visit's cast for end-to-end tests: four delegates, one per language variant, and an organizer.
import type { Delegate, World } from "./attache.ts";

export const ORGANIZER = 900;

/** A user who starts the bot, picks a language and says who they are (a name, or "continue as a guest"). */
export async function join(w: World, id: number, language: string, who: RegExp | string): Promise<Delegate> {
  const d = w.user(id, { language_code: "en" });
  await d.send("/start");
  await d.tap(language);
  await d.tap(who);
  return d;
}

/** A head (ru), an expert (sr-Cyrl), guests in sr-Latn and en. */
export async function delegation(w: World) {
  return {
    head: await join(w, 901, "Русский", "Деян Ристич"),
    expert: await join(w, 902, "Српски (ћирилица)", "Марија Петровић"),
    latin: await join(w, 903, "Srpski (latinica)", "Nastavi kao gost"),
    english: await join(w, 904, "English", "Continue as a guest"),
  };
}

/** The organizer (ORGANIZER_IDS), in English, as a guest: they see previews, not notices. */
export const organizer = (w: World) => join(w, ORGANIZER, "English", "Continue as a guest");

export const waitForNotice = (w: World, d: Delegate, pattern: RegExp) =>
  w.emu.waitFor(() => d.messages().find((m) => pattern.test(m.text)), { timeoutMs: 5000 });
