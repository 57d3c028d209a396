import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { tempDir } from "../helpers/temp.ts";
import { startWorld, textOf, type Delegate, type World } from "../helpers/attache.ts";
import { join, organizer, ORGANIZER } from "../helpers/delegation.ts";
import { keyboardTexts } from "../../src/emulator/markup.ts";
import type { StoredMessage } from "../../src/emulator/index.ts";
import { DEFAULT_SCENARIO_DIR } from "../../src/config.ts";

let world: World | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

const GROUP = -1001234567890;
const NOW = "2024-09-24T08:00:00+03:00";

const expert = (w: World) => join(w, 902, "Српски (ћирилица)", "Марија Петровић");

/** The next bot message in a chat matching the pattern (relays arrive through the outbox, a moment later). */
const arrives = (w: World, chatId: number, pattern: RegExp) =>
  w.emu.waitFor(() => w.emu.botMessages(chatId).find((m) => pattern.test(m.text)), { timeoutMs: 5000, what: `${pattern} in chat ${chatId}` });

/** A user's reply (Telegram reply_to_message) to a message in a chat; resolves once the bot handled it. */
const replyTo = (w: World, d: Delegate, message: StoredMessage, text: string, chat?: number) =>
  d.act(() => w.emu.sendText(d.id, text, { replyToMessageId: message.id, ...(chat !== undefined ? { chat } : {}) }));

describe("a delegate writes to the liaison", () => {
  it("/liaison asks for the message and the organizers get it with the delegate's name, group and language", async () => {
    world = await startWorld({ organizerIds: [ORGANIZER], now: NOW });
    await organizer(world);
    const marija = await expert(world);

    const [prompt] = await marija.send("/liaison");
    expect(prompt!.text).toMatch(/Напишите у једној поруци/);
    expect(keyboardTexts(prompt!.replyMarkup).flat()).toEqual(["📍 Пошаљи моју локацију", "✖️ Откажи"]);

    const [confirmation] = await marija.send("Изгубила сам пасош <у хотелу> & не знам шта да радим");
    expect(confirmation!.text).toMatch(/Прослеђено организаторима/);
    expect(confirmation!.replyMarkup).toEqual({ remove_keyboard: true });

    const relayed = await arrives(world, ORGANIZER, /Message from/);
    expect(relayed.text).toContain("Message from Marija Petrović · Experts · Serbian, Cyrillic");
    expect(relayed.text).toContain("Изгубила сам пасош <у хотелу> & не знам шта да радим");
    expect(relayed.text).toMatch(/Reply to this message/);
  });

  it("an organizer's reply goes back to the delegate who wrote, in their chat, labelled as from the organizers", async () => {
    world = await startWorld({ organizerIds: [ORGANIZER], now: NOW });
    const org = await organizer(world);
    const marija = await expert(world);
    const english = await join(world, 904, "English", "Continue as a guest");
    await marija.send("/liaison");
    await marija.send("Где је аутобус?");
    const relayed = await arrives(world, ORGANIZER, /Где је аутобус/);

    const [ack] = await replyTo(world, org, relayed, "The bus waits at the north entrance.");
    expect(ack!.text).toBe("✅ Your answer goes to Marija Petrović.");
    const answer = await arrives(world, 902, /north entrance/);
    expect(answer.text).toMatch(/^💬 Одговор организатора посете\n\nThe bus waits at the north entrance\.$/);
    expect(answer.buttons.flat()).toEqual(["✍️ Одговори"]);
    expect(english.messages().some((m) => /north entrance/.test(m.text))).toBe(false);
  });

  it("a command typed instead of the message cancels it and runs as usual", async () => {
    world = await startWorld({ organizerIds: [ORGANIZER], now: NOW });
    await organizer(world);
    const english = await join(world, 904, "English", "Continue as a guest");
    await english.send("/liaison");
    const replies = await english.send("/today");
    expect(replies[0]!.text).toBe("Nothing was sent to the organizers.");
    expect(textOf(replies.slice(1))).toContain("Meeting at the Ministry");
    await english.send("Is there a dress code?");
    expect(await world.deps.outbox.depth()).toBe(0);
    expect(world.emu.botMessages(ORGANIZER).some((m) => /dress code/.test(m.text))).toBe(false);
  });

  it("keeps waiting for the message across a restart on the same storage file", async () => {
    const storageFile = path.join(tempDir("attache-handover"), "attache.sqlite");
    world = await startWorld({ organizerIds: [ORGANIZER], now: NOW, storageFile });
    await organizer(world);
    await (await expert(world)).send("/liaison");
    await world.stop();

    world = await startWorld({ organizerIds: [ORGANIZER], now: NOW, storageFile });
    await world.user(ORGANIZER).send("/help");
    const [confirmation] = await world.user(902).send("Касним десет минута.");
    expect(confirmation!.text).toMatch(/Прослеђено организаторима/);
    expect((await arrives(world, ORGANIZER, /Касним/)).text).toContain("Marija Petrović");
  });
});

