import { afterEach, describe, expect, it } from "vitest";
import { until } from "../helpers/until.ts";
import { Api } from "grammy";
import { createEmulator, type Emulator } from "../../src/emulator/index.ts";
import { openSqlite } from "../../src/storage/sqlite-map.ts";
import { SqliteStateStore } from "../../src/storage/sqlite-state.ts";
import { Sender } from "../../src/delivery/sender.ts";
import { RateLimiter } from "../../src/delivery/limiter.ts";
import { createLogger } from "../../src/logger.ts";
import type { NewNotice } from "../../src/delivery/outbox.ts";

const TOKEN = "123456:TEST-token-for-the-local-emulator-only";
let emu: Emulator;
let sender: Sender | undefined;
afterEach(async () => {
  await sender?.stop();
  await emu?.close();
});

function broadcast(userIds: number[], batch: string): NewNotice[] {
  return userIds.map((id) => ({ key: `${batch}:${id}`, chatId: id, userId: id, kind: "system", payload: { n: id }, batch }));
}

describe("the outbox under Telegram's faults", () => {
  it("serves every reachable delegate of a 300-person broadcast exactly once through 429s, 500s and dropped connections, and reports the blocked ones", async () => {
    emu = createEmulator({ seed: 7 });
    const { apiRoot } = await emu.listen();
    const users = Array.from({ length: 300 }, (_, i) => 10_000 + i);
    for (const id of users) emu.addUser({ id, first_name: `D${id}` }, { startedBot: true });
    const blocked = new Set(users.filter((_, i) => i % 37 === 0));
    emu.faults = {
      serverError: { probability: 0.1 },
      dropConnection: { probability: 0.1 },
      tooManyRequests: { everyNth: 60, retryAfter: 1 },
      blocked,
    };
    const store = new SqliteStateStore(openSqlite(":memory:"));
    await store.enqueue(broadcast(users, "b1"));
    const unreachable: number[] = [];
    sender = new Sender({
      outbox: store,
      api: new Api(TOKEN, { apiRoot }),
      render: async (n) => ({ text: `Notice <b>${(n.payload as { n: number }).n}</b>` }),
      logger: createLogger("silent"),
      limiter: new RateLimiter({ perSecond: 400, perChatMs: 1 }),
      retryBaseMs: 20,
      idleMs: 20,
      onUnreachable: (n) => void unreachable.push(n.chatId),
    });
    sender.start();
    await until(async () => (await store.batchReport("b1")).pending === 0, 60_000);

    const report = await store.batchReport("b1");
    expect(report).toMatchObject({ total: 300, sent: 300 - blocked.size, unreachable: blocked.size, failed: 0 });
    for (const id of users) {
      const received = emu.botMessages(id).filter((m) => m.text === `Notice ${id}`).length;
      expect({ id, received }).toEqual({ id, received: blocked.has(id) ? 0 : 1 });
    }
    expect(unreachable.sort()).toEqual([...blocked].sort());
    expect(emu.stats.faults.serverError).toBeGreaterThan(10);
    expect(emu.stats.faults.dropConnection).toBeGreaterThan(10);
    expect(emu.stats.faults.tooManyRequests).toBeGreaterThan(0);
    expect(sender.stats.tooManyRequests).toBe(emu.stats.faults.tooManyRequests);
  });

  it("keeps each delegate's notices in the order they were made, even when one is retried", async () => {
    emu = createEmulator({ seed: 3 });
    const { apiRoot } = await emu.listen();
    emu.addUser({ id: 42, first_name: "Ana" }, { startedBot: true });
    emu.faults = { serverError: { probability: 0.3 } };
    const store = new SqliteStateStore(openSqlite(":memory:"));
    await store.enqueue(Array.from({ length: 12 }, (_, i) => ({ key: `k${i}`, chatId: 42, kind: "system" as const, payload: i, batch: "o" })));
    sender = new Sender({
      outbox: store,
      api: new Api(TOKEN, { apiRoot }),
      render: async (n) => ({ text: `#${String(n.payload)}` }),
      logger: createLogger("silent"),
      limiter: new RateLimiter({ perSecond: 400, perChatMs: 1 }),
      retryBaseMs: 10,
      idleMs: 10,
    });
    sender.start();
    await until(async () => (await store.batchReport("o")).pending === 0, 30_000);
    expect(emu.botMessages(42).map((m) => m.text)).toEqual(Array.from({ length: 12 }, (_, i) => `#${i}`));
  });

  it("never exceeds the configured pace: a fake Bot API enforcing 1 message a second per chat sees no 429", async () => {
    emu = createEmulator();
    const { apiRoot } = await emu.listen();
    emu.addUser({ id: 7, first_name: "Ana" }, { startedBot: true });
    emu.faults = { rateLimit: { perSecondPerChat: 1, perSecondTotal: 30 } };
    const store = new SqliteStateStore(openSqlite(":memory:"));
    await store.enqueue([0, 1, 2].map((i) => ({ key: `p${i}`, chatId: 7, kind: "system" as const, payload: i, batch: "p" })));
    sender = new Sender({
      outbox: store,
      api: new Api(TOKEN, { apiRoot }),
      render: async (n) => ({ text: `#${String(n.payload)}` }),
      logger: createLogger("silent"),
      idleMs: 10,
    });
    sender.start();
    await until(async () => (await store.batchReport("p")).pending === 0, 10_000);
    expect(emu.stats.faults.rateLimit).toBe(0);
    expect(emu.botMessages(7)).toHaveLength(3);
  });
});
