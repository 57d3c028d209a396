import { afterEach, describe, expect, it } from "vitest";
import { openEvents, startDemoWorld, type DemoWorld } from "./demo-world.ts";
import { FIRST_PERSONA_ID } from "../../src/server/personas.ts";

let world: DemoWorld;
afterEach(async () => world?.stop());

const RISTIC = FIRST_PERSONA_ID;
const EXPERT = FIRST_PERSONA_ID + 1;
const STAFF = FIRST_PERSONA_ID + 2;
const RUSSIAN = FIRST_PERSONA_ID + 3;
const LIAISON = FIRST_PERSONA_ID + 4;

interface PersonaView { userId: number; kind: string; name: string; lang: string | null }
interface MessageView { id: number; out: boolean; text: string; inline?: Array<Array<{ text: string; data?: string }>> }

async function say(w: DemoWorld, userId: number, text: string): Promise<MessageView> {
  const sent = await w.post<{ message: MessageView }>(`/api/chats/${userId}/messages`, { text });
  expect(sent.status).toBe(201);
  const reply = await w.reply(userId, sent.body.message.id);
  const history = await w.get<{ messages: MessageView[] }>(`/api/chats/${userId}`);
  return history.body.messages.find((m) => m.id === reply.id)!;
}

describe("the web chat's HTTP API", () => {
  it("lists the demo delegation in four languages, with the host liaison officer as the only organizer", async () => {
    world = await startDemoWorld();
    const { status, body } = await world.get<{ personas: PersonaView[] }>("/api/personas");
    expect(status).toBe(200);
    expect(body.personas.map((p) => [p.name, p.lang, p.kind])).toEqual([
      ["Dejan Ristić", "sr-Latn", "delegate"],
      ["Никола Ђорђевић", "sr-Cyrl", "delegate"],
      ["Dušan Radovanović", "en", "delegate"],
      ["Ана Стефанович", "ru", "delegate"],
      ["Ольга Романович", "ru", "organizer"],
    ]);
    expect(world.demo.deps.organizerIds).toContain(LIAISON);
    for (const id of [RISTIC, EXPERT, STAFF, RUSSIAN]) expect(world.demo.deps.organizerIds).not.toContain(id);
  });

  it("a persona's /today is answered in their own language, without onboarding first", async () => {
    world = await startDemoWorld();
    expect((await say(world, RISTIC, "/today")).text).toMatch(/^Dan 1 · utorak, 24\. septembar/);
    expect((await say(world, EXPERT, "/today")).text).toMatch(/^Дан 1/);
    expect((await say(world, STAFF, "/today")).text).toMatch(/^Day 1 · Tuesday/);
    expect((await say(world, RUSSIAN, "/today")).text).toMatch(/^День 1/);
  });

  it("pressing an event button opens its detail in place and the press is answered", async () => {
    world = await startDemoWorld();
    const day = await say(world, STAFF, "/today");
    const button = day.inline!.flat().find((b) => b.text.startsWith("11:30"))!;
    const events = await openEvents(world.url);
    const pressed = await world.post<{ queryId: string }>(`/api/chats/${STAFF}/callbacks`, { messageId: day.id, data: button.data });
    expect(pressed.status).toBe(202);
    const edit = await events.next((e) => e.event === "edit" && (e.data as MessageView).id === day.id);
    expect((edit.data as MessageView).text).toMatch(/Dress code:/);
    await events.next((e) => e.event === "callbackAnswer" && (e.data as { queryId: string }).queryId === pressed.body.queryId);
    events.close();
  });

  it("the clock controls move the bot's own clock: next event, +15 min, next day, and /now follows", async () => {
    world = await startDemoWorld();
    const start = await world.get<{ local: string; day: number }>("/api/clock");
    expect(start.body).toMatchObject({ local: "2024-09-24T08:30", day: 1 });
    expect((await world.post<{ local: string }>("/api/clock", { action: "next-event" })).body.local).toBe("2024-09-24T10:00");
    expect((await world.post<{ local: string }>("/api/clock", { action: "plus-15" })).body.local).toBe("2024-09-24T10:15");
    expect((await world.post<{ local: string }>("/api/clock", { action: "plus-60" })).body.local).toBe("2024-09-24T11:15");
    const nextDay = await world.post<{ local: string; day: number }>("/api/clock", { action: "next-day" });
    expect(nextDay.body).toMatchObject({ local: "2024-09-25T08:30", day: 2 });
    await world.post("/api/clock", { action: "set", at: "2024-09-25T10:15" });
    expect((await say(world, STAFF, "/now")).text).toMatch(/Now: 10:15/);
  });

  it("refuses to move past the visit: no next day after the last one", async () => {
    world = await startDemoWorld({ BOT_NOW: "2024-09-26T12:00:00+03:00" });
    const refused = await world.post<{ error: string }>("/api/clock", { action: "next-day" });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatch(/no day after/);
  });

  it("streams a bot message to an open page as a server-sent event, with the clock moves", async () => {
    world = await startDemoWorld();
    const events = await openEvents(world.url);
    expect(events.contentType).toMatch(/text\/event-stream/);
    await events.next((e) => e.event === "ready");
    await world.post(`/api/chats/${RUSSIAN}/messages`, { text: "/now" });
    const message = await events.next((e) => e.event === "message" && !(e.data as MessageView).out);
    expect((message.data as MessageView).text).toMatch(/Сейчас|08:30/);
    await world.post("/api/clock", { action: "plus-15" });
    expect((await events.next((e) => e.event === "clock")).data).toMatchObject({ local: "2024-09-24T08:45" });
    events.close();
  });

  it("answers 400 with a JSON error for malformed input, 404 for an unknown persona, 415 for a non-JSON body", async () => {
    world = await startDemoWorld();
    const cases: Array<[string, unknown, number, RegExp]> = [
      [`/api/chats/${RISTIC}/messages`, "{not json", 400, /not valid JSON/],
      [`/api/chats/${RISTIC}/messages`, { text: "   " }, 400, /text/],
      [`/api/chats/${RISTIC}/messages`, { text: "x".repeat(4097) }, 400, /4096/],
      [`/api/chats/${RISTIC}/callbacks`, { messageId: "one", data: "e:x" }, 400, /messageId/],
      ["/api/chats/abc/messages", { text: "hi" }, 400, /positive integer/],
      ["/api/chats/42/messages", { text: "hi" }, 404, /no persona/],
      ["/api/clock", { action: "rewind" }, 400, /action/],
      [`/api/chats/${RISTIC}/share`, { what: "password" }, 400, /what/],
      ["/api/clock", { action: "set", at: "tomorrow" }, 409, /wall-clock/],
      ["/api/personas", { languageCode: "<script>" }, 400, /languageCode/],
    ];
    for (const [route, body, status, error] of cases) {
      const res = await world.post<{ error: string }>(route, body);
      expect([route, res.status]).toEqual([route, status]);
      expect(res.body.error).toMatch(error);
    }
    const form = await world.post<{ error: string }>("/api/clock", "action=plus-15", "application/x-www-form-urlencoded");
    expect(form.status).toBe(415);
    expect((await world.get<{ error: string }>("/api/nothing")).status).toBe(404);
    expect((await world.get<{ error: string }>("/api/files/nope")).status).toBe(404);
  });

  it("a button that is not on the message is refused without reaching the bot", async () => {
    world = await startDemoWorld();
    const day = await say(world, STAFF, "/today");
    const res = await world.post<{ error: string }>(`/api/chats/${STAFF}/callbacks`, { messageId: day.id, data: "e:forged" });
    expect(res.status).toBe(409);
    expect(world.demo.emulator.callbackAnswers).toHaveLength(0);
  });

  it("the liaison officer's /move reaches the four delegates, each in their own language and script", async () => {
    world = await startDemoWorld();
    const preview = await say(world, LIAISON, "/move d1-ministry-meeting 12:00");
    const send = preview.inline!.flat().find((b) => b.data?.startsWith("dr:s:"));
    expect(send, preview.text).toBeDefined();
    const events = await openEvents(world.url);
    await world.post(`/api/chats/${LIAISON}/callbacks`, { messageId: preview.id, data: send!.data });
    const notice = async (chatId: number) =>
      ((await events.next((e) => e.event === "message" && (e.data as { chatId: number }).chatId === chatId, 10_000)).data as MessageView).text;
    expect(await notice(RISTIC)).toMatch(/Pomereno/);
    expect(await notice(EXPERT)).toMatch(/Померено/);
    expect(await notice(STAFF)).toMatch(/Moved/);
    expect(await notice(RUSSIAN)).toMatch(/Перенесено/);
    events.close();
  });

  it("the next day's morning briefing arrives at once after the jump, pinned, and the pinned bar data follows", async () => {
    world = await startDemoWorld();
    const events = await openEvents(world.url);
    await world.post("/api/clock", { action: "next-day" });
    const pin = await events.next((e) => e.event === "pin" && (e.data as { chatId: number }).chatId === STAFF, 10_000);
    const pinned = (pin.data as { pinned: MessageView }).pinned;
    expect(pinned.text).toMatch(/Wednesday|Day 2/);
    const chat = await world.get<{ pinned: MessageView }>(`/api/chats/${STAFF}`);
    expect(chat.body.pinned.id).toBe(pinned.id);
    events.close();
  });

  it("a document the bot sends can be downloaded from the page", async () => {
    world = await startDemoWorld();
    const sent = await world.post<{ message: MessageView }>(`/api/chats/${STAFF}/messages`, { text: "/calendar" });
    const reply = await world.reply(STAFF, sent.body.message.id);
    const history = await world.get<{ messages: Array<MessageView & { file?: { name: string; url: string } }> }>(`/api/chats/${STAFF}`);
    const file = history.body.messages.find((m) => m.id === reply.id)!.file!;
    expect(file.name).toBe("visit.ics");
    const res = await fetch(world.url + file.url);
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="visit.ics"/);
    expect(await res.text()).toMatch(/^BEGIN:VCALENDAR/);
  });

  it("a delegate's /liaison shows the reply keyboard; the location key and a reply from the liaison officer go round", async () => {
    world = await startDemoWorld();
    type Keyed = MessageView & { keyboard?: { rows: Array<Array<{ text: string; request?: string }>> } };
    const prompt = (await say(world, STAFF, "/liaison")) as Keyed;
    expect(prompt.keyboard!.rows.flat()).toEqual([{ text: "📍 Share my location", request: "location" }, { text: "✖️ Cancel" }]);
    const shared = await world.post<{ message: { location?: { map: string } } }>(`/api/chats/${STAFF}/share`, { what: "location" });
    expect(shared.status).toBe(201);
    expect(shared.body.message.location?.map).toMatch(/^https:\/\/www\.openstreetmap\.org\//);
    const pin = await world.demo.emulator.waitFor(() => world.demo.emulator.history(LIAISON).find((m) => m.kind === "location"));
    expect(pin.media.location).toBeDefined();

    await say(world, STAFF, "/liaison");
    await say(world, STAFF, "Where is the bus?");
    const relayed = await world.demo.emulator.waitFor(() => world.demo.emulator.botMessages(LIAISON).find((m) => /Where is the bus/.test(m.text)));
    const answer = await world.post<{ message: MessageView }>(`/api/chats/${LIAISON}/messages`, { text: "У северного входа.", replyTo: relayed.id });
    expect(answer.status).toBe(201);
    const back = await world.demo.emulator.waitFor(() => world.demo.emulator.botMessages(STAFF).find((m) => /северного входа/.test(m.text)));
    expect(back.text).toMatch(/organizers/i);
    expect((await world.post<{ error: string }>(`/api/chats/${LIAISON}/messages`, { text: "x", replyTo: 9999 })).status).toBe(404);
  });

  it("a reopened page gets the whole chat back: history from both sides, in order", async () => {
    world = await startDemoWorld();
    await say(world, EXPERT, "/today");
    await say(world, EXPERT, "/now");
    const { body } = await world.get<{ messages: MessageView[] }>(`/api/chats/${EXPERT}`);
    expect(body.messages.map((m) => m.out)).toEqual([true, false, true, false]);
    expect(body.messages[0]!.text).toBe("/today");
  });

  it("a new guest persona starts from /start with the language picker", async () => {
    world = await startDemoWorld();
    const created = await world.post<{ persona: PersonaView }>("/api/personas", { languageCode: "ru" });
    expect(created.status).toBe(201);
    const guest = created.body.persona;
    expect(guest.kind).toBe("guest");
    const welcome = await world.reply(guest.userId, 0);
    expect(welcome.buttons.flat()).toEqual(expect.arrayContaining(["Srpski (latinica)", "English"]));
    const list = await world.get<{ personas: PersonaView[] }>("/api/personas");
    expect(list.body.personas.map((p) => p.userId)).toContain(guest.userId);
  });

  it("the command menu follows the chat's language: Serbian Latin per chat, Russian for a new Russian client", async () => {
    world = await startDemoWorld();
    const ristic = await world.get<{ commands: Array<{ command: string; description: string }>; source: string }>(`/api/chats/${RISTIC}/commands`);
    expect(ristic.body.source).toBe("chat|");
    expect(ristic.body.commands.find((c) => c.command === "today")?.description).toBe("Program za danas");
    const guest = (await world.post<{ persona: PersonaView }>("/api/personas", { languageCode: "ru" })).body.persona;
    const menu = await world.get<{ source: string }>(`/api/chats/${guest.userId}/commands`);
    expect(menu.body.source).toBe("default|ru");
  });

  it("serves the page with a strict content security policy, and its script as JavaScript", async () => {
    world = await startDemoWorld();
    const page = await fetch(`${world.url}/`);
    expect(page.headers.get("content-security-policy")).toMatch(/script-src 'self'/);
    expect(await page.text()).toMatch(/<script type="module" src="\/app.ts">/);
    const script = await fetch(`${world.url}/app.ts`);
    expect(script.headers.get("content-type")).toMatch(/text\/javascript/);
    const js = await script.text();
    expect(js).not.toMatch(/interface Persona|: Promise<void>/);
  });
});
