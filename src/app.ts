// Composition root: config in, a running bot out. Importing this module starts nothing.
import type { Logger } from "pino";
import type { Config } from "./config.ts";
import { ShiftableClock } from "./clock.ts";
import { loadScenario, type Scenario } from "./scenario/load.ts";
import { formatProblem } from "./scenario/problems.ts";
import { scenarioSource } from "./scenario/source.ts";
import { openStores } from "./storage/index.ts";
import { UserStore } from "./storage/users.ts";
import { createI18n } from "./bot/i18n.ts";
import { createAnswers } from "./knowledge/service.ts";
import { labelsFromI18n } from "./knowledge/labels.ts";
import { llmConfigured, openAiClient } from "./knowledge/llm.ts";
import { createBot } from "./bot/index.ts";
import { setGlobalCommands } from "./bot/commands.ts";
import { ALLOWED_UPDATES, startPolling } from "./bot/run.ts";
import { Api, type Bot } from "grammy";
import { Sender } from "./delivery/sender.ts";
import { composeSentHooks } from "./delivery/sent-hooks.ts";
import { Scheduler } from "./delivery/scheduler.ts";
import { rememberCard } from "./delivery/today-card.ts";
import { recordRelayedMessage } from "./delivery/relays.ts";
import { watchScenarioFile } from "./delivery/reload-watch.ts";
import { settleStagedUploads } from "./delivery/reload-file.ts";
import { RateLimiter, type Limits } from "./delivery/limiter.ts";
import { createRenderer } from "./delivery/render.ts";
import { ProgressReporter } from "./delivery/progress.ts";
import { Hono } from "hono";
import type { RunnerHandle } from "@grammyjs/runner";
import { createOpsRoutes } from "./server/ops.ts";
import { createWebhook, type WebhookHandle } from "./server/webhook.ts";
import { listenHttp } from "./server/listen.ts";
import { createMetrics } from "./metrics.ts";
import { startRetention } from "./storage/retention.ts";
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

/** The scenario folder, or a StartupError with every file:line problem of a broken one. */
async function loadValidScenario(dir: string, logger: Logger): Promise<Scenario> {
  const loaded = await loadScenario(dir);
  for (const w of loaded.warnings) logger.warn(formatProblem(w));
  if (!loaded.ok) {
    throw new StartupError(`The scenario in ${dir} has errors:\n${loaded.errors.map((e) => `  ${formatProblem(e)}`).join("\n")}`);
  }
  return loaded.scenario;
}

/** Loads the scenario and the stores; fails with every file:line problem of a broken scenario. */
export async function buildDeps(config: Config, logger: Logger, clock = new ShiftableClock(config.botNow)): Promise<BotDeps> {
  let files = await loadValidScenario(config.scenarioDir, logger);
  const stores = await openStores(config.storageUrl, {
    onError: (err) => logger.warn({ err: { message: err.message } }, "storage connection trouble"),
  }).catch((error: unknown) => {
    throw new StartupError(`STORAGE_URL: ${(error as Error).message}`);
  });
  const { storage, state } = stores;
  // A reload uploaded just before a crash: its file is put in place or dropped, as its commit says, before the
  // overrides are read (src/delivery/reload-file.ts).
  try {
    if (await settleStagedUploads(files.dir, state)) {
      logger.warn("visit.yaml uploaded before a crash was put in place");
      files = await loadValidScenario(config.scenarioDir, logger);
    }
  } catch (error) {
    await storage.close();
    throw error;
  }
  const scenario = scenarioSource(files, await state.overrides());
  // Another instance on a shared store moved or cancelled an event: the programme here follows.
  state.onOverridesChanged?.(() => {
    state.overrides().then((o) => scenario.setOverrides(o), (err: unknown) => logger.warn({ err }, "overrides not reloaded"));
  });
  const i18n = await createI18n();
  const llm = llmConfigured(config.openai) ? openAiClient(config.openai) : undefined;
  return {
    scenario,
    state,
    outbox: stores.outbox,
    inbox: stores.inbox,
    ...(stores.limiter ? { sendLimiter: stores.limiter } : {}),
    delivery: { wake: () => {}, track: async () => {} },
    organizerChatId: config.organizerChatId,
    users: new UserStore(storage.namespace("users")),
    storage,
    clock,
    i18n,
    logger,
    organizerIds: config.organizerIds,
    metrics: createMetrics(),
    // The language model only when a server is configured; otherwise answers are extractive, offline.
    answers: createAnswers({
      scenario,
      labels: labelsFromI18n(i18n),
      logger,
      ...(llm ? { llm } : {}),
    }),
    ...(llm ? { llm } : {}),
  };
}

export interface LaunchOptions {
  token: string;
  apiRoot: string;
  /** Sees the bot before it starts polling (tests count handled updates with it). */
  onBot?: (bot: Bot<BotContext>) => void;
  /** Telegram's send limits for the outbox (defaults: 25/s, 1/s per chat, 20/min per group). */
  limits?: Partial<Limits>;
  /** Watch visit.yaml and offer organizers a reload when it changes (default true; tests that do not need it turn it off). */
  watchScenario?: boolean;
  /** Receive updates by webhook instead of long polling. */
  webhook?: { url: string; secret: string };
  /** Receive no updates, only drain the shared outbox (BOT_RECEIVE=none: an extra sender beside a receiving instance). */
  sendOnly?: boolean;
  /** Serve /healthz, /metrics (and the webhook) on this port. */
  http?: { port: number; hostname?: string };
  /** Called when receiving updates stops for good (e.g. another process polls the same bot). */
  onFatal?: (error: Error) => void;
  /** Days after the visit's last day when personal data is purged (default 30). */
  purgeAfterDays?: number;
}

