// Composition root: config in, a running bot out. Importing this module starts nothing.
import type { Logger } from "pino";
import type { Config } from "./config.ts";
import { ShiftableClock } from "./clock.ts";
import { loadScenario } from "./scenario/load.ts";
import { formatProblem } from "./scenario/problems.ts";
import { scenarioSource } from "./scenario/source.ts";
import { openStorage } from "./storage/index.ts";
import { UserStore } from "./storage/users.ts";
import { createI18n } from "./bot/i18n.ts";
import { createBot } from "./bot/index.ts";
import { setGlobalCommands } from "./bot/commands.ts";
import { startPolling } from "./bot/run.ts";
import type { BotDeps } from "./bot/context.ts";

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
  return {
    scenario: scenarioSource(loaded.scenario),
    users: new UserStore(storage.namespace("users")),
    storage,
    clock,
    i18n: await createI18n(),
    logger,
    organizerIds: config.organizerIds,
  };
}

/** Runs the bot with long polling against `config.botApiRoot`. */
export async function startBot(config: Config, logger: Logger, deps?: BotDeps): Promise<RunningApp> {
  if (!config.botToken) throw new StartupError("BOT_TOKEN is not set");
  const d = deps ?? (await buildDeps(config, logger));
  const bot = createBot(d, { token: config.botToken, apiRoot: config.botApiRoot });
  try {
    await bot.init();
    await setGlobalCommands(bot.api, d.i18n);
  } catch (error) {
    await d.storage.close();
    throw new StartupError(`Cannot reach the Bot API at ${config.botApiRoot}: ${(error as Error).message}`);
  }
  const runner = startPolling(bot);
  logger.info({ bot: bot.botInfo.username, visit: d.scenario.visit.id, storage: d.storage.kind }, "bot started (long polling)");
  return {
    deps: d,
    async stop() {
      if (runner.isRunning()) await runner.stop();
      await d.storage.close();
    },
  };
}
