import { afterEach, describe, expect, it } from "vitest";
import { startWorld, textOf, type World } from "../helpers/attache.ts";

let world: World;
afterEach(async () => world?.stop());

async function russian(w: World, id = 701) {
  const d = w.user(id, { language_code: "ru" });
  await d.send("/start");
  await d.tap("Русский");
  await d.tap("Продолжить как гость");
  return d;
}

describe("bad input never crashes the bot and gets an answer in the user's language", () => {
  it("an unknown command gets a short help in Russian", async () => {
    world = await startWorld();
    const d = await russian(world);
    expect(textOf(await d.send("/frobnicate"))).toMatch(/Я не знаю команду \/frobnicate/);
  });

  it("a message at the 4096-character limit gets a reply, and the bot keeps working", async () => {
    world = await startWorld();
    const d = await russian(world);
    const reply = await d.send("а".repeat(4096));
    expect(reply.length).toBeGreaterThan(0);
    expect(textOf(await d.send("/today"))).toMatch(/День/);
  });

  it("emoji-only text gets a polite answer", async () => {
    world = await startWorld();
    const d = await russian(world);
    expect((await d.send("🎉🎉🎉")).length).toBe(1);
  });

  it("stickers, photos and voice get a note that the bot reads text", async () => {
    world = await startWorld();
    const d = await russian(world);
    for (const act of [() => world.emu.sendSticker(d.id), () => world.emu.sendPhoto(d.id), () => world.emu.sendVoice(d.id)]) {
      expect(textOf(await d.act(act))).toMatch(/только текстовые сообщения/);
    }
  });

  it("an edited message is ignored silently", async () => {
    world = await startWorld();
    const d = await russian(world);
    const [question] = [world.emu.sendText(d.id, "/today")];
    await d.act(() => question);
    const reply = await d.act(() => world.emu.editText(d.id, question.message.id, "/tomorrow"));
    expect(reply).toEqual([]);
  });

  it("a button from an old keyboard is answered, not left spinning", async () => {
    world = await startWorld();
    const d = await russian(world);
    const [day] = await d.send("/today");
    await d.tapData("e:event-that-no-longer-exists", day);
    expect(d.callbackAnswers().at(-1)).toBe("Эта кнопка устарела.");
  });

  it("forged callback data is answered politely", async () => {
    world = await startWorld();
    const d = await russian(world);
    await d.send("/today");
    await d.tapData("💥💥💥💥💥💥💥💥💥💥💥💥💥💥💥💥");
    expect(d.callbackAnswers().at(-1)).toBe("Эта кнопка устарела.");
  });

  it("in a group, the bot answers commands with a pointer to the private chat and ignores chatter", async () => {
    world = await startWorld();
    world.user(702);
    world.user(703);
    const group = world.emu.createGroup({ title: "Delegation", members: [702, 703] });
    const before = world.emu.botMessages(group.id).length;
    const chatter = world.emu.sendText(702, "hello everyone", { chat: group.id });
    const command = world.emu.sendText(703, "/today", { chat: group.id });
    await world.emu.waitFor(() => world.emu.botMessages(group.id).length > before);
    const bot = world.emu.botMessages(group.id).slice(before);
    expect(bot).toHaveLength(1);
    expect(bot[0]!.text).toMatch(/private chat/);
    expect(chatter.message.id).toBeLessThan(command.message.id);
  });
});
