import { afterEach, describe, expect, it } from "vitest";
import { startWorld, textOf, type World } from "../helpers/attache.ts";
import { ORGANIZER, delegation, organizer, waitForNotice, meetingMovedNotices } from "../helpers/delegation.ts";

let world: World;
afterEach(async () => world?.stop());

describe("an organizer moves an event", () => {
  it("previews the notice in four languages and, on Send, every affected delegate gets it in their language and script once", async () => {
    world = await startWorld({ organizerIds: [ORGANIZER], now: "2024-09-24T08:00:00+03:00" });
    const { head, expert, latin, english } = await delegation(world);
    const org = await organizer(world);

    const [preview] = await org.send("/move meeting 11:30");
    expect(preview!.text).toMatch(/Preview of the notice/);
    for (const fragment of ["Перенесено", "Померено", "Pomereno", "Moved", "10:00–12:00 → 11:30–13:30"]) expect(preview!.text).toContain(fragment);
    expect(preview!.text).toMatch(/It will reach 4 delegates/);
    expect(head.messages().some((m) => /Перенесено/.test(m.text))).toBe(false); // nothing before Send

    const sendData = world.emu.findButton(ORGANIZER, preview!.id, "📤 Send");
    await org.tap("📤 Send", preview);
    expect(world.emu.message(ORGANIZER, preview!.id)!.buttons.flat()).toEqual([]); // the Send button is gone
    const notices = await meetingMovedNotices(world, { head, expert, latin, english });
    expect(notices.english.buttons.flat()).toContain("✅ Got it");

    // A second Send of the same preview sends nothing twice.
    await org.tapData(sendData, preview);
    expect(org.callbackAnswers().at(-1)).toMatch(/already sent/);
    await new Promise((r) => setTimeout(r, 300));
    expect(english.messages().filter((m) => /Moved/.test(m.text))).toHaveLength(1);

    // The live programme shows the new time.
    expect(textOf(await english.send("/today"))).toContain("11:30–13:30 Meeting at the Ministry");
  });

  it("reaches only the delegates in the event's audience", async () => {
    world = await startWorld({ organizerIds: [ORGANIZER], now: "2024-09-24T08:00:00+03:00" });
    const { head, expert, english } = await delegation(world);
    const org = await organizer(world);
    const [preview] = await org.send("/move tete-a-tete 14:00");
    expect(preview!.text).toMatch(/It will reach 1 delegate:\s*Dejan Ristić/);
    await org.tap("📤 Send", preview);
    await waitForNotice(world, head, /Перенесено/);
    await new Promise((r) => setTimeout(r, 300));
    expect(expert.messages().some((m) => /Померено/.test(m.text))).toBe(false);
    expect(english.messages().some((m) => /Moved/.test(m.text))).toBe(false);
  });

  it("records acknowledgements and /status lists who has and has not seen the change", async () => {
    world = await startWorld({ organizerIds: [ORGANIZER], now: "2024-09-24T08:00:00+03:00" });
    const { head, english } = await delegation(world);
    const org = await organizer(world);
    await org.tap("📤 Send", (await org.send("/cancel meeting"))[0]);
    const notice = await waitForNotice(world, english, /Cancelled/);
    await english.tap("✅ Got it", notice);
    expect(english.callbackAnswers().at(-1)).toBe("Thank you, noted.");
    await waitForNotice(world, head, /Отменено/);
    const status = textOf(await org.send("/status"));
    expect(status).toMatch(/1 acknowledged: guest 904/);
    expect(status).toMatch(/3 not yet: .*Dejan Ristić/);
    expect(textOf(await english.send("/today"))).toMatch(/Meeting at the Ministry — cancelled/);
  });

  it("explains a bad time and suggests the nearest event ids", async () => {
    world = await startWorld({ organizerIds: [ORGANIZER] });
    const org = await organizer(world);
    expect(textOf(await org.send("/move meeting 25:99"))).toMatch(/“25:99” is not a time/);
    expect(textOf(await org.send("/move dinner 23:30"))).toMatch(/outside the visit's days/);
    expect(textOf(await org.send("/move meetin 11:00"))).toMatch(/There is no event “meetin”. Nearest ids: meeting/);
  });
});

describe("a delegate is not an organizer", () => {
  it("/move, /cancel and /status are refused and nothing changes", async () => {
    world = await startWorld({ organizerIds: [ORGANIZER], now: "2024-09-24T08:00:00+03:00" });
    const { english } = await delegation(world);
    for (const cmd of ["/move meeting 11:30", "/cancel meeting", "/status", "/announce hello"]) {
      expect(textOf(await english.send(cmd))).toMatch(/only the visit's organizers/);
    }
    expect(textOf(await english.send("/today"))).toContain("10:00–12:00 Meeting at the Ministry");
    const log = await world.deps.state.recentAudit(10);
    expect(log.filter((e) => !e.allowed).map((e) => e.action)).toEqual(
      expect.arrayContaining(["refused:/move", "refused:/cancel", "refused:/status", "refused:/announce"]),
    );
  });

  it("a forged organizer Send button from a delegate is refused and sends nothing", async () => {
    world = await startWorld({ organizerIds: [ORGANIZER], now: "2024-09-24T08:00:00+03:00" });
    const { english, head } = await delegation(world);
    const org = await organizer(world);
    const [preview] = await org.send("/move meeting 11:30");
    const sendData = world.emu.findButton(ORGANIZER, preview!.id, "📤 Send");
    await english.send("/today");
    await english.tapData(sendData);
    expect(english.callbackAnswers().at(-1)).toMatch(/only the visit's organizers/);
    await new Promise((r) => setTimeout(r, 300));
    expect(head.messages().some((m) => /Перенесено/.test(m.text))).toBe(false);
    expect(await world.deps.state.changes()).toEqual([]);
  });
});

describe("delivery progress", () => {
  it("the organizer sees Sending n/N… end in a report, and a delegate who blocked the bot is reported unreachable", async () => {
    world = await startWorld({ organizerIds: [ORGANIZER], now: "2024-09-24T08:00:00+03:00" });
    const { latin } = await delegation(world);
    const org = await organizer(world);
    world.emu.blockBot(latin.id);
    await org.tap("📤 Send", (await org.send("/move meeting 11:30"))[0]);
    const report = await world.emu.waitFor(() => org.messages().find((m) => /📬 Done/.test(m.text)), { timeoutMs: 8000 });
    expect(report.text).toBe("Sent. 4 delegates will be notified.\n📬 Done: 3 of 4 delivered, 1 unreachable, 0 failed.");
    // One message, edited in place from "Sending n/N…" to the report (or sent as the report if the batch was already done).
    // "Sent" and the progress are one message (a private chat takes about one message a second).
    expect(org.messages().filter((m) => /^Sent\.|📤 Sending|📬 Done/.test(m.text))).toHaveLength(1);
    expect(textOf(await org.send("/status"))).toMatch(/1 unreachable: guest 903/);
  });
});

describe("two organizers at once", () => {
  it("a preview made before another organizer changed the event is refused on Send, and that change stands", async () => {
    world = await startWorld({ organizerIds: [ORGANIZER, 905], now: "2024-09-24T08:00:00+03:00" });
    const { english } = await delegation(world);
    const first = await organizer(world);
    const second = world.user(905);
    await second.send("/start");
    await second.tap("English");
    await second.tap("Continue as a guest");
    const [stale] = await first.send("/move meeting 11:30");
    await second.tap("📤 Send", (await second.send("/cancel meeting"))[0]);
    await waitForNotice(world, english, /Cancelled/);

    expect(textOf(await first.tap("📤 Send", stale))).toMatch(/changed by someone else after this preview; nothing was sent/);
    expect(world.deps.scenario.visit.events.find((e) => e.id === "meeting")).toMatchObject({ cancelled: true });
    await new Promise((r) => setTimeout(r, 300));
    expect(english.messages().filter((m) => /Moved/.test(m.text))).toEqual([]);
  });
});
