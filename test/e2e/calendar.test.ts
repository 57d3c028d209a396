import { afterEach, describe, expect, it } from "vitest";
import { join, organizer, ORGANIZER } from "../helpers/delegation.ts";
import { startWorld, type Delegate, type World } from "../helpers/attache.ts";
import type { StoredMessage } from "../../src/emulator/index.ts";

let world: World | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

/** The .ics file a /calendar reply carries, downloaded from the emulator, with its folded lines joined. */
function icsOf(w: World, message: StoredMessage) {
  expect(message.kind).toBe("document");
  expect((message.media.document as { file_name: string }).file_name).toBe("visit.ics");
  const raw = new TextDecoder().decode(w.emu.file(message.fileId!)!.bytes);
  const lines = raw.replace(/\r\n[ \t]/g, "").split("\r\n").filter(Boolean);
  const events = raw.split("BEGIN:VEVENT").slice(1).map((block) => {
    const props = block.replace(/\r\n[ \t]/g, "").split("\r\n");
    const get = (name: string) => props.find((l) => l.startsWith(`${name}:`) || l.startsWith(`${name};`));
    return { uid: get("UID")?.slice(4), get };
  });
  return { raw, lines, events, event: (uid: string) => events.find((e) => e.uid === uid) };
}

async function calendarOf(w: World, d: Delegate) {
  const [reply] = await d.send("/calendar");
  return { reply: reply!, ics: icsOf(w, reply!) };
}

describe("/calendar", () => {
  it("sends the delegate's own programme as a valid .ics in the visit's time zone", async () => {
    world = await startWorld({ now: "2024-09-24T08:00:00+03:00" });
    const guest = await join(world, 801, "English", "Continue as a guest");
    const { reply, ics } = await calendarOf(world, guest);
    expect(reply.text).toMatch(/Your programme as a calendar file/);

    expect(ics.lines[0]).toBe("BEGIN:VCALENDAR");
    expect(ics.lines.at(-1)).toBe("END:VCALENDAR");
    expect(ics.raw.split("\r\n").every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
    for (const kind of ["VCALENDAR", "VTIMEZONE", "VEVENT"]) {
      expect(ics.lines.filter((l) => l === `BEGIN:${kind}`).length).toBe(ics.lines.filter((l) => l === `END:${kind}`).length);
    }
    expect(ics.lines).toContain("X-WR-TIMEZONE:Europe/Minsk");
    expect(ics.lines).toContain("TZID:Europe/Minsk");
    expect(ics.lines).toContain("TZOFFSETTO:+0300");

    expect(ics.events.map((e) => e.uid).sort()).toEqual(["dinner@mini.attache", "meeting@mini.attache"]); // no heads-only talk
    const meeting = ics.event("meeting@mini.attache")!;
    expect(meeting.get("DTSTART")).toBe("DTSTART;TZID=Europe/Minsk:20240924T100000");
    expect(meeting.get("DTEND")).toBe("DTEND;TZID=Europe/Minsk:20240924T120000");
    expect(meeting.get("DTSTAMP")).toMatch(/^DTSTAMP:20240924T05\d{4}Z$/);
    expect(meeting.get("SEQUENCE")).toBe("SEQUENCE:0");
    expect(meeting.get("SUMMARY")).toBe("SUMMARY:Meeting at the Ministry");
    expect(meeting.get("LOCATION")).toBe("LOCATION:Ministry of Communications\\n10 Independence Avenue");
    expect(meeting.get("GEO")).toBe("GEO:53.8985;27.556");
    expect(meeting.get("STATUS")).toBe("STATUS:CONFIRMED");
    expect(meeting.get("DESCRIPTION")).toMatch(/Dress code: Business suit/);
  });

  it("speaks the delegate's language and includes the events of their group", async () => {
    world = await startWorld({ now: "2024-09-24T08:00:00+03:00" });
    const head = await join(world, 802, "Русский", "Деян Ристич");
    const { reply, ics } = await calendarOf(world, head);
    expect(reply.text).toMatch(/Ваша программа в виде календаря/);
    expect(ics.event("tete-a-tete@mini.attache")?.get("SUMMARY")).toBe("SUMMARY:Беседа министров");
    expect(ics.event("workshop@mini.attache")).toBeUndefined();
  });

  it("counts committed changes in SEQUENCE and marks a cancelled event CANCELLED, under the same UID", async () => {
    world = await startWorld({ organizerIds: [ORGANIZER], now: "2024-09-24T08:00:00+03:00" });
    const guest = await join(world, 803, "English", "Continue as a guest");
    const org = await organizer(world);
    await org.tap("📤 Send", (await org.send("/move meeting 11:30"))[0]);
    let { ics } = await calendarOf(world, guest);
    expect(ics.event("meeting@mini.attache")!.get("SEQUENCE")).toBe("SEQUENCE:1");
    expect(ics.event("meeting@mini.attache")!.get("DTSTART")).toBe("DTSTART;TZID=Europe/Minsk:20240924T113000");
    expect(ics.event("dinner@mini.attache")!.get("SEQUENCE")).toBe("SEQUENCE:0");

    await org.tap("📤 Send", (await org.send("/cancel dinner"))[0]);
    ({ ics } = await calendarOf(world, guest));
    const dinner = ics.event("dinner@mini.attache")!;
    expect(dinner.get("STATUS")).toBe("STATUS:CANCELLED");
    expect(dinner.get("SEQUENCE")).toBe("SEQUENCE:1");
    expect(ics.event("meeting@mini.attache")!.get("SEQUENCE")).toBe("SEQUENCE:1");
  });
});
