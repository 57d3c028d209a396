import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createEmulator, type Emulator } from "../../src/emulator/index.ts";
import { PROJECT_ROOT } from "../../src/config.ts";
import { openStorage } from "../../src/storage/index.ts";
import { UserStore } from "../../src/storage/users.ts";
import { MINI_DIR, TEST_TOKEN } from "../helpers/attache.ts";

const ORGANIZER = 900;
const DELEGATES = Array.from({ length: 120 }, (_, i) => 20_000 + i);
let emu: Emulator | undefined;
let child: ChildProcess | undefined;
const dir = mkdtempSync(path.join(tmpdir(), "attache-crash-"));
afterEach(async () => {
  child?.kill("SIGKILL");
  await emu?.close();
  rmSync(dir, { recursive: true, force: true });
});

function startBot(apiRoot: string, storage: string): Promise<ChildProcess> {
  const proc = spawn(process.execPath, [path.join(PROJECT_ROOT, "src/main.ts")], {
    env: {
      ...process.env, BOT_TOKEN: TEST_TOKEN, BOT_API_ROOT: apiRoot, SCENARIO_DIR: MINI_DIR, STORAGE_URL: `sqlite://${storage}`,
      ORGANIZER_IDS: String(ORGANIZER), BOT_NOW: "2024-09-24T07:00:00+03:00", LOG_LEVEL: "info", PORT: "0", SEND_LIMIT_PER_SECOND: "25",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("bot process did not start")), 15_000);
    proc.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("bot started")) {
        clearTimeout(timer);
        resolve(proc);
      }
    });
    proc.on("exit", (code, signal) => signal !== "SIGKILL" && reject(new Error(`bot exited with ${code}`)));
  });
}

const noticesTo = (e: Emulator, id: number) => e.botMessages(id).filter((m) => /Moved/.test(m.text)).length;

describe("a crash in the middle of a broadcast", () => {
  it("kill -9 then restart on the same store: every delegate gets the notice, none is lost, at most one is sent twice", async () => {
    emu = createEmulator();
    const { apiRoot } = await emu.listen();
    // Replies to the organizer come in bursts (Telegram lets short bursts pass); the broadcast must stay under 30/s.
    emu.faults = { rateLimit: { perSecondTotal: 30 } };
    const storage = path.join(dir, "attache.sqlite");
    const seed = openStorage(`sqlite://${storage}`);
    const users = new UserStore(seed.namespace("users"));
    for (const id of [ORGANIZER, ...DELEGATES]) {
      emu.addUser({ id, first_name: `U${id}`, language_code: "en" }, { startedBot: true });
      await users.put({ userId: id, chatId: id, lang: "en", langChosen: true, onboarded: true, firstSeen: 0, lastSeen: 0 });
    }
    await seed.close();

    child = await startBot(apiRoot, storage);
    emu.sendText(ORGANIZER, "/move meeting 11:30");
    const preview = await emu.waitFor(() => emu!.botMessages(ORGANIZER).find((m) => m.buttons.flat().includes("📤 Send")));
    emu.clickButtonText(ORGANIZER, preview.id, "📤 Send");
    await emu.waitFor(() => DELEGATES.filter((id) => noticesTo(emu!, id) > 0).length >= 40, { timeoutMs: 15_000 });
    child.kill("SIGKILL");
    const deliveredAtCrash = DELEGATES.filter((id) => noticesTo(emu!, id) > 0).length;
    expect(deliveredAtCrash).toBeLessThan(DELEGATES.length); // the crash really was mid-broadcast

    child = await startBot(apiRoot, storage);
    await emu.waitFor(() => DELEGATES.every((id) => noticesTo(emu!, id) >= 1), { timeoutMs: 30_000 });
    await new Promise((r) => setTimeout(r, 1500)); // anything still queued would arrive now
    const counts = DELEGATES.map((id) => noticesTo(emu!, id));
    expect(counts.filter((n) => n === 0)).toEqual([]);
    expect(counts.filter((n) => n > 1).length).toBeLessThanOrEqual(1);
    expect(Math.max(...counts)).toBeLessThanOrEqual(2);
    expect(emu.stats.faults.rateLimit).toBe(0);
  }, 60_000);
});
