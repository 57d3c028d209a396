import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createEmulator, type Emulator } from "../../src/emulator/index.ts";
import { PROJECT_ROOT } from "../../src/config.ts";
import { MINI_DIR, TEST_TOKEN } from "../helpers/attache.ts";

let emu: Emulator | undefined;
let child: ChildProcess | undefined;
const dir = mkdtempSync(path.join(tmpdir(), "attache-restart-"));
afterEach(async () => {
  child?.kill("SIGKILL");
  await emu?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Starts `npm start`'s entry point as a real process against the emulator; resolves once it polls. */
async function startProcess(apiRoot: string, storage: string): Promise<ChildProcess> {
  const proc = spawn(process.execPath, [path.join(PROJECT_ROOT, "src/main.ts")], {
    env: { ...process.env, BOT_TOKEN: TEST_TOKEN, BOT_API_ROOT: apiRoot, SCENARIO_DIR: MINI_DIR, STORAGE_URL: `sqlite://${storage}`, LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("bot process did not start")), 15_000);
    proc.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("bot started")) {
        clearTimeout(timer);
        resolve();
      }
    });
    proc.on("exit", (code) => reject(new Error(`bot process exited with ${code}`)));
  });
  return proc;
}

async function stopProcess(proc: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
  proc.kill("SIGTERM");
  return exited;
}

describe("restarting the bot process", () => {
  it("keeps a delegate's language on the same SQLite file, and stops cleanly on SIGTERM", async () => {
    emu = createEmulator();
    const { apiRoot } = await emu.listen();
    const storage = path.join(dir, "attache.sqlite");
    emu.addUser({ id: 801, first_name: "Ana", language_code: "en" });

    child = await startProcess(apiRoot, storage);
    emu.sendText(801, "/start");
    const [welcome] = await emu.waitForMessages(801, 1);
    emu.clickButtonText(801, welcome!.id, "Srpski (latinica)");
    await emu.waitFor(() => emu!.botMessages(801).some((m) => /Ko ste vi/.test(m.text)));
    expect(await stopProcess(child)).toBe(0);

    child = await startProcess(apiRoot, storage);
    const before = emu.botMessages(801).length;
    emu.sendText(801, "/help");
    const [help] = await emu.waitForMessages(801, 1, { after: emu.botMessages(801)[before - 1]!.id });
    expect(help!.text).toMatch(/Šta umem/);
    expect(await stopProcess(child)).toBe(0);
  });

  it("polls even when a webhook from an earlier deployment is still set", async () => {
    emu = createEmulator();
    const { apiRoot } = await emu.listen();
    await fetch(`${apiRoot}/bot${TEST_TOKEN}/setWebhook`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ url: "http://127.0.0.1:9/old" }) });
    emu.addUser({ id: 802, first_name: "Ana", language_code: "en" });
    child = await startProcess(apiRoot, path.join(dir, "b.sqlite"));
    emu.sendText(802, "/help");
    const [help] = await emu.waitForMessages(802, 1);
    expect(help!.text).toMatch(/What I can do/);
  });
});
