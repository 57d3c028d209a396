// The --help text of `npm start`; kept beside the config so both change together.
export const HELP_TEXT = `Attaché — Telegram companion for official delegation visits

Usage:
  npm start                     with BOT_TOKEN: run the bot on Telegram (long polling, or a webhook)
                                without it: a demo in the browser — the same bot on a local Telegram
                                emulator, a web chat with personas of the visit and a demo clock,
                                at http://localhost:8080 (PORT), loopback only
  npx attache check <dir> [--json]   validate a visit folder
  npx attache schema [--out FILE]    print the JSON Schema of visit.yaml

Environment (all optional; BOT_TOKEN is what reaches real Telegram):
  BOT_TOKEN         token from @BotFather; unset = the local demo
  BOT_API_ROOT      Bot API server (default https://api.telegram.org)
  SCENARIO_DIR      visit folder (default scenarios/serbia-belarus-ict)
  STORAGE_URL       sqlite://./data/attache.sqlite (default), memory:, or redis://host:port[/db][?prefix=name]
                    (rediss:// for TLS): one store shared by several instances; the demo (no BOT_TOKEN)
                    defaults to its own sqlite://./data/demo.sqlite, never the real bot's file
  BOT_RECEIVE       polling (default), webhook (default with WEBHOOK_URL), or none: send the shared
                    outbox only, beside an instance that receives (needs a redis:// STORAGE_URL)
  BOT_NOW           ISO instant the clock starts at, e.g. 2024-09-25T10:15:00+03:00
                    (the demo starts on day 1 at 08:30 in the visit's time zone)
  ORGANIZER_IDS     comma-separated Telegram user ids with organizer rights
  ORGANIZER_CHAT_ID organizers' group for relays and escalations (default: each organizer privately)
  WEBHOOK_URL       receive updates by webhook at this public URL (its path is served on PORT)
  WEBHOOK_SECRET    secret Telegram sends back with each webhook request (required with WEBHOOK_URL)
  SEND_LIMIT_PER_SECOND, SEND_LIMIT_CHAT_MS, SEND_LIMIT_GROUP_PER_MINUTE
                    outbox pace (default 25 messages/s, 1000 ms per chat, 20/min per group)
  PURGE_AFTER_DAYS  days after the visit when personal data is deleted (default 30)
  LOG_LEVEL         fatal|error|warn|info|debug|trace|silent (default info)
  PORT              HTTP port (default 8080; the demo's web chat; 0 = any free port)
  OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_MODEL, OPENAI_EMBEDDING_MODEL, OPENAI_TIMEOUT_MS
                    language model for grounded answers: any OpenAI-compatible server (default: none,
                    offline extractive answers); timeout 20000 ms, model gpt-4o-mini
`;