export interface LaunchedBot extends RunningApp {
  bot: Bot<BotContext>;
  sender: Sender;
  /** Reminders, morning briefings, escalations; tests call its tick() after moving the clock. */
  scheduler: Scheduler;
  /** The ops (and webhook) routes, also served on `port` when `http` was given. */
  http: Hono;
  port?: number;
}

/** Starts the bot (long polling, or webhook) with its outbox sender on the given deps. */
export async function launch(deps: BotDeps, options: LaunchOptions): Promise<LaunchedBot> {
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
    // 30 s per call, well inside the 60 s lease: a hung request cannot outlive its claim on the notice.
    api: new Api(options.token, { apiRoot: options.apiRoot, timeoutSeconds: 30 }),
    render: createRenderer(deps),
    logger: deps.logger,
    // On a shared store the limiter is shared too, so N processes together keep Telegram's limits.
    limiter: deps.sendLimiter?.(options.limits ?? {}) ?? new RateLimiter(options.limits ?? {}),
    onResult: (result) => deps.metrics.sends.inc({ result }),
    // Features that need a sent notice's message id add their hook to this list.
    onSent: composeSentHooks([recordRelayedMessage(deps), (notice, messageId) => rememberCard(deps, notice, messageId)], deps.logger),
    onUnreachable: async (notice) => {
      if (notice.userId !== undefined) await deps.users.update(notice.userId, { unreachable: true });
    },
  });
  await deps.outbox.releaseLeases();
  const progress = new ProgressReporter({
    api: bot.api, outbox: deps.outbox, i18n: deps.i18n, logger: deps.logger, kv: deps.storage.namespace("progress"),
  });
  deps.delivery.wake = () => sender.notify();
  deps.delivery.track = (chatId, batch, lang, headline) => progress.track(chatId, batch, lang, headline);
  sender.start();
  const scenarioWatcher = options.watchScenario === false ? undefined : watchScenarioFile(deps);
  const scheduler = new Scheduler(deps);
  scheduler.start();
  await progress.resume();
  const stopRetention = startRetention(deps, options.purgeAfterDays ?? 30);
  // Telegram redelivers a webhook update for at most a day: older handled ids need not be remembered.
  const pruneInbox = setInterval(
    () => void deps.inbox.prune(Date.now() - 86_400_000).catch((err: unknown) => deps.logger.warn({ err }, "inbox prune failed")),
    3_600_000,
  ).unref();
  deps.metrics.outboxDepth(() => deps.outbox.depth());

  const http = new Hono();
  http.route("/", createOpsRoutes({ api: bot.api, storage: deps.storage, metrics: deps.metrics }));
  let webhook: WebhookHandle | undefined;
  if (options.webhook && !options.sendOnly) {
    webhook = createWebhook({
      bot, inbox: deps.inbox, secret: options.webhook.secret,
      path: new URL(options.webhook.url).pathname, logger: deps.logger, metrics: deps.metrics,
    });
    http.route("/", webhook.app);
  }
  const listener = options.http ? await listenHttp(http, options.http.port, options.http.hostname ?? "0.0.0.0") : undefined;
  let runner: RunnerHandle | undefined;
  const mode = options.sendOnly ? "send-only" : webhook ? "webhook" : "polling";
  if (options.sendOnly) {
    // Another instance receives; this one only helps drain the outbox.
  } else if (webhook && options.webhook) {
    await webhook.recover();
    await bot.api.setWebhook(options.webhook.url, { secret_token: options.webhook.secret, allowed_updates: [...ALLOWED_UPDATES] });
  } else {
    // A webhook left by an earlier deployment would make every getUpdates fail with 409.
    await bot.api.deleteWebhook();
    runner = startPolling(bot);
    runner.task()?.catch((error: unknown) => {
      deps.logger.fatal({ err: error }, "receiving updates stopped");
      options.onFatal?.(error instanceof Error ? error : new Error(String(error)));
    });
  }
  deps.logger.info(
    { bot: bot.botInfo.username, visit: deps.scenario.visit.id, storage: deps.storage.kind, mode, port: listener?.port },
    `bot started (${mode === "polling" ? "long polling" : mode})`,
  );
  return {
    bot,
    deps,
    sender,
    scheduler,
    port: listener?.port,
    http,
    async stop() {
      // Stop taking updates, finish the ones in hand, then let the outbox settle and close the store.
      if (runner?.isRunning()) await runner.stop();
      scenarioWatcher?.close();
      await listener?.close();
      await webhook?.drain();
      progress.stop();
      stopRetention();
      clearInterval(pruneInbox);
      await scheduler.stop();
      await sender.stop();
      await deps.storage.close();
    },
  };
}

/** Runs the bot against `config.botApiRoot`: long polling, or the webhook when WEBHOOK_URL is set. */
export async function startBot(config: Config, logger: Logger, onFatal?: (error: Error) => void): Promise<RunningApp> {
  if (!config.botToken) throw new StartupError("BOT_TOKEN is not set");
  const deps = await buildDeps(config, logger);
  try {
    return await launch(deps, {
      token: config.botToken,
      apiRoot: config.botApiRoot,
      limits: config.sendLimits,
      purgeAfterDays: config.purgeAfterDays,
      http: { port: config.port },
      ...(config.webhook && config.receive === "webhook" ? { webhook: config.webhook } : {}),
      sendOnly: config.receive === "none",
      ...(onFatal ? { onFatal } : {}),
    });
  } catch (error) {
    await deps.storage.close();
    throw error;
  }
}
