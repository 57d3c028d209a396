import { afterEach, describe, expect, it } from "vitest";
import { startWorld, textOf, type World } from "../helpers/attache.ts";
import { ORGANIZER, delegation, organizer, waitForNotice } from "../helpers/delegation.ts";
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
const RAMBLING = "Please note that the dark suit is required. ".repeat(100);

/** A translator that rambles in English (far longer than any notice allows) and is sensible in Serbian. */
function rambler(body: ChatBody): string {
  const system = body.messages[0]?.content ?? "";
  if (system.includes("into English")) return RAMBLING;
  if (system.includes("into Serbian")) return "Тамно одело";
  return "NO_ANSWER";
}

async function withRambler(): Promise<World> {
  llm = await startFakeLlm();
  llm.fallback = { respond: rambler };
  return startWorld({ organizerIds: [ORGANIZER], now: NOW, env: { OPENAI_BASE_URL: llm.baseUrl } });
}

describe("texts too long for a Telegram message", () => {
  it("a /change note too long for a notice is sent back to be shortened, and the wizard goes on to the preview", async () => {
    world = await startWorld({ organizerIds: [ORGANIZER], now: NOW });
    const { english } = await delegation(world);
    const org = await organizer(world);
    await org.send("/change meeting");
    await org.tap(/A note/);
    const long = "Dark suit, meet in the hall at 9:40. ".repeat(110).trim();
    expect(textOf(await org.send(long))).toMatch(new RegExp(`That is ${long.length} characters; a note can have up to 1000`));
    const [preview] = await org.send("Dark suit");
    expect(preview!.text).toContain("ℹ️ Dark suit");
    await org.tap("📤 Send", preview);
    expect((await waitForNotice(world, english, /Dark suit/)).text).toMatch(/Meeting at the Ministry/);
  });

  it("an organizer writing in Russian is asked in Russian to shorten the note", async () => {
    world = await startWorld({ organizerIds: [ORGANIZER], now: NOW });
    const org = world.user(ORGANIZER, { language_code: "ru" });
    await org.send("/start");
    await org.tap("Русский");
    await org.tap(/гост/i);
    await org.send("/change meeting");
    await org.tap(/Примечание|примечание/);
    expect(textOf(await org.send("Тёмный костюм. ".repeat(80)))).toMatch(/в примечании может быть не больше 1000/);
  });

  it("with a language model, a rambling translation of a note is dropped: its readers get the original with its language", async () => {
    world = await withRambler();
    const org = await organizer(world);
    await org.send("/change meeting");
    await org.tap(/A note/);
    const preview = textOf(await org.send("Тёмный костюм"));
    expect(preview).not.toContain("Please note");
    expect(preview).toContain("ℹ️ Тёмный костюм (in Russian)");
    expect(preview).toContain("ℹ️ Тамно одело (машински превод)");
  });

  it("with a language model, a rambling translation of an announcement is dropped: its readers get the original with its language", async () => {
    world = await withRambler();
    const { english } = await delegation(world);
    const org = await organizer(world);
    await org.send("/announce");
    await org.tap("👥 Everyone");
    const [preview] = await org.send("Автобус отправляется в 9:40 из холла гостиницы.");
    expect(preview!.text).not.toContain("Please note");
    await org.tap("📤 Send", preview);
    const notice = await waitForNotice(world, english, /Автобус отправляется/);
    expect(notice.text).toContain("Message in Russian");
  });
});
