import { afterEach, describe, expect, it } from "vitest";
import { startWorld, textOf, type Delegate, type World } from "../helpers/attache.ts";
import { ORGANIZER, delegation, organizer } from "../helpers/delegation.ts";
import type { StoredMessage } from "../../src/emulator/index.ts";
import { startFakeLlm, type ChatBody, type FakeLlm } from "../helpers/fake-llm.ts";

let world: World | undefined;
let llm: FakeLlm | undefined;
afterEach(async () => {
  await world?.stop();
  await llm?.close();
  world = undefined;
  llm = undefined;
});

const NOW = "2024-09-24T08:00:00+03:00";
const BUS = "The bus leaves at 9:40 from the hotel lobby.";

const ANNOUNCEMENT = /📢|Announcement|Объявление|Обавештење|Obaveštenje/;
const announcements = (d: Delegate) => d.messages().filter((m) => ANNOUNCEMENT.test(m.text) && !/Preview/.test(m.text));
const waitForAnnouncement = (w: World, d: Delegate) => w.emu.waitFor(() => announcements(d)[0], { timeoutMs: 5000 });
const settle = () => new Promise((r) => setTimeout(r, 300));

/** A translator on loopback: answers each translation prompt in the language it asks for. */
function translator(body: ChatBody): string {
  const system = body.messages[0]?.content ?? "";
  if (system.includes("into Russian")) return "Автобус отправляется в 9:40 из холла гостиницы.";
  if (system.includes("into Serbian")) return "Аутобус полази у 9:40 из хола хотела.";
  return "NO_ANSWER";
}

/** /announce → an audience button → the text: resolves with the preview. */
async function announce(org: Delegate, audience: string, text: string): Promise<StoredMessage> {
  await org.send("/announce");
  await org.tap(audience);
  const [preview] = await org.send(text);
  return preview!;
}

async function withTranslator(): Promise<World> {
  llm = await startFakeLlm();
  llm.fallback = { respond: translator };
  return startWorld({ organizerIds: [ORGANIZER], now: NOW, env: { OPENAI_BASE_URL: llm.baseUrl } });
}

