// What only the shared store has to get right: Keyv namespaces on Redis, leases of live instances left alone,
// the webhook inbox telling a live instance from a dead one, and one send limit kept by several senders together.
import { afterEach, describe, expect, it } from "vitest";
import { Api } from "grammy";
import type { Update } from "grammy/types";
import { openStores, type Stores } from "../../src/storage/index.ts";
import { UserStore, type UserProfile } from "../../src/storage/users.ts";
import { DraftStore } from "../../src/storage/drafts.ts";
import { connectRedis, parseRedisUrl } from "../../src/storage/redis/client.ts";
import { RedisInbox } from "../../src/storage/redis/inbox.ts";
import type { RedisStateStore } from "../../src/storage/redis/state.ts";
import { Sender } from "../../src/delivery/sender.ts";
import { createEmulator, type Emulator } from "../../src/emulator/index.ts";
import { createLogger } from "../../src/logger.ts";
import type { NewNotice } from "../../src/delivery/outbox.ts";
import { redisStorageUrl } from "../helpers/redis.ts";
import { TEST_TOKEN } from "../helpers/attache.ts";

const cleanup: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function open(url: string): Promise<Stores> {
  const stores = await openStores(url);
  cleanup.push(() => stores.close());
  return stores;
}

const profile = (userId: number, lang: UserProfile["lang"] = "en"): UserProfile =>
  ({ userId, chatId: userId, lang, langChosen: true, onboarded: true, firstSeen: 1, lastSeen: 2 });

describe("Keyv namespaces on Redis", () => {
  it("keeps profiles that another process reads, lists and forgets", async () => {
    const url = redisStorageUrl("keyv");
    const users = new UserStore((await open(url)).storage.namespace("users"));
    await users.put(profile(901, "ru"));
    await users.put(profile(902, "sr-Latn"));
    await users.update(902, { personId: "expert" });

    const elsewhere = new UserStore((await open(url)).storage.namespace("users"));
    expect(await elsewhere.get(902)).toEqual({ ...profile(902, "sr-Latn"), personId: "expert" });
    const all: UserProfile[] = [];
    for await (const p of elsewhere.all()) all.push(p);
    expect(all.map((p) => [p.userId, p.lang]).sort()).toEqual([[901, "ru"], [902, "sr-Latn"]]);
    expect(await elsewhere.delete(901)).toBe(true);
    expect(await users.get(901)).toBeUndefined();
  });

  it("keeps namespaces apart: clearing one leaves the others, and drafts expire with their TTL", async () => {
    const { storage } = await open(redisStorageUrl("keyv"));
    const users = new UserStore(storage.namespace("users"));
    await users.put(profile(1));
    await storage.namespace<string>("progress").set("1", "tracked");
    await storage.namespace("progress").clear();
    expect(await users.get(1)).toEqual(profile(1));
    expect(await storage.namespace("progress").get("1")).toBeUndefined();

    const draft = await new DraftStore(storage.namespace("drafts")).create({ kind: "change", eventId: "meeting", after: { start: 1, end: 2, cancelled: false } }, 900, 0);
    expect(await new DraftStore(storage.namespace("drafts")).get(draft.id)).toMatchObject({ eventId: "meeting", by: 900 });
    await storage.namespace("short").set("k", 1, 50);
    await new Promise((r) => setTimeout(r, 120));
    expect(await storage.namespace("short").get("k")).toBeUndefined();
  });
});

describe("leases on a shared store", () => {
  it("a starting instance returns only leases that ran out, never those of an instance still sending", async () => {
    const url = redisStorageUrl("lease");
    const a = await open(url);
    await a.outbox.enqueue([{ key: "live", chatId: 1, kind: "system", payload: 1 }, { key: "dead", chatId: 2, kind: "system", payload: 2 }]);
    const [live] = await a.outbox.claim(Date.now(), 1, 60_000);
    const [dead] = await a.outbox.claim(Date.now() - 5000, 1, 1000); // leased 5 s ago for 1 s: its sender is gone
    expect([live!.key, dead!.key]).toEqual(["live", "dead"]);

    const b = await open(url);
    expect(await b.outbox.releaseLeases()).toBe(1);
    expect((await b.outbox.claim(Date.now(), 10, 60_000)).map((n) => n.key)).toEqual(["dead"]);
  });
});

describe("the programme on a shared store", () => {
  it("an instance hears when another one changed the overrides, and not of its own changes", async () => {
    const url = redisStorageUrl("overrides");
    const [a, b] = [await open(url), await open(url)];
    const heard = { a: 0, b: 0 };
    a.state.onOverridesChanged!(() => heard.a++);
    b.state.onOverridesChanged!(() => heard.b++);
    expect(await (a.state as RedisStateStore).listening()).toBe(true);
    expect(await (b.state as RedisStateStore).listening()).toBe(true);
    const after = { start: 1, end: 2, cancelled: true };
    await a.state.commitChange({ id: "c1", eventId: "meeting", kinds: ["cancel"], before: { start: 1, end: 2, cancelled: false }, after, by: 900, at: 5, urgent: false }, [], { at: 5, userId: 900, action: "change.send", allowed: true });
    await a.state.resetOverrides();
    while (heard.b < 2) await new Promise((r) => setTimeout(r, 10));
    expect(heard).toEqual({ a: 0, b: 2 });
  });

  it("an instance hears when another one's reload reset the overrides, and its programme loses them", async () => {
    const url = redisStorageUrl("reload-reset");
    const [a, b] = [await open(url), await open(url)];
    let heard = 0;
    b.state.onOverridesChanged!(() => heard++);
    expect(await (b.state as RedisStateStore).listening()).toBe(true);
    const moved = { id: "c1", eventId: "meeting", kinds: ["move" as const], before: { start: 1, end: 2, cancelled: false }, after: { start: 3, end: 4, cancelled: false }, by: 900, at: 5, urgent: false };
    await b.state.commitChange(moved, [], { at: 5, userId: 900, action: "change.send", allowed: true });
    const reload = { ...moved, id: "r-0", before: moved.after, after: { start: 7, end: 8, cancelled: false } };
    await a.state.commitChanges([reload], [], { at: 6, userId: 900, action: "reload.send", allowed: true }, { resetOverrides: true, mark: "reload:r" });
    while (heard < 1) await new Promise((r) => setTimeout(r, 10));
    expect(await b.state.overrides()).toEqual({});
  });
});

