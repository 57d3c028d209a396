// Property test: random texts, captions, callback data and deep-link payloads through every handler.
// 10,000 updates go through bot.handleUpdate with an in-process API transformer instead of HTTP: at this
// volume loopback HTTP would dominate the run, and what is checked is what the bot sends, validated with
// the emulator's own Telegram rules (HTML entities, lengths, callback data bytes).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Bot } from "grammy";
import type { Update } from "grammy/types";
import { parseHtml } from "../../src/emulator/index.ts";
import { buildDeps } from "../../src/app.ts";
import { loadConfig, DEFAULT_SCENARIO_DIR } from "../../src/config.ts";
import { createLogger } from "../../src/logger.ts";
import { createBot } from "../../src/bot/index.ts";
import type { BotContext, BotDeps } from "../../src/bot/context.ts";
import { encode } from "../../src/bot/keyboards/callback-data.ts";

interface Problem { method: string; why: string; sample: string }

let deps: BotDeps;
let bot: Bot<BotContext>;
const problems: Problem[] = [];
const crashes: unknown[] = [];
let messageId = 1;
const replies: Record<string, number> = {};

function check(method: string, payload: Record<string, unknown>): void {
  replies[method] = (replies[method] ?? 0) + 1;
  const html = (payload.text ?? payload.caption) as string | undefined;
  if (typeof html === "string") {
    try {
      const parsed = payload.parse_mode === "HTML" ? parseHtml(html) : { text: html };
      const limit = payload.caption !== undefined ? 1024 : 4096;
      if (parsed.text.trim().length === 0) problems.push({ method, why: "empty text", sample: html });
      if (parsed.text.length > limit) problems.push({ method, why: `longer than ${limit}`, sample: html.slice(0, 80) });
    } catch (error) {
      problems.push({ method, why: (error as Error).message, sample: html.slice(0, 200) });
    }
  }
  const markup = payload.reply_markup as { inline_keyboard?: Array<Array<{ callback_data?: string }>> } | undefined;
  for (const button of markup?.inline_keyboard?.flat() ?? []) {
    if (button.callback_data !== undefined && Buffer.byteLength(button.callback_data) > 64) {
      problems.push({ method, why: "callback_data over 64 bytes", sample: button.callback_data });
    }
  }
}

beforeAll(async () => {
  const config = loadConfig({ SCENARIO_DIR: DEFAULT_SCENARIO_DIR, STORAGE_URL: "memory:", LOG_LEVEL: "silent", BOT_NOW: "2024-09-25T10:15:00+03:00" });
  deps = await buildDeps(config, createLogger("silent"));
  bot = createBot(deps, { token: "123456:TEST-token-for-the-local-emulator-only", botInfo: {
    id: 7000000001, is_bot: true, first_name: "Attaché", username: "attache_bot", can_join_groups: true,
    can_read_all_group_messages: false, supports_inline_queries: false, can_connect_to_business: false,
    has_main_web_app: false, has_topics_enabled: false, allows_users_to_create_topics: false,
  } as never });
  bot.api.config.use(async (_prev, method, payload) => {
    check(method, payload as Record<string, unknown>);
    const result = method.startsWith("send") || method === "copyMessage"
      ? { message_id: messageId++, date: 0, chat: { id: 1, type: "private" }, text: "" }
      : true;
    return { ok: true, result } as never;
  });
  bot.catch((err) => void crashes.push(err.error));
});
afterAll(async () => deps?.storage.close());

