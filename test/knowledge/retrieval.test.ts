import { describe, expect, it } from "vitest";
import { retrieve } from "../../src/knowledge/retrieve.ts";
import { passageText, forReader } from "../../src/knowledge/passage.ts";
import { originalOf } from "../../src/knowledge/knowledge-base.ts";
import { DAY1_MORNING, EXPERT, GUEST, HEAD, MINI_DIR, knowledgeOf } from "../helpers/knowledge.ts";
import type { Lang } from "../../src/domain/language.ts";
import type { Viewer } from "../../src/domain/agenda.ts";

const kb = await knowledgeOf();
const top = (question: string, lang: Lang, viewer: Viewer = EXPERT, n = 3) =>
  retrieve(kb, { question, lang, viewer, now: DAY1_MORNING }).hits.slice(0, n).map((h) => h.key);

describe("passages of the demo visit", () => {
  it("never contain an organizer note, in any language", () => {
    const all = kb.passages.map(passageText).join("\n");
    for (const e of kb.visit.events) if (e.organizerNotes) expect(all).not.toContain(e.organizerNotes.slice(0, 30));
    expect(all).not.toMatch(/Gift exchange after the meeting: check the protocol list/);
  });

  it("describe an event with day, time range in Minsk time, venue and address, dress code and contact", () => {
    const lunch = kb.byKey.get("event:d2-lunch")!.get("en")!;
    expect(passageText(lunch)).toMatch(/Day 2, Wednesday,? 25 September, 13:00–14:00 \(Minsk, UTC\+3\)/);
    expect(passageText(lunch)).toContain("1 Akademika Kuprevicha Street");
    const meeting = passageText(kb.byKey.get("event:d1-ministry-meeting")!.get("ru")!);
    expect(meeting).toContain("Дресс-код: Деловой костюм тёмного цвета, галстук.");
    expect(meeting).toContain("+375290000106");
  });

  it("keep one key for a fact across ru, sr and en, and serve Serbian Latin readers a transliteration", () => {
    const langs = kb.byKey.get("venue:hotel")!;
    expect([...langs.keys()].sort()).toEqual(["en", "ru", "sr"]);
    const latin = forReader(langs.get("sr")!, "sr-Latn");
    expect(passageText(latin)).toContain("Hotel „Minsk“");
    expect(passageText(latin)).not.toMatch(/\p{Script=Cyrillic}/u);
  });

  it("chunk documents by paragraph with their section heading, and find the original of a translation", () => {
    const breakfast = kb.passages.find((p) => p.lang === "en" && passageText(p).includes("Breakfast is served"))!;
    expect(breakfast.heading).toBe("Hotel");
    const article = kb.passages.find((p) => p.kind === "document" && p.lang === "sr" && passageText(p).includes("2,3 милиона"))!;
    const original = originalOf(kb, article)!;
    expect(original.lang).toBe("ru");
    expect(passageText(original)).toContain("2,3 млн человек");
  });
});

describe("retrieval finds the passage that answers, in every language variant", () => {
  const cases: Array<[string, Lang, string]> = [
    ["Where is tomorrow's lunch?", "en", "event:d2-lunch"],
    ["Где завтра обед?", "ru", "event:d2-lunch"],
    ["Где је сутра ручак?", "sr-Cyrl", "event:d2-lunch"],
    ["Gde je sutra rucak?", "sr-Latn", "event:d2-lunch"],
    ["Кто встречает делегацию в министерстве?", "ru", "venue:ministry"],
    ["Ko dočekuje delegaciju u ministarstvu?", "sr-Latn", "venue:ministry"],
    ["What is the address of the High-Tech Park?", "en", "venue:htp"],
    ["Када почиње представа у позоришту?", "sr-Cyrl", "event:d2-theatre"],
  ];
  for (const [question, lang, key] of cases) {
    it(`"${question}" → ${key}`, () => {
      expect(top(question, lang)).toContain(key);
    });
  }

  it("finds the e-government figure in the article for a Serbian question in either script", () => {
    for (const [q, lang] of [["Koliko ljudi koristi e-upravu u Srbiji?", "sr-Latn"], ["Колико људи користи е-управу у Србији?", "sr-Cyrl"]] as const) {
      const hits = top(q, lang);
      expect(hits.some((k) => k.startsWith("doc:article:") || k === "event:d1-egov-session")).toBe(true);
    }
  });

  it("reads 'tomorrow' from the clock: on day 2, tomorrow's lunch is the farewell lunch of day 3", () => {
    const day2 = Date.parse("2024-09-25T09:00:00+03:00");
    const hits = retrieve(kb, { question: "Where is tomorrow's lunch?", lang: "en", viewer: GUEST, now: day2 }).hits;
    expect(hits[0]!.key).toBe("event:d3-farewell-lunch");
  });

  it("searches other languages too: a document only in English answers a Russian reader", async () => {
    const mini = await knowledgeOf(MINI_DIR);
    const hits = retrieve(mini, { question: "Breakfast 07:00?", lang: "ru", viewer: GUEST, now: DAY1_MORNING }).hits;
    expect(hits[0]?.key).toBe("doc:memo:0");
    expect(hits[0]?.passage.lang).toBe("en");
  });
});

describe("retrieval respects who is asking", () => {
  it("does not show an expert the ministers' tête-à-tête, but shows it to a head of delegation", () => {
    expect(top("tête-à-tête of the two ministers", "en", EXPERT, 10)).not.toContain("event:d1-tete-a-tete");
    expect(top("tête-à-tête of the two ministers", "en", HEAD, 3)).toContain("event:d1-tete-a-tete");
  });

  it("does not give a guest the heads' driver contact, but always the emergency numbers", () => {
    expect(top("driver of the heads of delegation car phone", "en", GUEST, 10)).not.toContain("contact:driver-heads");
    expect(top("emergency number", "en", GUEST, 5)).toContain("contact:emergency-112");
  });
});
