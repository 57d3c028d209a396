// Runs the real Attaché bot (long polling, SQLite) against the Bot API emulator on loopback,
// and gives tests delegates who type and tap like people do.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createEmulator, type Emulator, type StoredMessage } from "../../src/emulator/index.ts";
import { buildDeps, launch } from "../../src/app.ts";
import { loadConfig, type Config } from "../../src/config.ts";
import { ShiftableClock } from "../../src/clock.ts";
import { createLogger } from "../../src/logger.ts";
import type { BotDeps } from "../../src/bot/context.ts";
import type { Scheduler } from "../../src/delivery/scheduler.ts";

export const TEST_TOKEN = "123456:TEST-token-for-the-local-emulator-only";
export const MINI_DIR = path.join(import.meta.dirname, "..", "fixtures", "mini");

export interface WorldOptions {
  scenarioDir?: string;
  /** ISO instant; the clock starts there and runs on. */
  now?: string;
  organizerIds?: number[];
  /** Reuse a storage file (restart tests). */
  storageFile?: string;
  env?: Record<string, string>;
  /** Watch the scenario's visit.yaml for changes (off unless a test reloads from disk). */
  watchScenario?: boolean;
}

export interface World {
  emu: Emulator;
  deps: BotDeps;
  clock: ShiftableClock;
  storageFile: string;
  /** The bot's scheduler: tests move the clock, then call tick() instead of waiting 15 s. */
  scheduler: Scheduler;
  user(id: number, opts?: { language_code?: string; first_name?: string }): Delegate;
  stop(): Promise<void>;
}

export interface Delegate {
  id: number;
  /** Types a message; resolves with what the bot sent in reply once the update was handled. */
  send(text: string): Promise<StoredMessage[]>;
  /** Taps the inline button whose text matches, on the given (or latest bot) message. */
  tap(button: string | RegExp, message?: StoredMessage): Promise<StoredMessage[]>;
  /** Taps with raw callback data, even if no such button exists (forged/replayed). */
  tapData(data: string, message?: StoredMessage): Promise<StoredMessage[]>;
  /** Runs a user action producing an update and waits until the bot handled it. */
  act(produce: () => { update: { update_id: number } }): Promise<StoredMessage[]>;
  last(): StoredMessage;
  messages(): StoredMessage[];
  callbackAnswers(): string[];
}

export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const emu = createEmulator();
  const { apiRoot } = await emu.listen();
  const dir = options.storageFile ? undefined : mkdtempSync(path.join(tmpdir(), "attache-test-"));
  const storageFile = options.storageFile ?? path.join(dir!, "attache.sqlite");
  const config: Config = loadConfig({
    BOT_TOKEN: TEST_TOKEN,
    BOT_API_ROOT: apiRoot,
    SCENARIO_DIR: options.scenarioDir ?? MINI_DIR,
    STORAGE_URL: `sqlite://${storageFile}`,
    ORGANIZER_IDS: (options.organizerIds ?? []).join(","),
    LOG_LEVEL: "silent",
    ...(options.now ? { BOT_NOW: options.now } : {}),
    ...options.env,
  });
  const clock = new ShiftableClock(config.botNow);
  const deps = await buildDeps(config, createLogger(process.env.TEST_LOG_LEVEL ?? "silent"), clock);
  const handled = new Map<number, () => void>();
  const done = new Set<number>();
  const app = await launch(deps, {
    token: TEST_TOKEN,
    apiRoot,
    watchScenario: options.watchScenario ?? false,
    onBot(bot) {
      const original = bot.handleUpdate.bind(bot);
      bot.handleUpdate = async (update, webhookReply) => {
        try {
          return await original(update, webhookReply);
        } finally {
          done.add(update.update_id);
          handled.get(update.update_id)?.();
        }
      };
    },
  });

  const processed = (updateId: number, timeoutMs = 10_000) =>
    new Promise<void>((resolve, reject) => {
      if (done.has(updateId)) return resolve();
      const timer = setTimeout(() => reject(new Error(`update ${updateId} not handled within ${timeoutMs} ms`)), timeoutMs);
      handled.set(updateId, () => {
        clearTimeout(timer);
        resolve();
      });
    });

  const world: World = {
    emu,
    deps,
    clock,
    storageFile,
    scheduler: app.scheduler,
    user(id, opts = {}) {
      emu.addUser({ id, first_name: opts.first_name ?? `User${id}`, language_code: opts.language_code ?? "en" });
      const act: Delegate["act"] = async (produce) => {
        const before = emu.botMessages(id).length;
        const { update } = produce();
        await processed(update.update_id);
        return emu.botMessages(id).slice(before);
      };
      const latest = () => {
        const m = emu.lastBotMessage(id);
        if (!m) throw new Error(`no bot message in chat ${id}`);
        return m;
      };
      return {
        id,
        send: (text) => act(() => emu.sendText(id, text)),
        tap: (button, message) =>
          act(() => {
            const re = typeof button === "string" ? new RegExp(button.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) : button;
            const m = message ?? [...emu.botMessages(id)].reverse().find((x) => x.buttons.flat().some((b) => re.test(b)));
            if (!m) throw new Error(`no button ${button} in chat ${id}:\n${emu.describeChat(id)}`);
            return emu.clickButtonText(id, m.id, re);
          }),
        tapData: (data, message) => act(() => emu.clickButton(id, (message ?? latest()).id, data, { force: true })),
        act,
        last: latest,
        messages: () => emu.botMessages(id),
        callbackAnswers: () => emu.callsOf("answerCallbackQuery").map((c) => String((c.params as { text?: string }).text ?? "")),
      };
    },
    async stop() {
      await app.stop();
      await emu.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
  return world;
}

/** The visible text of a batch of bot messages. */
export const textOf = (messages: StoredMessage[]) => messages.map((m) => m.text).join("\n---\n");