describe("the webhook inbox on a shared store", () => {
  const update = (id: number) => ({ update_id: id, message: { message_id: id, date: 0, chat: { id: 5, type: "private" }, text: "hi" } }) as unknown as Update;

  async function inbox(url: string) {
    const target = parseRedisUrl(url);
    const client = await connectRedis(target);
    const box = new RedisInbox(client, target.prefix, { heartbeatMs: 300 });
    const close = async () => {
      await box.close();
      if (client.isOpen) client.destroy();
    };
    cleanup.push(close);
    return { box, client, close };
  }

  it("does not take over an update that a live instance is handling", async () => {
    const url = redisStorageUrl("inbox");
    const a = await inbox(url);
    const b = await inbox(url);
    expect(await a.box.accept(update(1), Date.now())).toBe(true);
    expect(await b.box.unfinished()).toEqual([]);
    await a.box.done(1);
  });

  it("takes over an update whose instance died without finishing it", async () => {
    const url = redisStorageUrl("inbox");
    const a = await inbox(url);
    expect(await a.box.accept(update(7), Date.now())).toBe(true);
    a.client.destroy(); // the process is killed: no goodbye, the heartbeat just stops
    const b = await inbox(url);
    expect((await b.box.unfinished()).map((u) => u.update_id)).toEqual([7]);
    expect(await b.box.accept(update(7), Date.now())).toBe(false);
  });
});

describe("one send limit for several senders", () => {
  let emu: Emulator | undefined;
  afterEach(async () => emu?.close());

  async function senders(url: string, count: number, limits: { perSecond: number; perChatMs: number }, apiRoot: string) {
    const list: Sender[] = [];
    for (let i = 0; i < count; i++) {
      const stores = await open(url);
      const sender = new Sender({
        outbox: stores.outbox, api: new Api(TEST_TOKEN, { apiRoot }), logger: createLogger("silent"),
        render: async (n) => ({ text: `Notice ${String(n.payload)}` }), limiter: stores.limiter!(limits), idleMs: 20, batchSize: 4,
      });
      cleanup.push(() => sender.stop());
      list.push(sender);
    }
    return list;
  }

  const until = async (done: () => Promise<boolean>) => {
    while (!(await done())) await new Promise((r) => setTimeout(r, 50));
  };

  it("two senders on one Redis together stay under a Bot API that enforces 10 messages a second and 1 per chat", async () => {
    emu = createEmulator();
    const { apiRoot } = await emu.listen();
    emu.faults = { rateLimit: { perSecondTotal: 10, perSecondPerChat: 1 } };
    const chats = Array.from({ length: 24 }, (_, i) => 30_000 + i);
    for (const id of chats) emu.addUser({ id, first_name: `D${id}` }, { startedBot: true });
    const url = redisStorageUrl("limit");
    const notices: NewNotice[] = chats.map((c) => ({ key: `${c}`, chatId: c, kind: "system" as const, payload: c, batch: "l" }));
    const [a, b] = await senders(url, 2, { perSecond: 8, perChatMs: 1000 }, apiRoot);
    const { outbox } = await open(url);
    await outbox.enqueue(notices);
    a!.start();
    b!.start();
    await until(async () => (await outbox.batchReport("l")).pending === 0);

    expect(emu.stats.faults.rateLimit).toBe(0);
    for (const c of chats) expect(emu.botMessages(c).map((m) => m.text)).toEqual([`Notice ${c}`]);
    expect(a!.stats.sent).toBeGreaterThan(0);
    expect(b!.stats.sent).toBeGreaterThan(0);
    expect(a!.stats.sent + b!.stats.sent).toBe(notices.length);
  });

  it("after a 429 to one sender, no sender sends until retry_after has passed", async () => {
    emu = createEmulator();
    const { apiRoot } = await emu.listen();
    emu.faults = { tooManyRequests: { everyNth: 6, retryAfter: 1, methods: ["sendMessage"] } };
    const chats = Array.from({ length: 20 }, (_, i) => 31_000 + i);
    for (const id of chats) emu.addUser({ id, first_name: `D${id}` }, { startedBot: true });
    const url = redisStorageUrl("pause");
    const [a, b] = await senders(url, 2, { perSecond: 20, perChatMs: 0 }, apiRoot);
    const { outbox } = await open(url);
    await outbox.enqueue(chats.map((c) => ({ key: `${c}`, chatId: c, kind: "system" as const, payload: c, batch: "p" })));
    a!.start();
    b!.start();
    await until(async () => (await outbox.batchReport("p")).pending === 0);

    const calls = emu.callsOf("sendMessage");
    const first429 = calls.find((c) => c.error_code === 429)!;
    expect(first429).toBeDefined();
    const during = calls.filter((c) => c.ok && c.at > first429.at && c.at < first429.at + 1000);
    expect(during).toEqual([]);
    expect(chats.every((c) => emu!.botMessages(c).length === 1)).toBe(true);
  });
});
