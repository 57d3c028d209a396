// Entry point of `npm start`: environment → config → running bot; clear messages, never a stack trace, for setup mistakes.
import { ConfigError, loadConfig } from "./config.ts";
import { createLogger } from "./logger.ts";
import { StartupError, startBot } from "./app.ts";
import { HELP_TEXT } from "./help-text.ts";

async function main(): Promise<void> {
  if (process.argv.includes("--help") || process.argv.includes("-h")) {
    process.stdout.write(HELP_TEXT);
    return;
  }
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  if (!config.botToken) {
    process.stdout.write(NO_TOKEN);
    process.exitCode = 2;
    return;
  }
  const app = await startBot(config, logger);
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

const NO_TOKEN = `Attaché needs a Telegram bot token to run.

  1. Ask @BotFather in Telegram for a token (/newbot).
  2. Start with it:   BOT_TOKEN=123456:ABC… npm start
     or put BOT_TOKEN=… in a .env file (see .env.example) and run:  node --env-file=.env src/main.ts

All settings: npm start -- --help
`;

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof StartupError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(error instanceof StartupError ? error.exitCode : 2);
  }
  process.stderr.write(`Attaché stopped on an unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
