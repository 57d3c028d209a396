// Entry point of `npm start`: environment → config → running bot; clear messages, never a stack trace, for setup mistakes.
import { ConfigError, loadConfig } from "./config.ts";
import { createLogger } from "./logger.ts";
import { StartupError, startBot } from "./app.ts";
import { HELP_TEXT } from "./help-text.ts";
import { GrammyError } from "grammy";
import { startDemo } from "./server/demo.ts";

async function main(): Promise<void> {
  if (process.argv.includes("--help") || process.argv.includes("-h")) {
    process.stdout.write(HELP_TEXT);
    return;
  }
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  // No token: the same bot against a local Telegram emulator, with a web chat to try it in.
  let app: { stop(): Promise<void> };
  if (config.botToken) app = await startBot(config, logger, receivingStopped);
  else {
    const demo = await startDemo(config, logger);
    process.stdout.write(demoBanner(demo.url));
    app = demo;
  }
  const shutdown = async (signal: string) => {
    logger.info({ signal }, "stopping");
    const timer = setTimeout(() => process.exit(1), 10_000).unref();
    await app.stop();
    clearTimeout(timer);
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
}

/** Polling can stop for good: another process took the bot's updates (409), or the token was revoked (401). */
function receivingStopped(error: Error): void {
  const conflict = error instanceof GrammyError && error.error_code === 409;
  const revoked = error instanceof GrammyError && error.error_code === 401;
  process.stderr.write(
    conflict
      ? "Another process is receiving this bot's updates (Telegram answered 409 Conflict). Stop it, or run this one with BOT_RECEIVE=none.\n"
      : revoked
        ? "Telegram no longer accepts BOT_TOKEN (401 Unauthorized). Get a new token from @BotFather.\n"
        : `Receiving updates stopped: ${error.message}\n`,
  );
  process.exit(1);
}

const demoBanner = (url: string) => `
Attaché demo — web chat with the bot on a local Telegram emulator: ${url}
For real Telegram, set BOT_TOKEN (from @BotFather):  BOT_TOKEN=123456:ABC… npm start   · all settings: npm start -- --help

`;

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof StartupError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(error instanceof StartupError ? error.exitCode : 2);
  }
  process.stderr.write(`Attaché stopped on an unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
