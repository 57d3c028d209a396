// Environment → typed configuration. Every problem is listed in one message; nothing is read at import time.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const DEFAULT_SCENARIO_DIR = path.join(PROJECT_ROOT, "scenarios", "serbia-belarus-ict");

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const envSchema = z.object({
  BOT_TOKEN: optionalString.pipe(
    z.string().regex(/^\d+:[A-Za-z0-9_-]{30,}$/, "looks like 123456:ABC-DEF… from @BotFather").optional(),
  ),
  BOT_API_ROOT: z.url({ protocol: /^https?$/ }).default("https://api.telegram.org"),
  SCENARIO_DIR: optionalString.transform((v) => path.resolve(v ?? DEFAULT_SCENARIO_DIR)),
  STORAGE_URL: z
    .string()
    .default("sqlite://./data/attache.sqlite")
    .refine((v) => /^(sqlite:\/\/.+|redis:\/\/.+|rediss:\/\/.+|memory:)$/.test(v), {
      message: "use sqlite://<path>, redis://host:port or memory:",
    }),
  BOT_RECEIVE: optionalString.pipe(z.enum(["polling", "webhook", "none"]).optional()),
  BOT_NOW: optionalString.pipe(
    z.iso.datetime({ offset: true, message: "an ISO instant such as 2024-09-25T10:15:00+03:00" }).optional(),
  ),
  ORGANIZER_IDS: optionalString.transform((v, ctx) => {
    if (!v) return [] as number[];
    const ids = v.split(",").map((s) => s.trim()).filter(Boolean);
    const bad = ids.filter((s) => !/^\d{1,15}$/.test(s));
    if (bad.length > 0) ctx.addIssue({ code: "custom", message: `not Telegram user ids: ${bad.join(", ")}` });
    return ids.map(Number);
  }),
  ORGANIZER_CHAT_ID: optionalString.pipe(z.string().regex(/^-?\d{1,20}$/, "a Telegram chat id such as -1001234567890").optional()),
  WEBHOOK_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  WEBHOOK_SECRET: optionalString.pipe(
    z.string().regex(/^[A-Za-z0-9_-]{16,256}$/, "16–256 characters of A-Z a-z 0-9 _ - (Telegram's secret_token)").optional(),
  ),
  SEND_LIMIT_PER_SECOND: z.coerce.number().min(1).max(30).default(25),
  SEND_LIMIT_CHAT_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  SEND_LIMIT_GROUP_PER_MINUTE: z.coerce.number().min(1).max(20).default(20),
  PURGE_AFTER_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalString.pipe(z.url().optional()),
  OPENAI_MODEL: z.string().default("gpt-4o-mini"),
  OPENAI_EMBEDDING_MODEL: optionalString,
  OPENAI_TIMEOUT_MS: z.coerce.number().int().min(1000).max(300_000).default(20_000),
});

export type Config = {
  botToken?: string;
  botApiRoot: string;
  scenarioDir: string;
  storageUrl: string;
  /** STORAGE_URL was not set: storageUrl is the real bot's default file, which the demo must leave alone. */
  storageUrlDefaulted?: boolean;
  botNow?: number;
  organizerIds: number[];
  organizerChatId?: number;
  webhook?: { url: string; secret: string };
  /** How updates arrive: long polling, the webhook, or not at all (a sender-only instance beside others). */
  receive: "polling" | "webhook" | "none";
  purgeAfterDays: number;
  sendLimits: { perSecond: number; perChatMs: number; perGroupPerMinute: number };
  logLevel: z.output<typeof envSchema>["LOG_LEVEL"];
  port: number;
  openai: { apiKey?: string; baseUrl?: string; model: string; embeddingModel?: string; timeoutMs: number };
};

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}

/** BOT_RECEIVE against the rest: a webhook needs its URL, and a sender-only instance needs others sharing its store. */
function checkReceive(receive: string | undefined, webhookUrl: boolean, storageUrl: string): string | undefined {
  if (receive === "webhook" && !webhookUrl) return "webhook needs WEBHOOK_URL";
  if (receive === "polling" && webhookUrl) return "polling and WEBHOOK_URL exclude each other (unset one)";
  if (receive === "none" && !/^rediss?:\/\//.test(storageUrl)) {
    return "none (send only) needs a STORAGE_URL shared with the instance that receives (redis://…)";
  }
  return undefined;
}

/** Parses the environment; throws ConfigError listing every bad variable (never their secret values). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = envSchema
    .superRefine((e, ctx) => {
      if (e.WEBHOOK_URL && !e.WEBHOOK_SECRET) ctx.addIssue({ code: "custom", path: ["WEBHOOK_SECRET"], message: "required with WEBHOOK_URL" });
      const receiveProblem = checkReceive(e.BOT_RECEIVE, Boolean(e.WEBHOOK_URL), e.STORAGE_URL);
      if (receiveProblem) ctx.addIssue({ code: "custom", path: ["BOT_RECEIVE"], message: receiveProblem });
    })
    .safeParse(env);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  const e = result.data;
  return {
    botToken: e.BOT_TOKEN,
    botApiRoot: e.BOT_API_ROOT.replace(/\/+$/, ""),
    scenarioDir: e.SCENARIO_DIR,
    storageUrl: e.STORAGE_URL,
    storageUrlDefaulted: env.STORAGE_URL === undefined,
    botNow: e.BOT_NOW ? Date.parse(e.BOT_NOW) : undefined,
    organizerIds: e.ORGANIZER_IDS,
    organizerChatId: e.ORGANIZER_CHAT_ID ? Number(e.ORGANIZER_CHAT_ID) : undefined,
    purgeAfterDays: e.PURGE_AFTER_DAYS,
    webhook: e.WEBHOOK_URL && e.WEBHOOK_SECRET ? { url: e.WEBHOOK_URL, secret: e.WEBHOOK_SECRET } : undefined,
    receive: e.BOT_RECEIVE ?? (e.WEBHOOK_URL ? "webhook" : "polling"),
    sendLimits: { perSecond: e.SEND_LIMIT_PER_SECOND, perChatMs: e.SEND_LIMIT_CHAT_MS, perGroupPerMinute: e.SEND_LIMIT_GROUP_PER_MINUTE },
    logLevel: e.LOG_LEVEL,
    port: e.PORT,
    openai: {
      apiKey: e.OPENAI_API_KEY,
      baseUrl: e.OPENAI_BASE_URL,
      model: e.OPENAI_MODEL,
      embeddingModel: e.OPENAI_EMBEDDING_MODEL,
      timeoutMs: e.OPENAI_TIMEOUT_MS,
    },
  };
}
