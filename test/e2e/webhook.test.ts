import { afterEach, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createEmulator, type Emulator } from "../../src/emulator/index.ts";
import { buildDeps, launch, type LaunchedBot } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/logger.ts";
import { MINI_DIR, TEST_TOKEN } from "../helpers/attache.ts";

const SECRET = "webhook-secret-for-tests-only";
let emu: Emulator | undefined;
let app: LaunchedBot | undefined;
const dir = mkdtempSync(path.join(tmpdir(), "attache-webhook-"));
afterEach(async () => {
  await app?.stop();
  await emu?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function start() {
  emu = createEmulator();
  const { apiRoot } = await emu.listen();
  const config = loadConfig({
    BOT_TOKEN: TEST_TOKEN, BOT_API_ROOT: apiRoot, SCENARIO_DIR: MINI_DIR,
    STORAGE_URL: `sqlite://${path.join(dir, "a.sqlite")}`, LOG_LEVEL: "silent",
  });
  const deps = await buildDeps(config, createLogger("silent"));
  // Port 0 first to learn the port, then the emulator posts to it.
  app = await launch(deps, { token: TEST_TOKEN, apiRoot, http: { port: 0, hostname: "127.0.0.1" }, webhook: { url: "http://127.0.0.1:1/telegram", secret: SECRET } });
  const url = `http://127.0.0.1:${app.port}/telegram`;
  await app.bot.api.setWebhook(url, { secret_token: SECRET });
  return { url, emu: emu!, app: app! };
}

const update = (id: number, text: string) => ({
  update_id: id,
  message: { message_id: id, date: 1727150000, chat: { id: 950, type: "private", first_name: "Ana" }, from: { id: 950, is_bot: false, first_name: "Ana", language_code: "en" }, text, entities: text.startsWith("/") ? [{ type: "bot_command", offset: 0, length: text.split(" ")[0]!.length }] : [] },
});

describe("the webhook", () => {
  it("answers 401 to a request without the right secret and does not process it", async () => {
    const { url, emu } = await start();
    emu.addUser({ id: 950, first_name: "Ana" }, { startedBot: true });
    for (const headers of [{}, { "X-Telegram-Bot-Api-Secret-Token": "wrong-secret-wrong-secret" }] as Array<Record<string, string>>) {
      const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(update(1, "/help")) });
      expect(res.status).toBe(401);
    }
    await new Promise((r) => setTimeout(r, 200));
    expect(emu.botMessages(950)).toHaveLength(0);
  });

  it("handles an update delivered by Telegram, and a redelivered update only once", async () => {
    const { url, emu } = await start();
    emu.addUser({ id: 950, first_name: "Ana" }, { startedBot: true });
    const post = () =>
      fetch(url, { method: "POST", headers: { "content-type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET }, body: JSON.stringify(update(77, "/help")) });
    expect((await post()).status).toBe(200);
    expect((await post()).status).toBe(200);
    await emu.waitFor(() => emu.botMessages(950).length >= 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(emu.botMessages(950)).toHaveLength(1);
    expect(emu.botMessages(950)[0]!.text).toMatch(/What I can do/);
  });

  it("receives a user's message end to end through the emulator's webhook delivery", async () => {
    const { emu } = await start();
    emu.addUser({ id: 951, first_name: "Ana", language_code: "en" });
    emu.sendText(951, "/about");
    const [about] = await emu.waitForMessages(951, 1);
    expect(about!.text).toContain("Mini visit");
  });

  it("serves /healthz with the Bot API and store reachable, and /metrics in Prometheus text", async () => {
    const { app } = await start();
    const health = await fetch(`http://127.0.0.1:${app.port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok", telegram: { ok: true }, store: { ok: true, kind: "sqlite" } });
    const metrics = await (await fetch(`http://127.0.0.1:${app.port}/metrics`)).text();
    for (const name of ["attache_updates_total", "attache_outbox_depth", "attache_outbox_sends_total", "attache_answers_total"]) expect(metrics).toContain(name);
  });

  it("/healthz reports degraded when the Bot API cannot be reached", async () => {
    const { app, emu } = await start();
    await emu.close();
    const health = await fetch(`http://127.0.0.1:${app.port}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: "degraded", telegram: { ok: false } });
  });
});
