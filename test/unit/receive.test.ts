import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.ts";
import { openStores } from "../../src/storage/index.ts";

const problems = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe("how an instance receives updates (BOT_RECEIVE)", () => {
  it("polls by default, and takes the webhook when WEBHOOK_URL is set", () => {
    expect(loadConfig({}).receive).toBe("polling");
    expect(loadConfig({ WEBHOOK_URL: "https://bot.example.org/telegram", WEBHOOK_SECRET: "a-secret-of-16-chars" }).receive).toBe("webhook");
  });

  it("runs a send-only instance on a store shared with the one that receives", () => {
    const config = loadConfig({ BOT_RECEIVE: "none", STORAGE_URL: "redis://127.0.0.1:6379" });
    expect(config.receive).toBe("none");
  });

  it("refuses a send-only instance on its own SQLite file, a webhook without its URL, and an unknown mode", () => {
    expect(problems({ BOT_RECEIVE: "none" })).toEqual([expect.stringMatching(/^BOT_RECEIVE: none \(send only\) needs a STORAGE_URL shared/)]);
    expect(problems({ BOT_RECEIVE: "webhook" })).toEqual(["BOT_RECEIVE: webhook needs WEBHOOK_URL"]);
    expect(problems({ BOT_RECEIVE: "push" })[0]).toMatch(/^BOT_RECEIVE: /);
  });
});

describe("a Redis STORAGE_URL", () => {
  it("that cannot be reached is named by host and port, never with the password in it", async () => {
    const error = await openStores("redis://default:pa55word-in-url@127.0.0.1:1").catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/Cannot reach Redis at redis:\/\/127\.0\.0\.1:1\b/);
    expect((error as Error).message).not.toContain("pa55word-in-url");
  });
});