describe("'Ask a person' under a declined answer", () => {
  it("asks for the message to the organizers in the answer's language, and passes it on", async () => {
    world = await startWorld({ organizerIds: [ORGANIZER], now: NOW, scenarioDir: DEFAULT_SCENARIO_DIR });
    await organizer(world);
    const guest = await join(world, 905, "English", "Continue as a guest");
    const [declined] = await guest.send("Какая погода будет в Белграде?");
    const [prompt] = await guest.tap("Спросить человека", declined);
    expect(prompt!.text).toMatch(/Напишите одним сообщением/);
    await guest.send("Нужен зонт?");
    expect((await arrives(world, ORGANIZER, /Нужен зонт/)).text).toContain("User905 (guest) · — · English");
  });
});

describe("in the organizers' group", () => {
  it("a relayed message lands in the group; a reply from someone who is not an organizer does nothing, an organizer's reply goes back", async () => {
    world = await startWorld({ organizerIds: [ORGANIZER], now: NOW, env: { ORGANIZER_CHAT_ID: String(GROUP) } });
    const org = await organizer(world);
    const marija = await expert(world);
    const english = await join(world, 904, "English", "Continue as a guest");
    world.emu.createGroup({ id: GROUP, title: "Organizers", members: [ORGANIZER, 904] });
    await marija.send("/liaison");
    await marija.send("Треба ми преводилац.");
    const relayed = await arrives(world, GROUP, /Треба ми преводилац/);
    expect(world.emu.botMessages(ORGANIZER).some((m) => /преводилац/.test(m.text))).toBe(false);

    const groupBefore = world.emu.botMessages(GROUP).length;
    await replyTo(world, english, relayed, "I am not an organizer but here is my answer", GROUP);
    expect(world.emu.botMessages(GROUP)).toHaveLength(groupBefore);
    const refused = (await world.deps.state.recentAudit(5)).find((e) => e.action === "refused:relay.reply");
    expect(refused).toMatchObject({ userId: 904, allowed: false });

    await replyTo(world, org, relayed, "An interpreter is on the way.", GROUP);
    await arrives(world, GROUP, /Your answer goes to Marija Petrović/);
    await arrives(world, 902, /An interpreter is on the way/);
    expect(marija.messages().some((m) => /not an organizer/.test(m.text))).toBe(false);
  });
});

describe("a lost delegate", () => {
  it("shares their location in one tap: the organizers get the pin and who sent it, and the keyboard goes away", async () => {
    world = await startWorld({ organizerIds: [ORGANIZER], now: NOW });
    const org = await organizer(world);
    const head = await join(world, 901, "Русский", "Деян Ристич");
    const [prompt] = await head.send("/liaison");
    expect(keyboardTexts(prompt!.replyMarkup)[0]).toEqual(["📍 Отправить моё местоположение"]);
    expect((prompt!.replyMarkup as { keyboard: Array<Array<{ request_location?: boolean }>> }).keyboard[0]![0]!.request_location).toBe(true);

    const [confirmation] = await head.act(() => world!.emu.sendLocation(901, 53.9, 27.56));
    expect(confirmation!.text).toMatch(/местоположение передано организаторам/);
    expect(confirmation!.replyMarkup).toEqual({ remove_keyboard: true });

    const who = await arrives(world, ORGANIZER, /shared their location/);
    expect(who.text).toContain("Dejan Ristić · Heads · Russian shared their location.");
    const pin = world.emu.botMessages(ORGANIZER).find((m) => m.kind === "location")!;
    expect(pin.media.location).toMatchObject({ latitude: 53.9, longitude: 27.56 });
    expect(pin.id).toBeLessThan(who.id);

    // An answer to the pin itself reaches the delegate too.
    await replyTo(world, org, pin, "Stay there, the driver is coming.");
    await arrives(world, 901, /the driver is coming/);
  });
});
