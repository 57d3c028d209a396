import { describe, expect, it } from "vitest";
import { detectLanguage } from "../../src/knowledge/detect-language.ts";
import type { Lang } from "../../src/domain/language.ts";

const cases: Array<[string, Lang]> = [
  ["Где завтра обед?", "ru"],
  ["Кто встречает делегацию в министерстве?", "ru"],
  ["Во сколько начинается спектакль?", "ru"],
  ["Нужен ли паспорт для пропуска?", "ru"],
  ["Где је сутра ручак?", "sr-Cyrl"],
  ["Ко дочекује делегацију у министарству?", "sr-Cyrl"],
  ["Колико људи користи е-управу у Србији?", "sr-Cyrl"],
  ["Када почиње представа?", "sr-Cyrl"],
  ["Koliko ljudi koristi e-upravu u Srbiji?", "sr-Latn"],
  ["Gde je sutra ručak?", "sr-Latn"],
  ["Kada pocinje predstava u pozoristu?", "sr-Latn"],
  ["Šta da obučem za pozorište?", "sr-Latn"],
  ["Where is tomorrow's lunch?", "en"],
  ["What is Nikola Đorđević's phone number?", "en"],
  ["Do I need my passport at the Ministry?", "en"],
];

describe("the language of a question", () => {
  for (const [question, lang] of cases) {
    it(`reads "${question}" as ${lang}, whatever the user's setting`, () => {
      for (const setting of ["en", "ru", "sr-Cyrl", "sr-Latn"] as const) {
        expect(detectLanguage(question, setting).lang).toBe(lang);
      }
    });
  }

  it("falls back to the user's setting for texts without words (numbers, emoji)", () => {
    expect(detectLanguage("112?", "sr-Latn")).toEqual({ lang: "sr-Latn", by: "fallback" });
    expect(detectLanguage("🎉🎉", "ru")).toEqual({ lang: "ru", by: "fallback" });
  });

  it("keeps the script it sees when a short text is ambiguous between two languages", () => {
    // "Где?" is Russian or Serbian: a Serbian reader gets Cyrillic Serbian, others Russian.
    expect(detectLanguage("Где?", "sr-Latn").lang).toBe("sr-Cyrl");
    expect(detectLanguage("Где?", "en").lang).toBe("ru");
    // "Hotel?" is English or Serbian Latin.
    expect(detectLanguage("Hotel?", "sr-Cyrl").lang).toBe("sr-Latn");
    expect(detectLanguage("Hotel?", "ru").lang).toBe("en");
  });
});