describe("an organizer's announcement", () => {
  it("to a group reaches only that group's delegates, in the original with a note of its language when no model is configured", async () => {
    world = await startWorld({ organizerIds: [ORGANIZER], now: NOW });
    const { head, expert, latin, english } = await delegation(world);
    const org = await organizer(world);
    expect(textOf(await org.send("/announce"))).toMatch(/Who is the announcement for\?/);
    expect(org.last().buttons.flat()).toEqual(["👥 Everyone", "Heads", "Experts", "👤 A person…", "✖️ Cancel"]);
    expect(textOf(await org.tap("Experts"))).toMatch(/It goes out as written/);
    const preview = (await org.send(BUS))[0]!;
    expect(preview.text).toMatch(/Preview of the announcement/);
    expect(preview.text).toContain("Порука на енглеском");
    expect(preview.text).toContain("Poruka na engleskom");
    expect(preview.text).toContain("Сообщение на английском языке");
    expect(preview.text).toMatch(/To: Experts\nIt will reach 1 delegate:\s*Marija Petrović/);
    expect(preview.buttons.flat()).toEqual(["📤 Send", "✖️ Cancel"]);
    expect(announcements(expert)).toHaveLength(0); // nothing before Send

    await org.tap("📤 Send", preview);
    const got = await waitForAnnouncement(world, expert);
    expect(got.text).toContain("Обавештење организатора");
    expect(got.text).toContain(BUS);
    expect(got.text).toContain("Порука на енглеском");
    await settle();
    for (const other of [head, latin, english]) expect(announcements(other)).toHaveLength(0);
  });

  it("is sent once: a second Send sends nothing twice", async () => {
    world = await startWorld({ organizerIds: [ORGANIZER], now: NOW });
    const { head, english } = await delegation(world);
    const org = await organizer(world);
    const preview = await announce(org, "👥 Everyone", BUS);
    expect(preview.text).toMatch(/It will reach 4 delegates/);
    const sendData = world.emu.findButton(ORGANIZER, preview.id, "📤 Send");
    expect(textOf(await org.tap("📤 Send", preview))).toMatch(/Sent. 4 delegates will get it/);
    await waitForAnnouncement(world, english);
    await org.tapData(sendData, preview);
    expect(org.callbackAnswers().at(-1)).toMatch(/already sent; nothing is sent twice/);
    await settle();
    expect(announcements(english)).toHaveLength(1);
    expect(announcements(head)).toHaveLength(1);
    const sends = (await world.deps.state.recentAudit(20)).filter((e) => e.action === "announce.send");
    expect(sends).toHaveLength(1);
    expect(sends[0]!.details).toMatchObject({ recipients: 4 });
  });

  it("with a language model, each reader gets a copy labelled as machine-translated, with the original one tap away", async () => {
    world = await withTranslator();
    const { head, latin, english } = await delegation(world);
    const org = await organizer(world);
    await org.send("/announce");
    expect(textOf(await org.tap("👥 Everyone"))).toMatch(/I will translate it/);
    const preview = (await org.send(BUS))[0]!;
    expect(preview.text).toContain("Автобус отправляется в 9:40");
    expect(preview.text).toContain("Autobus polazi u 9:40");
    await org.tap("📤 Send", preview);

    const ru = await waitForAnnouncement(world, head);
    expect(ru.text).toContain("Автобус отправляется в 9:40 из холла гостиницы.");
    expect(ru.text).toContain("Машинный перевод");
    expect(ru.buttons.flat()).toEqual(["🔤 Показать оригинал"]);
    await head.tap("🔤 Показать оригинал", ru);
    expect(head.callbackAnswers().at(-1)).toBe(`Оригинал (английский): ${BUS}`);

    const lat = await waitForAnnouncement(world, latin);
    expect(lat.text).toContain("Autobus polazi u 9:40 iz hola hotela.");
    expect(lat.text).toContain("Mašinski prevod");
    expect(lat.text).not.toMatch(/\p{Script=Cyrillic}/u);

    const en = await waitForAnnouncement(world, english);
    expect(en.text).toContain(BUS);
    expect(en.text).not.toMatch(/Machine translation/);
    expect(en.buttons.flat()).toEqual([]);
  });

  it("shows the original only to those it was sent to", async () => {
    world = await withTranslator();
    const { head, expert } = await delegation(world);
    const org = await organizer(world);
    await org.tap("📤 Send", await announce(org, "Heads", BUS));
    const ru = await waitForAnnouncement(world, head);
    const original = world.emu.findButton(head.id, ru.id, "🔤 Показать оригинал");
    await expert.send("/today");
    await expert.tapData(original);
    expect(expert.callbackAnswers().at(-1)).toBe("Ово дугме је застарело.");
  });

  it("an organizer may give every language; each reader gets theirs, unlabelled", async () => {
    world = await startWorld({ organizerIds: [ORGANIZER], now: NOW });
    const { head, expert, latin, english } = await delegation(world);
    const org = await organizer(world);
    const preview = await announce(org, "👥 Everyone", "ru: Ужин переносится на 19:30.\nsr: Вечера се помера на 19:30.\nen: Dinner moves to 19:30.");
    await org.tap("📤 Send", preview);
    expect((await waitForAnnouncement(world, head)).text).toMatch(/Ужин переносится на 19:30\.$/);
    expect((await waitForAnnouncement(world, expert)).text).toMatch(/Вечера се помера на 19:30\.$/);
    expect((await waitForAnnouncement(world, latin)).text).toMatch(/Večera se pomera na 19:30\.$/);
    expect((await waitForAnnouncement(world, english)).text).toMatch(/Dinner moves to 19:30\.$/);
  });

  it("to one person reaches only that person", async () => {
    world = await startWorld({ organizerIds: [ORGANIZER], now: NOW });
    const { head, expert } = await delegation(world);
    const org = await organizer(world);
    await org.send("/announce");
    await org.tap("👤 A person…");
    await org.tap("Dejan Ristić");
    const preview = (await org.send("Ваш переводчик ждёт у входа."))[0]!;
    expect(preview.text).toMatch(/To: Dejan Ristić\nIt will reach 1 delegate/);
    await org.tap("📤 Send", preview);
    expect((await waitForAnnouncement(world, head)).text).toContain("Ваш переводчик ждёт у входа.");
    await settle();
    expect(announcements(expert)).toHaveLength(0);
  });

  it("a text too long for one message is sent back to be shortened, and the wizard goes on", async () => {
    world = await startWorld({ organizerIds: [ORGANIZER], now: NOW });
    const org = await organizer(world);
    await org.send("/announce");
    await org.tap("👥 Everyone");
    expect(textOf(await org.send("word ".repeat(700)))).toMatch(/That is 3499 characters; an announcement can have up to 3000/);
    expect(textOf(await org.send(BUS))).toMatch(/Preview of the announcement/);
  });

  it("✖️ Cancel on the preview discards it and nothing is sent", async () => {
    world = await startWorld({ organizerIds: [ORGANIZER], now: NOW });
    const { english } = await delegation(world);
    const org = await organizer(world);
    const preview = await announce(org, "👥 Everyone", BUS);
    await org.tap("✖️ Cancel", preview);
    expect(world.emu.message(ORGANIZER, preview.id)!.text).toMatch(/Discarded. Nothing was sent/);
    await settle();
    expect(announcements(english)).toHaveLength(0);
    expect((await world.deps.state.recentAudit(5)).map((e) => e.action)).toContain("announce.discard");
  });

  it("a delegate's forged Send of an announcement preview is refused and sends nothing", async () => {
    world = await startWorld({ organizerIds: [ORGANIZER], now: NOW });
    const { english } = await delegation(world);
    const org = await organizer(world);
    const preview = await announce(org, "👥 Everyone", BUS);
    const sendData = world.emu.findButton(ORGANIZER, preview.id, "📤 Send");
    await english.send("/today");
    await english.tapData(sendData);
    expect(english.callbackAnswers().at(-1)).toMatch(/only the visit's organizers/);
    await settle();
    expect(announcements(english)).toHaveLength(0);
  });
});

describe("the organizer's menu", () => {
  it("lists the organizer commands in the organizer's chat once a language is chosen, and not in a delegate's", async () => {
    world = await startWorld({ organizerIds: [ORGANIZER], now: NOW });
    await organizer(world);
    const { english } = await delegation(world);
    const menu = (chat: number) =>
      world!.emu.callsOf("setMyCommands")
        .map((c) => c.params as { commands: Array<{ command: string }> | string; scope?: unknown })
        .filter((p) => JSON.stringify(p.scope ?? "").includes(`"chat_id":${chat}`))
        .map((p) => (typeof p.commands === "string" ? JSON.parse(p.commands) : p.commands) as Array<{ command: string }>)
        .at(-1)!.map((c) => c.command);
    expect(menu(ORGANIZER)).toEqual(expect.arrayContaining(["change", "move", "cancel", "reinstate", "announce", "status", "log", "today"]));
    expect(menu(english.id)).not.toContain("announce");
    expect(menu(english.id)).toContain("today");
  });
});