const user = fc.record({
  id: fc.integer({ min: 1, max: 40 }),
  language_code: fc.constantFrom(undefined, "ru", "sr", "en", "hr", "de", "zz-ZZ", ""),
});
const anyText = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: "grapheme", maxLength: 300 }),
  fc.string({ maxLength: 4096, unit: fc.constantFrom("<", ">", "&", "a", "б", "ћ", " ", "\n", "/", "@", "#", "*", "_", "`", "🎉") }),
  fc.constantFrom("/start", "/today", "/tomorrow", "/agenda", "/now", "/next", "/venues", "/contacts", "/help", "/about", "/lang", "/me", "/move d1-lunch 25:99", "/cancel x", "/status", "/forget"),
  fc.tuple(fc.constantFrom("/start ", "/move ", "/cancel ", "/now@attache_bot ", "/today "), fc.string({ maxLength: 80 })).map(([a, b]) => a + b),
);
const realData = [
  encode({ kind: "lang", lang: "sr-Latn" }), encode({ kind: "day", day: 1 }), encode({ kind: "event", eventId: "d1-ministry-meeting" }),
  encode({ kind: "venue", venueId: "ministry" }), encode({ kind: "contacts" }), encode({ kind: "me", personId: null }),
];
const callbackData = fc.oneof(fc.string({ maxLength: 64 }), fc.constantFrom(...realData), fc.string({ unit: "grapheme", maxLength: 30 }));

let updateId = 1;
const base = (u: { id: number; language_code: string | undefined }) => ({
  chat: { id: u.id, type: "private" as const, first_name: "Fuzz" },
  from: { id: u.id, is_bot: false, first_name: "Fuzz", ...(u.language_code !== undefined ? { language_code: u.language_code } : {}) },
  date: 1727250000,
});
const textUpdate = (u: { id: number; language_code: string | undefined }, text: string): Update => {
  const cmd = /^\/\S+/.exec(text);
  return { update_id: updateId++, message: { message_id: messageId++, ...base(u), text, ...(cmd ? { entities: [{ type: "bot_command", offset: 0, length: cmd[0].length }] } : {}) } } as Update;
};

async function run(update: Update): Promise<void> {
  await bot.handleUpdate(update);
}

describe("fuzzing every handler", () => {
  it("4,000 random texts and commands: no crash, nothing Telegram would reject", async () => {
    await fc.assert(fc.asyncProperty(user, anyText, async (u, text) => run(textUpdate(u, text))), { numRuns: 4000, seed: 1 });
    expect(replies.sendMessage).toBeGreaterThanOrEqual(4000); // every update was answered, so every answer was checked
    expect(crashes).toEqual([]);
    expect(problems.slice(0, 5)).toEqual([]);
  });
  it("2,000 random captions on photos and documents", async () => {
    await fc.assert(
      fc.asyncProperty(user, fc.string({ maxLength: 1024 }), fc.boolean(), async (u, caption, photo) =>
        run({ update_id: updateId++, message: { message_id: messageId++, ...base(u), caption, ...(photo
          ? { photo: [{ file_id: "p", file_unique_id: "p", width: 1, height: 1 }] }
          : { document: { file_id: "d", file_unique_id: "d", file_name: "notes.txt" } }) } } as Update),
      ),
      { numRuns: 2000, seed: 2 },
    );
    expect(crashes).toEqual([]);
    expect(problems.slice(0, 5)).toEqual([]);
  });
  it("3,000 random and replayed callback data", async () => {
    await fc.assert(
      fc.asyncProperty(user, callbackData, async (u, data) =>
        run({ update_id: updateId++, callback_query: { id: String(updateId), from: base(u).from, chat_instance: "c", data,
          message: { message_id: 1, date: 0, chat: base(u).chat, text: "old message" } } } as Update),
      ),
      { numRuns: 3000, seed: 3 },
    );
    expect(replies.answerCallbackQuery).toBeGreaterThanOrEqual(3000); // every button press was answered
    expect(crashes).toEqual([]);
    expect(problems.slice(0, 5)).toEqual([]);
  });
  it("1,000 random deep-link payloads", async () => {
    await fc.assert(fc.asyncProperty(user, fc.string({ maxLength: 128 }), async (u, payload) => run(textUpdate(u, `/start ${payload}`))), { numRuns: 1000, seed: 4 });
    expect(crashes).toEqual([]);
    expect(problems.slice(0, 5)).toEqual([]);
  });
});
