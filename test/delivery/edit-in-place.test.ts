import { afterEach, describe, expect, it } from "vitest";
import { Api } from "grammy";
import { createEmulator, type Emulator } from "../../src/emulator/index.ts";
import { openSqlite } from "../../src/storage/sqlite-map.ts";
import { SqliteStateStore } from "../../src/storage/sqlite-state.ts";
import { Sender, type RenderedNotice } from "../../src/delivery/sender.ts";
import { RateLimiter } from "../../src/delivery/limiter.ts";
import { createLogger } from "../../src/logger.ts";

const TOKEN = "123456:TEST-token-for-the-local-emulator-only";
const CHAT = 51;
let emu: Emulator;
let sender: Sender | undefined;
afterEach(async () => {
  await sender?.stop();
  await emu?.close();
});

/** A sender whose notices carry their rendering in the payload; returns the message ids reported as sent. */
async function deliver(notices: RenderedNotice[]) {
  const store = new SqliteStateStore(openSqlite(":memory:"));
  await store.enqueue(notices.map((r, i) => ({ key: `n${i}`, chatId: CHAT, kind: "card" as const, payload: r, batch: "b" })));
  const sentIds: number[] = [];
  sender = new Sender({
    outbox: store,
    api: new Api(TOKEN, { apiRoot: emu.apiRoot }),
    render: async (n) => n.payload as RenderedNotice,
    logger: createLogger("silent"),
    limiter: new RateLimiter({ perSecond: 400, perChatMs: 1 }),
    idleMs: 10,
    onSent: (_n, id) => void sentIds.push(id),
  });
  sender.start();
  const deadline = Date.now() + 5000;
  while ((await store.batchReport("b")).pending > 0) {
    if (Date.now() > deadline) throw new Error("outbox did not drain");
    await new Promise((r) => setTimeout(r, 20));
  }
  return { report: await store.batchReport("b"), sentIds };
}

describe("notices that pin and edit in place (the today card)", () => {
  it("pins a message, edits it in place, and takes an unchanged edit as done", async () => {
    emu = createEmulator();
    await emu.listen();
    emu.addUser({ id: CHAT, first_name: "Ana" }, { startedBot: true });
    const first = await deliver([{ text: "<b>Card</b> v1", pin: true }]);
    const cardId = first.sentIds[0]!;
    expect(emu.pinnedMessage(CHAT)?.text).toBe("Card v1");
    await sender!.stop();

    const second = await deliver([
      { text: "<b>Card</b> v2", edit: { messageId: cardId } },
      { text: "<b>Card</b> v2", edit: { messageId: cardId } }, // "message is not modified"
    ]);
    expect(second.report).toMatchObject({ sent: 2, failed: 0 });
    expect(second.sentIds).toEqual([cardId, cardId]);
    expect(emu.botMessages(CHAT)).toHaveLength(1);
    expect(emu.message(CHAT, cardId)).toMatchObject({ text: "Card v2", edited: true });
  });

  it("sends and pins a new message when the one to edit is gone", async () => {
    emu = createEmulator();
    await emu.listen();
    emu.addUser({ id: CHAT, first_name: "Ana" }, { startedBot: true });
    const { report, sentIds } = await deliver([{ text: "Card v3", edit: { messageId: 9999 } }]);
    expect(report).toMatchObject({ sent: 1, failed: 0 });
    expect(sentIds[0]).not.toBe(9999);
    expect(emu.pinnedMessage(CHAT)).toMatchObject({ id: sentIds[0], text: "Card v3" });
  });
});
