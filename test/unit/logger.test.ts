import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { GrammyError } from "grammy";
import { createLogger } from "../../src/logger.ts";

function capture(level: string) {
  const lines: string[] = [];
  const stream = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
  return { logger: createLogger(level, stream), lines };
}

const failedSend = () =>
  new GrammyError(
    "Call to 'sendMessage' failed!",
    { ok: false, error_code: 400, description: "Bad Request: can't parse entities" },
    "sendMessage",
    { chat_id: 42, text: "Call me at +375290000101, my room is 512" },
  );

describe("logs", () => {
  it("carry ids and error codes, not message texts or phone numbers", () => {
    const { logger, lines } = capture("info");
    logger.error({ err: failedSend(), userId: 42 }, "update failed");
    const out = lines.join("");
    expect(out).toContain('"error_code":400');
    expect(out).toContain('"userId":42');
    expect(out).not.toContain("+375290000101");
    expect(out).not.toContain("room is 512");
  });
  it("include the payload at debug level, for diagnosis", () => {
    const { logger, lines } = capture("debug");
    logger.error({ err: failedSend() }, "update failed");
    expect(lines.join("")).toContain("+375290000101");
  });
  it("never print a bot token, even inside an error message", () => {
    const { logger, lines } = capture("info");
    logger.error({ err: new Error("fetch https://bot-api.example/bot123456:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/getMe failed"), token: "123456:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" }, "x");
    expect(lines.join("")).not.toContain("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  });
});
