import { afterAll, afterEach, describe, expect, it } from "vitest";
import { startWorld, textOf, type World } from "../helpers/attache.ts";
import { startFakeLlm, type FakeLlm } from "../helpers/fake-llm.ts";
import { DEFAULT_SCENARIO_DIR } from "../../src/config.ts";

let world: World;
let fake: FakeLlm | undefined;
afterEach(async () => world?.stop());
afterAll(async () => fake?.close());

const DAY1 = "2024-09-24T09:00:00+03:00";

async function guest(w: World, id: number, language = "English", guestButton = "Continue as a guest") {
  const d = w.user(id);
  await d.send("/start");
  await d.tap(language);
  await d.tap(guestButton);
  return d;
}

describe("grounded answers, offline (no language model configured)", () => {
  it("answers a Serbian Latin question in Latin, and its source button opens the programme entry", async () => {
    world = await startWorld({ scenarioDir: DEFAULT_SCENARIO_DIR, now: DAY1 });
    const d = await guest(world, 701);
    const [answer] = await d.send("Gde je sutra ručak?");
    expect(answer!.text).toMatch(/Ručak u Parku visokih tehnologija/);
    expect(answer!.text).toMatch(/13:00–14:00/);
    expect(answer!.text).not.toMatch(/\p{Script=Cyrillic}/u);
    expect(answer!.buttons.flat()).toContain("[1] Program, dan 2");
    const opened = await d.tap("[1] Program, dan 2", answer);
    // The card opens in the language of the answer, not the (English) setting.
    expect(textOf(opened)).toMatch(/Ručak u Parku visokih tehnologija/);
    expect(textOf(opened)).toMatch(/Ulica akademika Kupreviča 1/);
    expect(world.emu.message(d.id, answer!.id)!.text).toBe(answer!.text);
  });

  it("declines what the documents do not hold, names the liaison officer, and 'Ask a person' sends her card", async () => {
    world = await startWorld({ scenarioDir: DEFAULT_SCENARIO_DIR, now: DAY1 });
    const d = await guest(world, 702);
    const [reply] = await d.send("Какая погода будет в Белграде?");
    expect(reply!.text).toMatch(/В документах визита я этого не нашёл/);
    expect(reply!.text).toContain("+375290000101");
    const card = await d.tap("Спросить человека", reply);
    expect(textOf(card)).toMatch(/Офицер связи/);
    const contact = card.find((m) => m.kind === "contact");
    expect(contact?.media.contact).toMatchObject({ phone_number: "+375290000101" });
  });

  it("offers the original of a translated article passage and shows it in Russian", async () => {
    world = await startWorld({ scenarioDir: DEFAULT_SCENARIO_DIR, now: DAY1 });
    const d = await guest(world, 703);
    const [answer] = await d.send("Колико људи користи е-управу у Србији?");
    expect(answer!.text).toContain("2,3 милиона");
    // A guest does not see the experts' e-government session, so the article answers.
    expect(answer!.buttons.flat()).toContain("📄 Прикажи оригинал (руски)");
    const original = await d.tap("📄 Прикажи оригинал (руски)", answer);
    expect(textOf(original)).toMatch(/^Оригинал \(руски\)/);
    expect(textOf(original)).toContain("2,3 млн человек");
  });

  it("answers a too-long question with a friendly note and gives the text back", async () => {
    world = await startWorld({ scenarioDir: DEFAULT_SCENARIO_DIR, now: DAY1 });
    const d = await guest(world, 704);
    const long = `Where is lunch? ${"please tell me more ".repeat(60)}`.slice(0, 1100);
    const reply = textOf(await d.send(long));
    expect(reply).toMatch(/1100 characters long; I can read up to 1000/);
    expect(reply).toContain(long.slice(0, 200));
  });

  it("asks a delegate sending more than ten questions a minute to wait", async () => {
    world = await startWorld({ scenarioDir: DEFAULT_SCENARIO_DIR, now: DAY1 });
    const d = await guest(world, 705);
    for (let i = 0; i < 10; i++) expect(textOf(await d.send("Where is tomorrow's lunch?"))).toMatch(/High-Tech Park/);
    expect(textOf(await d.send("Where is tomorrow's lunch?"))).toMatch(/up to 10 a minute/);
  });

  it("keeps commands working: /today is not taken for a question", async () => {
    world = await startWorld({ scenarioDir: DEFAULT_SCENARIO_DIR, now: DAY1 });
    const d = await guest(world, 706);
    expect(textOf(await d.send("/today"))).toMatch(/Day 1/);
    expect(textOf(await d.send("/frobnicate"))).toMatch(/don't know|do not know|unknown/i);
  });
});

describe("grounded answers with a language model", () => {
  it("shows typing, streams into one message edited at most once a second, and ends with the sources", async () => {
    fake ??= await startFakeLlm();
    world = await startWorld({ scenarioDir: DEFAULT_SCENARIO_DIR, now: DAY1, env: { OPENAI_BASE_URL: fake.baseUrl, OPENAI_MODEL: "fake" } });
    const d = await guest(world, 711);
    const text = "Tomorrow's lunch is at the High-Tech Park, 1 Akademika Kuprevicha Street, from 13:00 to 14:00, hosted at the administration building [1].";
    fake.script({ text, chunkDelayMs: 120 });
    const started = Date.now();
    const sent = await d.send("Where is tomorrow's lunch?");
    const seconds = (Date.now() - started) / 1000;
    expect(world.emu.callsOf("sendChatAction").some((c) => (c.params as { action?: string }).action === "typing")).toBe(true);
    const answers = sent.filter((m) => /High-Tech Park/.test(m.text));
    expect(answers).toHaveLength(1);
    const final = world.emu.message(d.id, answers[0]!.id)!;
    expect(final.text).toContain("Tomorrow's lunch is at the High-Tech Park");
    expect(final.buttons.flat()).toContain("[1] Programme, day 2");
    const edits = world.emu.callsOf("editMessageText").length;
    expect(edits).toBeGreaterThan(0);
    expect(edits).toBeLessThanOrEqual(Math.ceil(seconds) + 1);
  });

  it("falls back to the offline answer with a short note when the model fails", async () => {
    fake ??= await startFakeLlm();
    world = await startWorld({ scenarioDir: DEFAULT_SCENARIO_DIR, now: DAY1, env: { OPENAI_BASE_URL: fake.baseUrl } });
    const d = await guest(world, 712);
    fake.script({ status: 500 });
    const reply = textOf(await d.send("Where is tomorrow's lunch?"));
    expect(reply).toMatch(/not available right now/);
    expect(reply).toMatch(/High-Tech Park/);
  });

  it("queues a second question sent while the first is being answered, and answers both in order", async () => {
    fake ??= await startFakeLlm();
    world = await startWorld({ scenarioDir: DEFAULT_SCENARIO_DIR, now: DAY1, env: { OPENAI_BASE_URL: fake.baseUrl } });
    const d = await guest(world, 713);
    fake.script({ text: "Lunch is at the High-Tech Park [1].", delayMs: 400 }, { text: "The theatre evening starts at 19:00 [1]." });
    await Promise.all([d.send("Where is tomorrow's lunch?"), d.send("When does the theatre start?")]);
    const texts = d.messages().map((m) => m.text);
    const lunch = texts.findIndex((t) => t.includes("Lunch is at the High-Tech Park"));
    const theatre = texts.findIndex((t) => t.includes("The theatre evening starts at 19:00"));
    expect(lunch).toBeGreaterThan(-1);
    expect(theatre).toBeGreaterThan(lunch);
  });
});
