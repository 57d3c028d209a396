// Several instances: two real bot processes on one Redis and one fake Bot API that enforces Telegram's limits —
// one receives updates, the other only sends — share a change's broadcast, each delegate gets it once, and
// together they stay within the global rate limit.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createEmulator, type Emulator } from "../../src/emulator/index.ts";
import { PROJECT_ROOT } from "../../src/config.ts";
import { openStores } from "../../src/storage/index.ts";
import { UserStore, type UserProfile } from "../../src/storage/users.ts";
import { MINI_DIR, TEST_TOKEN } from "../helpers/attache.ts";
import { freePort, redisStorageUrl } from "../helpers/redis.ts";

const ORGANIZER = 900;
const DELEGATES = Array.from({ length: 100 }, (_, i) => 40_000 + i);
const LANGS: UserProfile["lang"][] = ["ru", "sr-Cyrl", "sr-Latn", "en"];
const MOVED = /Перенесено|Померено|Pomereno|Moved/;

/** Redis without a password accepts any for its default user; whatever is in STORAGE_URL must never be printed. */
const PASSWORD = "never-logged-s3cret";

let emu: Emulator | undefined;
const children: ChildProcess[] = [];
const output: string[] = [];
afterEach(async () => {
  await Promise.all(children.splice(0).map(stop));
  await emu?.close();
});

/** `npm start`'s entry point as a real process; resolves once it says it started. */
async function startInstance(env: Record<string, string>): Promise<ChildProcess> {
  const proc = spawn(process.execPath, [path.join(PROJECT_ROOT, "src/main.ts")], {
    env: { ...process.env, SCENARIO_DIR: MINI_DIR, LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(proc);
  const index = output.push("") - 1;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bot process did not start:\n${output[index]}`)), 15_000);
    const seen = (chunk: Buffer) => {
      output[index] += chunk.toString();
      if (output[index]!.includes("bot started")) {
        clearTimeout(timer);
        resolve();
      }
    };
    proc.stdout!.on("data", seen);
    proc.stderr!.on("data", seen);
    proc.once("exit", (code) => reject(new Error(`bot process exited with ${code}:\n${output[index]}`)));
  });
  return proc;
}

async function stop(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise((r) => proc.once("exit", r));
  proc.kill("SIGTERM");
  const timer = setTimeout(() => proc.kill("SIGKILL"), 5000);
  await exited;
  clearTimeout(timer);
}

/** An instance's outbox sends with this result, from its own /metrics. */
async function sends(port: number, result: "sent" | "tooManyRequests"): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return Number(new RegExp(`^attache_outbox_sends_total\\{result="${result}"\\} (\\d+)`, "m").exec(text)?.[1] ?? 0);
}

async function seedDelegates(storageUrl: string): Promise<void> {
  const stores = await openStores(storageUrl);
  const users = new UserStore(stores.storage.namespace("users"));
  for (const [i, userId] of DELEGATES.entries()) {
    await users.put({ userId, chatId: userId, lang: LANGS[i % 4]!, langChosen: true, onboarded: true, firstSeen: 0, lastSeen: 0 });
    emu!.addUser({ id: userId, first_name: `Delegate${userId}` }, { startedBot: true });
  }
  await stores.close();
}

describe("several instances on one Redis", () => {
  it("two processes share a 100-delegate broadcast: each delegate gets the notice once, and no notice hits the rate limit", async () => {
    emu = createEmulator();
    const { apiRoot } = await emu.listen();
    emu.faults = { rateLimit: { perSecondTotal: 30, perSecondPerChat: 1 } };
    const url = new URL(redisStorageUrl("instances"));
    url.username = "default";
    url.password = PASSWORD;
    const storageUrl = url.toString();
    await seedDelegates(storageUrl);

    const env = {
      BOT_TOKEN: TEST_TOKEN, BOT_API_ROOT: apiRoot, STORAGE_URL: storageUrl, ORGANIZER_IDS: String(ORGANIZER),
      SEND_LIMIT_PER_SECOND: "25", BOT_NOW: "2024-09-23T20:00:00+03:00",
    };
    const ports = [await freePort(), await freePort()];
    await Promise.all([
      startInstance({ ...env, PORT: String(ports[0]) }),
      startInstance({ ...env, PORT: String(ports[1]), BOT_RECEIVE: "none" }),
    ]);

    emu.addUser({ id: ORGANIZER, first_name: "Anna", language_code: "en" });
    emu.sendText(ORGANIZER, "/start");
    const tap = async (button: RegExp) => {
      const m = await emu!.waitFor(() => [...emu!.botMessages(ORGANIZER)].reverse().find((x) => x.buttons.flat().some((b) => button.test(b))));
      emu!.clickButtonText(ORGANIZER, m.id, button);
    };
    await tap(/English$/);
    await tap(/Continue as a guest/);
    emu.sendText(ORGANIZER, "/move meeting 11:30");
    await emu.waitFor(() => emu!.botMessages(ORGANIZER).find((m) => /It will reach 100 delegates/.test(m.text)), { timeoutMs: 10_000 });
    await tap(/📤 Send/);

    await emu.waitFor(() => DELEGATES.every((id) => emu!.botMessages(id).length > 0) || undefined, { timeoutMs: 15_000 });
    const report = await emu.waitFor(() => emu!.botMessages(ORGANIZER).find((m) => /📬 Done/.test(m.text)), { timeoutMs: 8000 });
    expect(report.text).toBe("Sent. 100 delegates will be notified.\n📬 Done: 100 of 100 delivered, 0 unreachable, 0 failed.");

    for (const id of DELEGATES) {
      const received = emu.botMessages(id).filter((m) => MOVED.test(m.text)).length;
      expect({ id, received, total: emu.botMessages(id).length }).toEqual({ id, received: 1, total: 1 });
    }
    // The outbox met no 429. (The organizer's own chat may: the bot answers "Sent." and posts the progress message at
    // once, a burst Telegram lets pass and the emulator's strict window does not; those replies retry by themselves.)
    const limited = emu.callsOf("sendMessage").filter((c) => c.fault === "rateLimit").map((c) => Number(c.params.chat_id));
    expect(limited.filter((chat) => chat !== ORGANIZER)).toEqual([]);
    expect([await sends(ports[0]!, "tooManyRequests"), await sends(ports[1]!, "tooManyRequests")]).toEqual([0, 0]);
    const [a, b] = [await sends(ports[0]!, "sent"), await sends(ports[1]!, "sent")];
    expect(a + b).toBe(100);
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(0);
    await Promise.all(children.splice(0).map(stop));
    expect(output.join("")).toMatch(/"storage":"redis"/);
    expect(output.join("")).not.toContain(PASSWORD);
  }, 40_000);
});
