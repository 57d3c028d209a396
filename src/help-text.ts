// The --help text of `npm start`; kept beside the config so both change together.
export const HELP_TEXT = `Attaché — Telegram companion for official delegation visits

Usage:
  npm start                     run the bot (long polling)
  npx attache check <dir> [--json]   validate a visit folder
  npx attache schema [--out FILE]    print the JSON Schema of visit.yaml

Environment (all optional except BOT_TOKEN to reach Telegram):
  BOT_TOKEN         token from @BotFather
  BOT_API_ROOT      Bot API server (default https://api.telegram.org)
  SCENARIO_DIR      visit folder (default scenarios/serbia-belarus-ict)
  STORAGE_URL       sqlite://./data/attache.sqlite (default) or memory:
  BOT_NOW           ISO instant the clock starts at, e.g. 2024-09-25T10:15:00+03:00
  ORGANIZER_IDS     comma-separated Telegram user ids with organizer rights
  ORGANIZER_CHAT_ID organizers' group for relays and escalations (default: each organizer privately)
  LOG_LEVEL         fatal|error|warn|info|debug|trace|silent (default info)
  PORT              HTTP port (default 8080)
  OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_MODEL, OPENAI_EMBEDDING_MODEL, OPENAI_TIMEOUT_MS
                    language model for grounded answers (reserved)
`;
