// One contract for both stores: what the bot relies on from the outbox, the programme state and the webhook inbox
// holds on the embedded SQLite store and on Redis alike — including two handles on one store, as two processes.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { Update } from "grammy/types";
import { openSqliteStores, openStores, type Stores } from "../../src/storage/index.ts";
import { ERASED, type NewNotice, type Notice } from "../../src/delivery/outbox.ts";
import type { ScheduleChange } from "../../src/domain/changes.ts";
import type { AuditEntry } from "../../src/storage/state.ts";
import { redisStorageUrl } from "../helpers/redis.ts";

interface Backend {
  name: string;
  /** A fresh, empty store; `again()` opens another handle on it, as a second process would. */
  fresh(): Promise<{ first: Stores; again(): Promise<Stores> }>;
}

const dir = mkdtempSync(path.join(tmpdir(), "attache-contract-"));
let files = 0;
const opened: Stores[] = [];
const track = <T extends Stores>(s: T): T => (opened.push(s), s);
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const backends: Backend[] = [
  {
    name: "SQLite",
    async fresh() {
      const url = `sqlite://${path.join(dir, `store-${++files}.sqlite`)}`;
      return { first: track(openSqliteStores(url)), again: async () => track(openSqliteStores(url)) };
    },
  },
  {
    name: "Redis",
    async fresh() {
      const url = redisStorageUrl("contract");
      return { first: track(await openStores(url)), again: async () => track(await openStores(url)) };
    },
  },
];

/** Outbox times are wall-clock; a moment safely after every enqueue of a test. */
const T = () => Date.now() + 1000;
const LEASE = 60_000;

const notice = (key: string, chatId: number, more: Partial<NewNotice> = {}): NewNotice =>
  ({ key, chatId, userId: chatId, kind: "system", payload: { key }, batch: "b", ...more });
const keys = (ns: Notice[]) => ns.map((n) => n.key);

const change = (id: string, eventId = "meeting", at = 1_000): ScheduleChange => ({
  id, eventId, kinds: ["move"], by: 900, at, urgent: false,
  before: { start: 0, end: 3_600_000, cancelled: false },
  after: { start: 1_800_000, end: 5_400_000, cancelled: false, venue: "hotel" },
});
const audit = (action: string, at = 1): AuditEntry => ({ at, userId: 900, action, allowed: true, details: { n: at } });

const update = (id: number): Update => ({
  update_id: id,
  message: { message_id: id, date: 1727150000, chat: { id: 5, type: "private", first_name: "Ana" }, text: `#${id}` },
} as Update);

