// Machine translation of what an organizer typed (a note, an announcement) with the configured model, if any.
// Without a model, or when it fails, the caller sends the original with a note of its language.
import type { BotDeps } from "../context.ts";
import { SOURCE_LANGS, type SourceLang } from "../../domain/language.ts";

const NAMES: Record<SourceLang, string> = { ru: "Russian", sr: "Serbian in Cyrillic script", en: "English" };

export type Copies = Partial<Record<SourceLang, string>>;

/**
 * The text in the other source languages, or undefined when no model is configured or none answered.
 * A copy longer than `maxLength` is dropped (a model that rambles would make a notice Telegram refuses):
 * that language's readers get the original with its language note instead.
 */
export async function translate(deps: BotDeps, text: string, from: SourceLang, maxLength: number): Promise<Copies | undefined> {
  const llm = deps.llm;
  if (!llm) return undefined;
  const copies: Copies = {};
  for (const to of SOURCE_LANGS.filter((l) => l !== from)) {
    try {
      const reply = await llm.complete([
        {
          role: "system",
          content:
            `You translate short messages from the organizers of an official delegation visit from ${NAMES[from]} ` +
            `into ${NAMES[to]}. Keep names, times, numbers and places exactly. Reply with the translation only.`,
        },
        { role: "user", content: text },
      ]);
      const copy = reply.trim();
      if (copy.length > maxLength) deps.logger.warn({ to, length: copy.length, maxLength }, "translation too long: the original goes out with a language note");
      else if (copy) copies[to] = copy;
    } catch (error) {
      deps.logger.warn({ err: error, to }, "translation failed: the original goes out with a language note");
    }
  }
  return Object.keys(copies).length > 0 ? copies : undefined;
}
