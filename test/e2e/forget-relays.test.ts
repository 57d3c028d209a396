import { afterEach, describe, expect, it } from "vitest";
import { startWorld, textOf, type Delegate, type World } from "../helpers/attache.ts";
import { join, organizer, ORGANIZER } from "../helpers/delegation.ts";
import type { StoredMessage } from "../../src/emulator/index.ts";
import type { SqliteStorage } from "../../src/storage/index.ts";
import { purgeIfDue } from "../../src/storage/retention.ts";

let world: World | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

const NOW = "2024-09-24T08:00:00+03:00";

const arrives = (w: World, chatId: number, pattern: RegExp) =>
  w.emu.waitFor(() => w.emu.botMessages(chatId).find((m) => pattern.test(m.text)), { timeoutMs: 5000, what: `${pattern} in chat ${chatId}` });

const replyTo = (w: World, d: Delegate, message: StoredMessage, text: string) =>
  d.act(() => w.emu.sendText(d.id, text, { replyToMessageId: message.id }));

/** Marija (902) and an English guest (904) each write to the liaison; the organizer answers Marija. */
async function conversation(w: World) {
  const org = await organizer(w);
  const marija = await join(w, 902, "Српски (ћирилица)", "Марија Петровић");
  const guest = await join(w, 904, "English", "Continue as a guest");
  await marija.send("/liaison");
  await marija.send("Изгубила сам пасош у хотелу");
  await guest.send("/liaison");
  await guest.send("Is there a pharmacy nearby?");
  const fromMarija = await arrives(w, ORGANIZER, /Изгубила сам пасош/);
  await arrives(w, ORGANIZER, /pharmacy/);
  await replyTo(w, org, fromMarija, "We will bring it to the ministry.");
  await arrives(w, 902, /bring it to the ministry/);
  return { org, marija, guest, fromMarija };
}

const sql = (w: World) => (w.deps.storage as SqliteStorage).sql;
const outboxText = (w: World) => (sql(w).prepare("SELECT payload FROM outbox").all() as Array<{ payload: string }>).map((r) => r.payload).join("\n");
async function relayedEntries(w: World) {
  const entries: unknown[] = [];
  for await (const [, value] of w.deps.storage.namespace("handover:relayed").iterator()) entries.push(value);
  return entries;
}

describe("what the liaison relays keeps about a delegate", () => {
  it("/forget erases it: the organizers' reply no longer reaches them, and no notice keeps their words or name", async () => {
    world = await startWorld({ organizerIds: [ORGANIZER], now: NOW });
    const { org, marija, fromMarija } = await conversation(world);
    expect(outboxText(world)).toContain("Изгубила сам пасош");

    await marija.send("/forget");
    await marija.tap("🗑");

    const ack = textOf(await replyTo(world, org, fromMarija, "Found it."));
    expect(ack).not.toMatch(/Your answer goes to/);
    expect(marija.messages().some((m) => /Found it/.test(m.text))).toBe(false);
    const kept = outboxText(world);
    for (const trace of ["Изгубила сам пасош", "bring it to the ministry", "User902"]) expect(kept).not.toContain(trace);
    expect(kept).toContain("Is there a pharmacy nearby?");
    expect(await relayedEntries(world)).toEqual([expect.objectContaining({ userId: 904 })]);
  });

  it("the retention purge erases it for everyone, and expired entries with it", async () => {
    world = await startWorld({ organizerIds: [ORGANIZER], now: NOW });
    await conversation(world);
    await world.deps.storage.namespace("reload:sent").set("stale", true, 1);
    await new Promise((r) => setTimeout(r, 5)); // past its 1 ms lifetime

    world.clock.set(Date.parse("2024-10-27T00:00:00+03:00"));
    expect(await purgeIfDue(world.deps, 30)).toBe(true);
    expect(await relayedEntries(world)).toEqual([]);
    const kept = outboxText(world);
    for (const trace of ["Изгубила сам пасош", "pharmacy", "bring it to the ministry"]) expect(kept).not.toContain(trace);
    expect(sql(world).prepare("SELECT key FROM kv WHERE key LIKE 'reload:sent%'").all()).toEqual([]);
  });
});