describe.each(backends)("the $name store", (backend) => {
  describe("outbox", () => {
    it("adds a notice with a known key only once", async () => {
      const { first: s } = await backend.fresh();
      expect(await s.outbox.enqueue([notice("a", 1), notice("b", 2)])).toBe(2);
      expect(await s.outbox.enqueue([notice("a", 1), notice("c", 3)])).toBe(1);
      expect(await s.outbox.depth()).toBe(3);
    });

    it("leases the oldest due notice of each chat, oldest first, and none of a chat with one in flight", async () => {
      const { first: s } = await backend.fresh();
      await s.outbox.enqueue([notice("a1", 1), notice("b1", 2), notice("a2", 1), notice("c1", 3), notice("a3", 1)]);
      const leased = await s.outbox.claim(T(), 10, LEASE);
      expect(keys(leased)).toEqual(["a1", "b1", "c1"]);
      expect(leased.map((n) => n.status)).toEqual(["sending", "sending", "sending"]);
      expect(leased[0]).toMatchObject({ chatId: 1, userId: 1, kind: "system", payload: { key: "a1" }, batch: "b", attempts: 0 });
      expect(await s.outbox.claim(T(), 10, LEASE)).toEqual([]);
      await s.outbox.markSent(leased[0]!.id, 501, T());
      expect(keys(await s.outbox.claim(T(), 10, LEASE))).toEqual(["a2"]);
    });

    it("leases at most the number asked for", async () => {
      const { first: s } = await backend.fresh();
      await s.outbox.enqueue([1, 2, 3, 4].map((c) => notice(`n${c}`, c)));
      expect(keys(await s.outbox.claim(T(), 2, LEASE))).toEqual(["n1", "n2"]);
      expect(keys(await s.outbox.claim(T(), 2, LEASE))).toEqual(["n3", "n4"]);
    });

    it("never leases one chat to two processes at once, and every notice goes out once, in order per chat", async () => {
      const { first: a, again } = await backend.fresh();
      const b = await again();
      const chats = Array.from({ length: 20 }, (_, i) => 100 + i);
      await a.outbox.enqueue(chats.flatMap((c) => [notice(`${c}:1`, c), notice(`${c}:2`, c), notice(`${c}:3`, c)]));
      const sent: string[] = [];
      for (;;) {
        const [x, y] = await Promise.all([a.outbox.claim(T(), 7, LEASE), b.outbox.claim(T(), 7, LEASE)]);
        const round = [...x, ...y];
        if (round.length === 0) break;
        expect(new Set(round.map((n) => n.chatId)).size).toBe(round.length);
        for (const n of x) await a.outbox.markSent(n.id, 1, T());
        for (const n of y) await b.outbox.markSent(n.id, 1, T());
        sent.push(...keys(round));
      }
      expect(sent.sort()).toEqual(chats.flatMap((c) => [`${c}:1`, `${c}:2`, `${c}:3`]).sort());
      for (const c of chats) expect(sent.filter((k) => k.startsWith(`${c}:`))).toEqual([`${c}:1`, `${c}:2`, `${c}:3`]);
      expect(await b.outbox.depth()).toBe(0);
    });

    it("returns a notice whose lease ran out (its sender died) to the queue", async () => {
      const { first: s, again } = await backend.fresh();
      await s.outbox.enqueue([notice("a", 1)]);
      const t = T();
      const [leased] = await s.outbox.claim(t, 10, 1000);
      const other = await again();
      expect(await other.outbox.claim(t + 500, 10, 1000)).toEqual([]);
      const [again1] = await other.outbox.claim(t + 1001, 10, 1000);
      expect(again1).toMatchObject({ id: leased!.id, key: "a", status: "sending", attempts: 0 });
    });

    it("records a sent notice with its message id, and moves on to the chat's next one", async () => {
      const { first: s } = await backend.fresh();
      await s.outbox.enqueue([notice("a", 1), notice("b", 1)]);
      const [a] = await s.outbox.claim(T(), 10, LEASE);
      await s.outbox.markSent(a!.id, 4242, T());
      const [stored] = await s.outbox.byBatch("b");
      expect(stored).toMatchObject({ key: "a", status: "sent", messageId: 4242, attempts: 1 });
      expect(keys(await s.outbox.claim(T(), 10, LEASE))).toEqual(["b"]);
    });

    it("holds a chat's queue while its first notice waits for a retry, counting the attempt only when asked", async () => {
      const { first: s } = await backend.fresh();
      await s.outbox.enqueue([notice("a", 1), notice("b", 1), notice("c", 2)]);
      const t = T();
      const leased = await s.outbox.claim(t, 10, LEASE);
      await s.outbox.markRetry(leased[0]!.id, "500 Internal Server Error", t + 5000, true);
      await s.outbox.markRetry(leased[1]!.id, "429 Too Many Requests", t + 5000, false);
      expect(await s.outbox.claim(t + 1000, 10, LEASE)).toEqual([]);
      const retried = await s.outbox.claim(t + 5000, 10, LEASE);
      expect(retried.map((n) => [n.key, n.attempts, n.error])).toEqual([
        ["a", 1, "500 Internal Server Error"],
        ["c", 0, "429 Too Many Requests"],
      ]);
    });

    it("ends a notice for good as unreachable, failed or skipped, and the chat's next one follows", async () => {
      const { first: s } = await backend.fresh();
      await s.outbox.enqueue([notice("a", 1), notice("b", 1), notice("c", 2), notice("d", 3)]);
      const [a, c, d] = await s.outbox.claim(T(), 10, LEASE);
      await s.outbox.markFinal(a!.id, "unreachable", "403 Forbidden: bot was blocked by the user");
      await s.outbox.markFinal(c!.id, "failed", "400 Bad Request");
      await s.outbox.markFinal(d!.id, "skipped", "nothing to send");
      expect(keys(await s.outbox.claim(T(), 10, LEASE))).toEqual(["b"]);
      const stored = await s.outbox.byBatch("b");
      expect(stored.map((n) => [n.key, n.status, n.attempts])).toEqual([
        ["a", "unreachable", 1], ["b", "sending", 0], ["c", "failed", 1], ["d", "skipped", 1],
      ]);
      expect(stored[0]!.error).toMatch(/blocked/);
    });

    it("reports a batch by status, lists it in order, and counts what is still to send", async () => {
      const { first: s } = await backend.fresh();
      await s.outbox.enqueue([notice("a", 1), notice("b", 2), notice("c", 3), notice("d", 4), notice("x", 5, { batch: "other" })]);
      const [a, b] = await s.outbox.claim(T(), 2, LEASE);
      await s.outbox.markSent(a!.id, 1, T());
      await s.outbox.markFinal(b!.id, "unreachable", "403");
      expect(await s.outbox.batchReport("b")).toEqual({ total: 4, pending: 2, sent: 1, unreachable: 1, failed: 0, skipped: 0 });
      expect(keys(await s.outbox.byBatch("b"))).toEqual(["a", "b", "c", "d"]);
      expect(await s.outbox.batchReport("none")).toEqual({ total: 0, pending: 0, sent: 0, unreachable: 0, failed: 0, skipped: 0 });
      expect(await s.outbox.depth()).toBe(3);
    });

    it("drops a forgotten user's pending notices but not one already in flight", async () => {
      const { first: s } = await backend.fresh();
      await s.outbox.enqueue([notice("a", 7), notice("b", 7), notice("c", 7), notice("o", 8)]);
      await s.outbox.claim(T(), 1, LEASE);
      expect(await s.outbox.dropForUser(7)).toBe(2);
      expect((await s.outbox.byBatch("b")).map((n) => [n.key, n.status])).toEqual([
        ["a", "sending"], ["b", "skipped"], ["c", "skipped"], ["o", "pending"],
      ]);
      expect(await s.outbox.depth()).toBe(2);
    });

    it("erases every payload about a forgotten user, sent or not, relays quoting them included, and skips what was still to send", async () => {
      const { first: s } = await backend.fresh();
      const relay = (key: string, userId: number) =>
        notice(key, -100, { userId: undefined, kind: "relay", payload: { dir: "in", from: { userId, chatId: userId, telegramName: "Marija @mp" }, text: "Where is the bus?" } });
      await s.outbox.enqueue([notice("a", 7), notice("b", 7), relay("r7", 7), relay("r8", 8), notice("o", 8)]);
      const [a] = await s.outbox.claim(T(), 1, LEASE);
      await s.outbox.markSent(a!.id, 11, T());
      await s.outbox.claim(T(), 10, LEASE); // b, r7 and o in flight
      await s.outbox.enqueue([notice("c", 7)]);

      expect(await s.outbox.eraseUser(7)).toBe(4);
      const after = Object.fromEntries((await s.outbox.byBatch("b")).map((n) => [n.key, [n.status, n.payload]]));
      expect(after).toEqual({
        a: ["sent", ERASED], b: ["sending", ERASED], c: ["skipped", ERASED], r7: ["sending", ERASED],
        r8: ["pending", relay("r8", 8).payload], o: ["sending", { key: "o" }],
      });
      expect(await s.outbox.eraseUser(7)).toBe(0);
      expect(await s.outbox.depth()).toBe(4);
    });

    it("erases every payload on the purge and skips what was still to send", async () => {
      const { first: s } = await backend.fresh();
      await s.outbox.enqueue([notice("a", 7), notice("b", 7), notice("c", 8, { userId: undefined })]);
      const [a] = await s.outbox.claim(T(), 1, LEASE);
      await s.outbox.markSent(a!.id, 11, T());

      expect(await s.outbox.eraseAll()).toBe(3);
      expect((await s.outbox.byBatch("b")).map((n) => [n.key, n.status, n.payload])).toEqual([
        ["a", "sent", ERASED], ["b", "skipped", ERASED], ["c", "skipped", ERASED],
      ]);
      expect(await s.outbox.depth()).toBe(0);
      expect(await s.outbox.claim(T(), 10, LEASE)).toEqual([]);
      expect(await s.outbox.eraseAll()).toBe(0);
    });
  });

  describe("programme state", () => {
    it("commits a change with its override, audit entry and notices together, and a second commit of it adds nothing", async () => {
      const { first: s } = await backend.fresh();
      const notices = [notice("change:c1:1", 1, { batch: "c1" }), notice("change:c1:2", 2, { batch: "c1" })];
      expect(await s.state.commitChange(change("c1"), notices, audit("change.send"))).toBe(true);
      expect(await s.state.change("c1")).toEqual(change("c1"));
      expect(await s.state.overrides()).toEqual({ meeting: change("c1").after });
      expect((await s.state.recentAudit(10)).map((e) => e.action)).toEqual(["change.send"]);
      expect(keys(await s.outbox.byBatch("c1"))).toEqual(["change:c1:1", "change:c1:2"]);

      expect(await s.state.commitChange(change("c1"), [...notices, notice("change:c1:3", 3, { batch: "c1" })], audit("change.send"))).toBe(false);
      expect(await s.outbox.depth()).toBe(2);
      expect(await s.state.recentAudit(10)).toHaveLength(1);
    });

    it("commits a change once when two processes send it at the same moment", async () => {
      const { first: a, again } = await backend.fresh();
      const b = await again();
      const notices = [1, 2, 3].map((c) => notice(`change:c2:${c}`, c, { batch: "c2" }));
      const results = await Promise.all([a, b].map((s) => s.state.commitChange(change("c2"), notices, audit("change.send"))));
      expect(results.sort()).toEqual([false, true]);
      expect(await a.outbox.batchReport("c2")).toMatchObject({ total: 3, pending: 3 });
      expect(await b.state.recentAudit(10)).toHaveLength(1);
    });

    it("commits notices with their audit entry, skipping keys already queued", async () => {
      const { first: s } = await backend.fresh();
      await s.outbox.enqueue([notice("k1", 1)]);
      expect(await s.state.commitNotices([notice("k1", 1), notice("k2", 2)], audit("announce.send"))).toBe(1);
      expect(await s.state.commitNotices([notice("k3", 3)])).toBe(1);
      expect((await s.state.recentAudit(5)).map((e) => e.action)).toEqual(["announce.send"]);
    });

    it("keeps one override per event, the latest, until they are reset", async () => {
      const { first: s, again } = await backend.fresh();
      await s.state.commitChange(change("c1", "meeting", 1), [], audit("a"));
      const later = { ...change("c2", "meeting", 2), after: { start: 7, end: 8, cancelled: true } };
      await s.state.commitChange(later, [], audit("b"));
      await s.state.commitChange(change("c3", "dinner", 3), [], audit("c"));
      expect(await (await again()).state.overrides()).toEqual({ meeting: later.after, dinner: change("c3").after });
      await s.state.resetOverrides();
      expect(await s.state.overrides()).toEqual({});
      expect((await s.state.changes()).map((c) => c.id)).toEqual(["c3", "c2", "c1"]);
      expect((await s.state.changes(2)).map((c) => c.id)).toEqual(["c3", "c2"]);
    });

    it("commits a reload's changes without overrides, with their notices, audit entry, mark and the override reset together", async () => {
      const { first: s, again } = await backend.fresh();
      await s.state.commitChange(change("c1", "meeting", 1), [], audit("change.send"));
      const reload = [change("r-0", "meeting", 5), change("r-1", "dinner", 5)];
      const notices = [notice("reload:r:meeting:1", 1, { batch: "r-0" }), notice("reload:r:dinner:2", 2, { batch: "r-1" })];
      expect(await s.state.commitChanges(reload, notices, audit("reload.send", 5), { resetOverrides: true, mark: "reload:r" })).toBe(true);

      const other = await again();
      expect(await other.state.overrides()).toEqual({});
      expect(await other.state.change("r-1")).toEqual(reload[1]);
      expect((await other.state.changes()).map((c) => c.id)).toEqual(["r-0", "r-1", "c1"]);
      expect((await other.state.recentAudit(10)).map((e) => e.action)).toEqual(["reload.send", "change.send"]);
      expect(keys(await other.outbox.byBatch("r-0"))).toEqual(["reload:r:meeting:1"]);
      expect(await other.state.marked("reload:r")).toBe(true);
      expect(await other.state.marked("reload:q")).toBe(false);
    });

    it("commits changes without touching the overrides unless asked to reset them", async () => {
      const { first: s } = await backend.fresh();
      await s.state.commitChange(change("c1", "meeting", 1), [], audit("change.send"));
      expect(await s.state.commitChanges([change("r-0", "dinner", 2)], [], audit("reload.send"))).toBe(true);
      expect(await s.state.overrides()).toEqual({ meeting: change("c1").after });
    });

    it("commits nothing of a batch when its mark or one of its change ids was committed before", async () => {
      const { first: s } = await backend.fresh();
      await s.state.commitChange(change("c1", "meeting", 1), [], audit("change.send"));
      const batch = [change("r-0", "dinner", 2), change("c1", "meeting", 2)];
      expect(await s.state.commitChanges(batch, [notice("n1", 1)], audit("reload.send"), { resetOverrides: true })).toBe(false);
      await s.state.markOnce("reload:r", 1);
      expect(await s.state.commitChanges([change("r-0", "dinner", 2)], [notice("n1", 1)], audit("reload.send"), { resetOverrides: true, mark: "reload:r" })).toBe(false);

      expect(await s.state.change("r-0")).toBeUndefined();
      expect(await s.state.overrides()).toEqual({ meeting: change("c1").after });
      expect(await s.outbox.depth()).toBe(0);
      expect((await s.state.recentAudit(10)).map((e) => e.action)).toEqual(["change.send"]);
    });

    it("commits a reload once when two processes send it at the same moment", async () => {
      const { first: a, again } = await backend.fresh();
      const b = await again();
      const notices = [1, 2, 3].map((c) => notice(`reload:r:meeting:${c}`, c, { batch: "r-0" }));
      const results = await Promise.all([a, b].map((s) =>
        s.state.commitChanges([change("r-0")], notices, audit("reload.send"), { resetOverrides: true, mark: "reload:r" })));
      expect(results.sort()).toEqual([false, true]);
      expect(await a.outbox.batchReport("r-0")).toMatchObject({ total: 3, pending: 3 });
      expect(await b.state.recentAudit(10)).toHaveLength(1);
    });

    it("records a delegate's acknowledgement once", async () => {
      const { first: s } = await backend.fresh();
      expect(await s.state.acknowledge("c1", 901, 100)).toBe(true);
      expect(await s.state.acknowledge("c1", 901, 200)).toBe(false);
      expect(await s.state.acknowledge("c1", 902, 300)).toBe(true);
      expect(await s.state.acknowledgements("c1")).toEqual(new Map([[901, 100], [902, 300]]));
      expect(await s.state.acknowledgements("c9")).toEqual(new Map());
    });

    it("lists the audit log newest first, with details", async () => {
      const { first: s } = await backend.fresh();
      for (let i = 1; i <= 5; i++) await s.state.audit({ ...audit(`act${i}`, i), allowed: i % 2 === 0 });
      await s.state.audit({ at: 6, userId: 1, action: "bare", allowed: false });
      const recent = await s.state.recentAudit(3);
      expect(recent.map((e) => e.action)).toEqual(["bare", "act5", "act4"]);
      expect(recent[0]).toEqual({ at: 6, userId: 1, action: "bare", allowed: false, details: {} });
      expect(recent[2]).toEqual({ at: 4, userId: 900, action: "act4", allowed: true, details: { n: 4 } });
    });

    it("marks a key once, whichever process asks", async () => {
      const { first: a, again } = await backend.fresh();
      const b = await again();
      expect(await a.state.markOnce("reminder:meeting:901", 1)).toBe(true);
      expect(await b.state.markOnce("reminder:meeting:901", 2)).toBe(false);
      expect(await b.state.markOnce("reminder:meeting:902", 2)).toBe(true);
      expect(await a.state.marked("reminder:meeting:902")).toBe(true);
      expect(await a.state.marked("reminder:meeting:903")).toBe(false);
    });
  });

  describe("webhook inbox", () => {
    it("accepts an update_id once, and hands what a dead process accepted but did not finish to the next one", async () => {
      const { first: s, again } = await backend.fresh();
      const now = Date.now();
      for (const id of [3, 1, 2]) expect(await s.inbox.accept(update(id), now)).toBe(true);
      expect(await s.inbox.accept(update(2), now)).toBe(false);
      await s.inbox.done(1);
      await s.close();
      const next = await again();
      expect(await next.inbox.accept(update(1), now)).toBe(false);
      expect((await next.inbox.unfinished()).map((u) => u.update_id)).toEqual([2, 3]);
    });

    it("prunes handled updates received before a moment, never unfinished ones", async () => {
      const { first: s } = await backend.fresh();
      await s.inbox.accept(update(1), 1000);
      await s.inbox.accept(update(2), 1000);
      await s.inbox.accept(update(3), 5000);
      await s.inbox.done(1);
      await s.inbox.done(3);
      expect(await s.inbox.prune(2000)).toBe(1);
      expect((await s.inbox.unfinished()).map((u) => u.update_id)).toEqual([2]);
      expect(await s.inbox.accept(update(3), 6000)).toBe(false);
    });
  });

  it("answers a health probe", async () => {
    const { first: s } = await backend.fresh();
    await expect(s.storage.ping()).resolves.toBeUndefined();
  });
});
