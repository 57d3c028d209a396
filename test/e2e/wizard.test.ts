import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { startWorld, textOf, type Delegate, type World } from "../helpers/attache.ts";
import { ORGANIZER, delegation, organizer, waitForNotice, meetingMovedNotices } from "../helpers/delegation.ts";
import { startFakeLlm, type FakeLlm } from "../helpers/fake-llm.ts";

let world: World | undefined;
let llm: FakeLlm | undefined;
afterEach(async () => {
  await world?.stop();
  await llm?.close();
  world = undefined;
  llm = undefined;
});

const NOW = "2024-09-24T08:00:00+03:00";

/** /change → the first day → the ministry meeting → start time: the wizard now waits for HH:MM. */
async function upToTheTime(org: Delegate) {
  const [days] = await org.send("/change");
  expect(days!.text).toMatch(/Which day is the event on\?/);
  expect(textOf(await org.tap(/24 Sep/))).toMatch(/Which event\?/);
  // The question keeps the answer, and its buttons are gone.
  expect(org.messages().find((m) => m.id === days!.id)).toMatchObject({ text: expect.stringMatching(/→ Tue 24 Sept? · Talks$/), buttons: [] });
  expect(textOf(await org.tap("10:00 Meeting at the Ministry"))).toMatch(/What changes for “Meeting at the Ministry”/);
  expect(textOf(await org.tap("🕒 Start time"))).toMatch(/new start time as HH:MM \(now 10:00–12:00\)/);
}

