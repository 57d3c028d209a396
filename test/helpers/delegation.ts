// The mini visit's cast for end-to-end tests: four delegates, one per language variant, and an organizer.
import { expect } from "vitest";
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

/**
 * The mini visit's meeting moved from 10:00 to 11:30: each of the four delegates gets the notice in their own
 * language and script. Returns the notices for further checks.
 */
export async function meetingMovedNotices(w: World, cast: Awaited<ReturnType<typeof delegation>>) {
  const notices = {
    head: await waitForNotice(w, cast.head, /Перенесено/),
    expert: await waitForNotice(w, cast.expert, /Померено/),
    latin: await waitForNotice(w, cast.latin, /Pomereno/),
    english: await waitForNotice(w, cast.english, /Moved/),
  };
  expect(notices.head.text).toContain("Встреча в министерстве");
  expect(notices.expert.text).toContain("Састанак у министарству");
  expect(notices.latin.text).toContain("Sastanak u ministarstvu");
  expect(notices.latin.text).not.toMatch(/\p{Script=Cyrillic}/u);
  expect(notices.english.text).toContain("10:00–12:00 → 11:30–13:30");
  return notices;
}
