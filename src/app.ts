// Composition root: config in, a running bot out. Importing this module starts nothing.
import type { Logger } from "pino";
import type { Config } from "./config.ts";
import { ShiftableClock } from "./clock.ts";
import { loadScenario } from "./scenario/load.ts";
import { formatProblem } from "./scenario/problems.ts";
import { scenarioSource } from "./scenario/source.ts";
import { openStorage } from "./storage/index.ts";
import { UserStore } from "./storage/users.ts";
import { SqliteStateStore } from "./storage/sqlite-state.ts";
import { createI18n } from "./bot/i18n.ts";
import { createAnswers } from "./knowledge/service.ts";
import { labelsFromI18n } from "./knowledge/labels.ts";
import { llmConfigured, openAiClient } from "./knowledge/llm.ts";
import { createBot } from "./bot/index.ts";
import { setGlobalCommands } from "./bot/commands.ts";
import { startPolling } from "./bot/run.ts";
import { Api, type Bot } from "grammy";
import { Sender } from "./delivery/sender.ts";
import { RateLimiter, type Limits } from "./delivery/limiter.ts";
import { createRenderer } from "./delivery/render.ts";
import { ProgressReporter } from "./delivery/progress.ts";
import type { BotContext, BotDeps } from "./bot/context.ts";

export class StartupError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = "StartupError";
    this.exitCode = exitCode;
  }
}

export interface RunningApp {
  deps: BotDeps;
  stop(): Promise<void>;
}

/** Loads the scenario and the stores; fails with every file:line problem of a broken scenario. */
export async function buildDeps(config: Config, logger: Logger, clock = new ShiftableClock(config.botNow)): Promise<BotDeps> {
  const loaded = await loadScenario(config.scenarioDir);
  for (const w of loaded.warnings) logger.warn(formatProblem(w));
  if (!loaded.ok) {
    throw new StartupError(
      `The scenario in ${config.scenarioDir} has errors:\n${loaded.errors.map((e) => `  ${formatProblem(e)}`).join("\n")}`,
    );
  }
  const storage = openStorage(config.storageUrl);
  const state = new SqliteStateStore(storage.sql);
  const scenario = scenarioSource(loaded.scenario, await state.overrides());
  const i18n = await createI18n();
  return {
    scenario,
    state,
    outbox: state,
    delivery: { wake: () => {}, track: async () => {} },
    organizerChatId: config.organizerChatId,
    users: new UserStore(storage.namespace("users")),
    storage,
    clock,
    i18n,
    logger,
    organizerIds: config.organizerIds,
    // The language model only when a server is configured; otherwise answers are extractive, offline.
    answers: createAnswers({
      scenario,
      labels: labelsFromI18n(i18n),
      logger,
      ...(llmConfigured(config.openai) ? { llm: openAiClient(config.openai) } : {}),
    }),
  };
}

export interface LaunchOptions {
  token: string;
  apiRoot: string;
  /** Sees the bot before it starts polling (tests count handled updates with it). */
  onBot?: (bot: Bot<BotContext>) => void;
  /** Telegram's send limits for the outbox (defaults: 25/s, 1/s per chat, 20/min per group). */
  limits?: Partial<Limits>;
}

/** Starts the bot with long polling on the given deps. */
export async function launch(deps: BotDeps, options: LaunchOptions): Promise<RunningApp & { bot: Bot<BotContext>; sender: Sender }> {
  const bot = createBot(deps, { token: options.token, apiRoot: options.apiRoot });
  options.onBot?.(bot);
  try {
    await bot.init();
    await setGlobalCommands(bot.api, deps.i18n);
  } catch (error) {
    throw new StartupError(`Cannot reach the Bot API at ${options.apiRoot}: ${(error as Error).message}`);
  }
  const sender = new Sender({
    outbox: deps.outbox,
    // The outbox handles 429s itself (one shared pause), so its Api has no auto-retry.
    api: new Api(options.token, { apiRoot: options.apiRoot }),
    render: createRenderer(deps),
    logger: deps.logger,
    ...(options.limits ? { limiter: new RateLimiter(options.limits) } : {}),
    onUnreachable: async (notice) => {
      if (notice.userId !== undefined) await deps.users.update(notice.userId, { unreachable: true });
    },
  });
  await deps.outbox.releaseLeases();
  const progress = new ProgressReporter({
    api: bot.api, outbox: deps.outbox, i18n: deps.i18n, logger: deps.logger, kv: deps.storage.namespace("progress"),
  });
  deps.delivery.wake = () => sender.notify();
  deps.delivery.track = (chatId, batch, lang) => progress.track(chatId, batch, lang);
  sender.start();
  await progress.resume();
  const runner = startPolling(bot);
  deps.logger.info({ bot: bot.botInfo.username, visit: deps.scenario.visit.id, storage: deps.storage.kind }, "bot started (long polling)");
  return {
    bot,
    deps,
    sender,
    async stop() {
      if (runner.isRunning()) await runner.stop();
      progress.stop();
      await sender.stop();
      await deps.storage.close();
    },
  };
}

/** Runs the bot with long polling against `config.botApiRoot`. */
export async function startBot(config: Config, logger: Logger): Promise<RunningApp> {
  if (!config.botToken) throw new StartupError("BOT_TOKEN is not set");
  const deps = await buildDeps(config, logger);
  try {
    return await launch(deps, { token: config.botToken, apiRoot: config.botApiRoot });
  } catch (error) {
    await deps.storage.close();
    throw error;
  }
}