describe("the /change wizard", () => {
  it("goes day → event → time → preview in four languages, and Send reaches every affected delegate in their language and script", async () => {
    world = await startWorld({ organizerIds: [ORGANIZER], now: NOW });
    const { head, expert, latin, english } = await delegation(world);
    const org = await organizer(world);
    await upToTheTime(org);

    const [preview] = await org.send("11:30");
    expect(preview!.text).toMatch(/Preview of the notice/);
    for (const fragment of ["Перенесено", "Померено", "Pomereno", "Moved", "10:00–12:00 → 11:30–13:30"]) expect(preview!.text).toContain(fragment);
    expect(preview!.text).toMatch(/It will reach 4 delegates/);
    expect(preview!.buttons.flat()).toEqual(["📤 Send", "✏️ Edit", "✖️ Cancel"]);
    expect(head.messages().some((m) => /Перенесено/.test(m.text))).toBe(false); // nothing before Send

    await org.tap("📤 Send", preview);
    const notices = await meetingMovedNotices(world, { head, expert, latin, english });
    const log = (await world.deps.state.recentAudit(20)).map((e) => e.action);
    expect(log).toEqual(expect.arrayContaining(["change.wizard", "change.send"]));
  });

  it("answers a bad time with a retry message and keeps waiting for a good one", async () => {
    world = await startWorld({ organizerIds: [ORGANIZER], now: NOW });
    const org = await organizer(world);
    await upToTheTime(org);
    const retry = textOf(await org.send("25:99"));
    expect(retry).toMatch(/“25:99” is not a time/);
    expect(retry).toMatch(/Try again, or tap ✖️ Cancel/);
    expect(textOf(await org.send("1130"))).toMatch(/“1130” is not a time/);
    expect(textOf(await org.send("11:30"))).toContain("10:00–12:00 → 11:30–13:30");
  });

  it("✖️ Cancel leaves the wizard and nothing is sent", async () => {
    world = await startWorld({ organizerIds: [ORGANIZER], now: NOW });
    const { english } = await delegation(world);
    const org = await organizer(world);
    await upToTheTime(org);
    expect(textOf(await org.tap("✖️ Cancel"))).toMatch(/Left the wizard. Nothing was sent/);
    // The wizard is gone: a time typed now is an ordinary message, not a change.
    expect(textOf(await org.send("11:30"))).not.toMatch(/Preview/);
    await new Promise((r) => setTimeout(r, 300));
    expect(english.messages().some((m) => /Moved/.test(m.text))).toBe(false);
    expect(await world.deps.state.changes()).toEqual([]);
    expect((await world.deps.state.recentAudit(10)).map((e) => e.action)).toContain("change.wizard.cancel");
  });

  it("/stop leaves the wizard too, since /cancel is the shortcut for cancelling an event", async () => {
    world = await startWorld({ organizerIds: [ORGANIZER], now: NOW });
    const org = await organizer(world);
    await upToTheTime(org);
    expect(textOf(await org.send("/stop"))).toMatch(/Left the wizard/);
    expect(textOf(await org.send("/stop"))).toMatch(/No wizard is open/);
  });

  it("a command typed inside the wizard leaves it and runs that command", async () => {
    world = await startWorld({ organizerIds: [ORGANIZER], now: NOW });
    const org = await organizer(world);
    await upToTheTime(org);
    const reply = textOf(await org.send("/today"));
    expect(reply).toMatch(/Left the wizard/);
    expect(reply).toContain("10:00–12:00 Meeting at the Ministry");
    // The shortcut works at once, and its preview is not taken for a wizard step.
    expect(textOf(await org.send("/cancel meeting"))).toMatch(/Preview of the notice[\s\S]*Cancelled/);
    expect(textOf(await org.send("11:30"))).not.toMatch(/Preview/);
  });

  it("a question typed at a button step goes to the rest of the bot, and the wizard goes on", async () => {
    world = await startWorld({ organizerIds: [ORGANIZER], now: NOW });
    const org = await organizer(world);
    await org.send("/change");
    const answer = textOf(await org.send("where is the dinner?"));
    expect(answer).toMatch(/Hotel Europe/);
    expect(answer).not.toMatch(/Which event|Left the wizard/);
    expect(textOf(await org.tap(/25 Sep/))).toMatch(/Which event\?/);
    expect(org.last().buttons.flat()).toContain("19:00 Dinner");
  });

  it("changes the venue from buttons and shows the same preview", async () => {
    world = await startWorld({ organizerIds: [ORGANIZER], now: NOW });
    const org = await organizer(world);
    await org.send("/change");
    await org.tap(/24 Sep/);
    await org.tap("10:00 Meeting at the Ministry");
    expect(textOf(await org.tap("📍 Venue"))).toMatch(/Which venue\?/);
    const preview = textOf(await org.tap("Hotel Europe"));
    expect(preview).toMatch(/New venue/);
    expect(preview).toContain("Ministry of Communications → Hotel Europe");
  });

  it("a note typed in one language is shown in every language with the language it is written in", async () => {
    world = await startWorld({ organizerIds: [ORGANIZER], now: NOW });
    const org = await organizer(world);
    await org.send("/change");
    await org.tap(/24 Sep/);
    await org.tap("10:00 Meeting at the Ministry");
    await org.tap(/A note/);
    const preview = textOf(await org.send("Тёмный костюм, сбор в холле в 9:40"));
    expect(preview).toMatch(/Update/);
    expect(preview).toContain("Тёмный костюм, сбор в холле в 9:40\n");
    expect(preview).toContain("Тёмный костюм, сбор в холле в 9:40 (in Russian)");
    expect(preview).toContain("(на руском)");
    expect(preview).toContain("(na ruskom)");
  });

  it("with a language model, a note is machine-translated and labelled so", async () => {
    llm = await startFakeLlm();
    llm.fallback = {
      respond: (body) => {
        const system = body.messages[0]?.content ?? "";
        return system.includes("into English") ? "Dark suit" : system.includes("into Serbian") ? "Тамно одело" : "NO_ANSWER";
      },
    };
    world = await startWorld({ organizerIds: [ORGANIZER], now: NOW, env: { OPENAI_BASE_URL: llm.baseUrl } });
    const org = await organizer(world);
    await org.send("/change meeting");
    await org.tap(/A note/);
    const preview = textOf(await org.send("Тёмный костюм"));
    expect(preview).toContain("ℹ️ Тёмный костюм\n");
    expect(preview).toContain("ℹ️ Тамно одело (машински превод)");
    expect(preview).toContain("ℹ️ Tamno odelo (mašinski prevod)");
    expect(preview).toContain("ℹ️ Dark suit (machine translation)");
  });

  it("lists cancelled events too and offers to put them back", async () => {
    world = await startWorld({ organizerIds: [ORGANIZER], now: NOW });
    const org = await organizer(world);
    await org.tap("📤 Send", (await org.send("/cancel dinner"))[0]);
    await org.send("/change");
    await org.tap(/25 Sep/);
    expect(textOf(await org.tap("❌ 19:00 Dinner"))).toMatch(/What changes/);
    expect(org.last().buttons.flat()).toContain("✅ Put it back on the programme");
    expect(textOf(await org.tap("✅ Put it back on the programme"))).toMatch(/Back on the programme/);
  });

  it("the preview's Edit button goes back to “what changes” for the same event", async () => {
    world = await startWorld({ organizerIds: [ORGANIZER], now: NOW });
    const org = await organizer(world);
    const [preview] = await org.send("/move meeting 11:30");
    expect(textOf(await org.tap("✏️ Edit", preview))).toMatch(/What changes for “Meeting at the Ministry”/);
    await org.tap("🏁 End time");
    expect(textOf(await org.send("09:00"))).toMatch(/The end must come after the start \(10:00\)/);
    expect(textOf(await org.send("12:30"))).toContain("10:00–12:00 → 10:00–12:30");
  });

  it("survives a restart of the bot in the middle of the wizard", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "attache-wizard-"));
    const storageFile = path.join(dir, "attache.sqlite");
    try {
      world = await startWorld({ organizerIds: [ORGANIZER], now: NOW, storageFile });
      const { english } = await delegation(world);
      await upToTheTime(await organizer(world));
      await world.stop();

      // Fresh modules, as in a new process: nothing of the first bot survives but the SQLite file.
      vi.resetModules();
      const fresh = (await import("../helpers/attache.ts")) as typeof import("../helpers/attache.ts");
      world = await fresh.startWorld({ organizerIds: [ORGANIZER], now: NOW, storageFile });
      // A new emulator: the delegate's chat with the bot exists already, as it does on Telegram.
      world.emu.addUser({ id: english.id, first_name: "Reader", language_code: "en" }, { startedBot: true });
      const reader = world.user(english.id);
      const org = world.user(ORGANIZER);
      const [preview] = await org.send("11:30");
      expect(preview!.text).toContain("10:00–12:00 → 11:30–13:30");
      await org.tap("📤 Send", preview);
      expect((await waitForNotice(world, reader, /Moved/)).text).toContain("Meeting at the Ministry");
    } finally {
      await world?.stop();
      world = undefined;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("a delegate and the wizards", () => {
  it("/change and /announce are refused and audited", async () => {
    world = await startWorld({ organizerIds: [ORGANIZER], now: NOW });
    const { english } = await delegation(world);
    expect(textOf(await english.send("/change"))).toMatch(/only the visit's organizers/);
    expect(textOf(await english.send("/announce"))).toMatch(/only the visit's organizers/);
    const refused = (await world.deps.state.recentAudit(10)).filter((e) => !e.allowed).map((e) => e.action);
    expect(refused).toEqual(expect.arrayContaining(["refused:/change", "refused:/announce"]));
  });

  it("a forged wizard button does nothing but a polite refusal", async () => {
    world = await startWorld({ organizerIds: [ORGANIZER], now: NOW });
    const { english } = await delegation(world);
    const org = await organizer(world);
    const [days] = await org.send("/change");
    const dayData = world.emu.findButton(ORGANIZER, days!.id, /24 Sep/);
    await english.send("/today");
    const before = english.messages().length;
    await english.tapData(dayData);
    expect(english.callbackAnswers().at(-1)).toMatch(/only the visit's organizers/);
    expect(english.messages()).toHaveLength(before);
    expect((await world.deps.state.recentAudit(5)).map((e) => e.action)).toContain("refused:wizard.day");
    // The organizer's own wizard is untouched.
    expect(textOf(await org.tap(/24 Sep/))).toMatch(/Which event\?/);
  });

  it("a delegate's typed question is answered as usual while an organizer has a wizard open", async () => {
    world = await startWorld({ organizerIds: [ORGANIZER], now: NOW });
    const { english } = await delegation(world);
    const org = await organizer(world);
    await upToTheTime(org);
    const reply = textOf(await english.send("11:30"));
    expect(reply).not.toMatch(/Preview|Left the wizard/);
    expect(textOf(await org.send("11:30"))).toMatch(/Preview of the notice/);
  });
});
