import { describe, expect, it } from "vitest";
import { DAY1_MORNING, EXPERT, GUEST, answersFor } from "../helpers/knowledge.ts";
import type { Answer } from "../../src/knowledge/answer.ts";
import type { Lang } from "../../src/domain/language.ts";

const answers = await answersFor();
const ask = async (question: string, setting: Lang = "en", viewer = EXPERT) =>
  (await answers.ask({ question, setting, viewer, now: DAY1_MORNING })).answer;
const text = (a: Answer) => (a.kind === "answer" ? a.text : "");

describe("offline answers quote the visit documents", () => {
  it("answers where tomorrow's lunch is with the venue and the time, citing the programme of day 2", async () => {
    const a = await ask("Where is tomorrow's lunch?");
    expect(a.kind).toBe("answer");
    expect(text(a)).toContain("High-Tech Park");
    expect(text(a)).toContain("13:00–14:00");
    expect(text(a)).toMatch(/\[1\]$/);
    expect(a.kind === "answer" && a.sources[0]).toMatchObject({ n: 1, key: "event:d2-lunch", day: 1 });
  });

  it("answers a Serbian Latin question in Latin script, even if the user's setting is Cyrillic", async () => {
    const a = await ask("Gde je sutra ručak?", "sr-Cyrl");
    expect(a.lang).toBe("sr-Latn");
    expect(text(a)).toMatch(/Ručak u Parku visokih tehnologija/);
    expect(text(a)).not.toMatch(/\p{Script=Cyrillic}/u);
  });

  it("answers a Russian question in Russian from the Russian text", async () => {
    const a = await ask("Кто встречает делегацию в министерстве?");
    expect(a.lang).toBe("ru");
    expect(text(a)).toContain("Делегацию встречает офицер связи");
  });

  it("gives the e-government figure from the article to a Serbian reader, with the Russian original offered", async () => {
    const a = await ask("Колико људи користи е-управу у Србији?", "sr-Cyrl");
    expect(text(a)).toContain("2,3 милиона");
    const doc = a.kind === "answer" ? a.sources.find((s) => s.kind === "document") : undefined;
    if (doc) expect(doc.originalLang).toBe("ru");
  });

  it("gives the phone number a question asks for", async () => {
    const a = await ask("What is the liaison officer's phone number?");
    expect(text(a)).toContain("+375290000101");
  });
});

describe("offline answers decline what the documents do not hold", () => {
  for (const question of [
    "What's the weather going to be in Belgrade tomorrow?",
    "Who won the Partizan vs Red Star football match?",
    "Какая зарплата у министра?",
    "Koji je broj telefona Stefana Ilića?",
    "What is Nikola Đorđević's mobile number?",
  ]) {
    it(`declines "${question}" and offers the liaison officer's contact`, async () => {
      const a = await ask(question);
      expect(a.kind).toBe("decline");
      expect(a.kind === "decline" && a.liaison?.phone).toBe("+375290000101");
    });
  }

  it("does not reveal a heads-only event to an expert who asks about it", async () => {
    const a = await ask("When is the tête-à-tête of the ministers?", "en", EXPERT);
    expect(text(a)).not.toMatch(/tête-à-tête/i);
  });

  it("declines an empty or emoji-only question", async () => {
    expect((await ask("🎉🎉🎉", "ru", GUEST)).kind).toBe("decline");
  });
});

describe("follow-up questions", () => {
  it("resolves 'and where is it?' against the previous question", async () => {
    const first = await answers.ask({ question: "When is the farewell lunch?", setting: "en", viewer: EXPERT, now: DAY1_MORNING });
    expect(first.answer.kind).toBe("answer");
    const follow = await answers.ask({
      question: "And where is it?", setting: "en", viewer: EXPERT, now: DAY1_MORNING + 60_000, previous: first.turn,
    });
    expect(follow.answer.kind === "answer" && follow.answer.sources[0]!.key).toBe("event:d3-farewell-lunch");
    expect(text(follow.answer)).toMatch(/Hotel Minsk/);
  });

  it("resolves a Russian 'а где это?' the same way, and forgets the turn after ten minutes", async () => {
    const first = await answers.ask({ question: "Во сколько начинается спектакль?", setting: "ru", viewer: EXPERT, now: DAY1_MORNING });
    const follow = await answers.ask({ question: "А где это?", setting: "ru", viewer: EXPERT, now: DAY1_MORNING + 60_000, previous: first.turn });
    expect(text(follow.answer)).toMatch(/Большой театр|Парижской Коммуны/);
    const late = await answers.ask({ question: "А где это?", setting: "ru", viewer: EXPERT, now: DAY1_MORNING + 11 * 60_000, previous: first.turn });
    expect(late.answer.kind).toBe("decline");
  });
});

describe("keeping up with the scenario", () => {
  it("rebuilds the passages when the scenario is replaced", async () => {
    const { scenarioSource } = await import("../../src/scenario/source.ts");
    const { createAnswers } = await import("../../src/knowledge/service.ts");
    const { labelsFromI18n } = await import("../../src/knowledge/labels.ts");
    const { createI18n } = await import("../../src/bot/i18n.ts");
    const { scenarioAt, MINI_DIR, DEMO_DIR } = await import("../helpers/knowledge.ts");
    const source = scenarioSource(await scenarioAt(DEMO_DIR));
    const live = createAnswers({ scenario: source, labels: labelsFromI18n(await createI18n()) });
    const question = { question: "When is breakfast served at the hotel?", setting: "en" as const, viewer: GUEST, now: DAY1_MORNING };
    expect(text((await live.ask(question)).answer)).toMatch(/07:00 to 10:30/);
    source.replace(await scenarioAt(MINI_DIR));
    expect(text((await live.ask(question)).answer)).toMatch(/07:00 to 10:00/);
    live.close();
  });
});
