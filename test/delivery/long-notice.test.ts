import { afterEach, describe, expect, it } from "vitest";
import { until } from "../helpers/until.ts";
import { Api, InlineKeyboard } from "grammy";
import { createEmulator, type Emulator } from "../../src/emulator/index.ts";
import { openSqlite } from "../../src/storage/sqlite-map.ts";
import { SqliteStateStore } from "../../src/storage/sqlite-state.ts";
import { Sender } from "../../src/delivery/sender.ts";
import { RateLimiter } from "../../src/delivery/limiter.ts";
import { createLogger } from "../../src/logger.ts";

const TOKEN = "123456:TEST-token-for-the-local-emulator-only";
let emu: Emulator;
let sender: Sender | undefined;
afterEach(async () => {
  await sender?.stop();
  await emu?.close();
});

describe("a notice longer than one Telegram message", () => {
  it("arrives as several messages with the keyboard on the last, and is marked sent with the last one's id", async () => {
    emu = createEmulator();
    const { apiRoot } = await emu.listen();
    emu.addUser({ id: 42, first_name: "Ana" }, { startedBot: true });
    const store = new SqliteStateStore(openSqlite(":memory:"));
    await store.enqueue([{ key: "long", chatId: 42, userId: 42, kind: "system", payload: null, batch: "b" }]);
    const paragraph = (n: number) => `<b>Part ${n}</b> ${"Dark suit, meet in the hall at 9:40. ".repeat(60)}`.trim();
    const keyboard = new InlineKeyboard().text("✅ Got it", "ack");
    sender = new Sender({
      outbox: store,
      api: new Api(TOKEN, { apiRoot }),
      render: async () => ({ text: [1, 2, 3].map(paragraph).join("\n\n"), keyboard }),
      logger: createLogger("silent"),
      limiter: new RateLimiter({ perSecond: 400, perChatMs: 1 }),
      idleMs: 10,
    });
    sender.start();
    await until(async () => (await store.batchReport("b")).pending === 0, 10_000);

    const messages = emu.botMessages(42);
    expect(await store.batchReport("b")).toMatchObject({ sent: 1, failed: 0 });
    expect(messages.length).toBeGreaterThan(1);
    expect(messages.map((m) => m.text).join("\n\n")).toBe([1, 2, 3].map(paragraph).join("\n\n").replace(/<\/?b>/g, ""));
    expect(messages.slice(0, -1).every((m) => m.buttons.length === 0)).toBe(true);
    expect(messages.at(-1)!.buttons.flat()).toEqual(["✅ Got it"]);
    const [notice] = await store.byBatch("b");
    expect(notice!.messageId).toBe(messages.at(-1)!.id);
  });
});
