// `npm start` without BOT_TOKEN: one process with the local Bot API emulator, the real bot pointed at it, and the
// web chat with personas and the demo clock. Nothing here changes how the bot works; it only stands in for Telegram.
import type { Logger } from "pino";
import type { Api } from "grammy";
import { buildDeps, launch, type LaunchedBot } from "../app.ts";
import type { Config } from "../config.ts";
import { ShiftableClock } from "../clock.ts";
import { createEmulator, type Emulator } from "../emulator/index.ts";
import type { BotDeps } from "../bot/context.ts";
import { commandsFor } from "../bot/commands.ts";
import { rehearsalStart } from "./demo-clock.ts";
import { listenHttp } from "./listen.ts";
import { PersonaRegistry, seedPersonas } from "./personas.ts";
import { createWebChatServer } from "./webchat.ts";

/** Accepted by the local emulator only; it never reaches Telegram. */
export const DEMO_TOKEN = "7000000001:attache-local-demo-token-not-a-telegram-secret";
/**
 * The demo's own file when STORAGE_URL is unset: moving its clock past the visit purges personal data, which
 * must never happen to a real bot's store in the default file.
 */
export const DEMO_STORAGE_URL = "sqlite://./data/demo.sqlite";
/** The demo hands out an organizer persona to whoever opens the page, so it listens on loopback only. */
export const DEMO_HOST = "127.0.0.1";

export interface RunningDemo {
  /** The web chat's address, e.g. http://localhost:8080. */
  url: string;
  port: number;
  emulator: Emulator;
  deps: BotDeps;
  personas: PersonaRegistry;
  stop(): Promise<void>;
}

export async function startDemo(given: Config, logger: Logger): Promise<RunningDemo> {
  const config = given.storageUrlDefaulted ? { ...given, storageUrl: DEMO_STORAGE_URL } : given;
  const clock = new ShiftableClock(config.botNow);
  // The emulator dates messages by the bot's clock, so the chat shows visit time, not the machine's.
  const emulator = createEmulator({ tokens: [DEMO_TOKEN], now: () => clock.now(), bot: { first_name: "Attaché", username: "attache_demo_bot" } });
  const undo: Array<() => Promise<void> | void> = [];
  const unwind = async () => {
    for (const step of undo.splice(0).reverse()) await step();
  };
  try {
    const { apiRoot } = await emulator.listen(0, DEMO_HOST);
    undo.push(() => emulator.close());
    const built = await buildDeps(config, logger, clock);
    let storageOwned = true;
    undo.push(() => (storageOwned ? built.storage.close() : undefined));
    if (config.botNow === undefined) clock.set(rehearsalStart(built.scenario.visit));

    const personas = new PersonaRegistry(built.scenario.visit);
    const deps: BotDeps = { ...built, organizerIds: [...built.organizerIds, ...personas.organizerIds()] };
    await seedPersonas(personas, emulator, deps);

    let launched: LaunchedBot | undefined;
    // After a jump of the clock, reminders and briefings that fell due go out now, not at the next scheduler tick.
    const onClockMoved = () => void launched?.scheduler.tick().catch((err: unknown) => logger.error({ err }, "scheduler tick failed"));
    const web = createWebChatServer({ emulator, deps, personas, logger, onClockMoved });
    undo.push(() => web.close());
    const listener = await listenHttp(web.app, config.port, DEMO_HOST);
    undo.push(() => listener.close());

    const bot = await launch(deps, { token: DEMO_TOKEN, apiRoot });
    launched = bot;
    storageOwned = false; // bot.stop() closes the storage from here on
    undo.push(() => bot.stop());
    await setPersonaMenus(bot.bot.api, deps, personas);

    return {
      url: `http://localhost:${listener.port}`,
      port: listener.port,
      emulator,
      deps,
      personas,
      stop: unwind,
    };
  } catch (error) {
    await unwind();
    throw error;
  }
}

/** What the bot does after a delegate picks a language (the chat's menu follows it), done for the seeded profiles. */
async function setPersonaMenus(api: Api, deps: BotDeps, personas: PersonaRegistry): Promise<void> {
  for (const persona of personas.list()) {
    const profile = await deps.users.get(persona.userId);
    if (!profile?.langChosen) continue;
    await api.setMyCommands(commandsFor(deps.i18n, profile.lang), { scope: { type: "chat", chat_id: persona.userId } });
  }
}
