// pino, with secrets redacted by path and Telegram errors stripped of their payloads (message texts, phones)
// unless LOG_LEVEL=debug, so logs carry ids, not what people wrote.
import { pino, stdSerializers, type Logger } from "pino";
import { GrammyError, HttpError } from "grammy";

const TOKEN_IN_TEXT = /\d{5,}:[A-Za-z0-9_-]{30,}/g;

function errorSerializer(verbose: boolean) {
  return (err: unknown) => {
    if (err instanceof GrammyError) {
      const out: Record<string, unknown> = { type: "GrammyError", method: err.method, error_code: err.error_code, description: err.description };
      if (verbose) out.payload = err.payload;
      return out;
    }
    if (err instanceof HttpError) return { type: "HttpError", message: err.message.replace(TOKEN_IN_TEXT, "<token>") };
    const serialized = stdSerializers.err(err as Error) as unknown as Record<string, unknown>;
    if (typeof serialized.message === "string") serialized.message = serialized.message.replace(TOKEN_IN_TEXT, "<token>");
    if (typeof serialized.stack === "string") serialized.stack = serialized.stack.replace(TOKEN_IN_TEXT, "<token>");
    if (!verbose) delete serialized.payload;
    return serialized;
  };
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const verbose = level === "debug" || level === "trace";
  return pino(
    {
      level,
      base: { app: "attache" },
      serializers: { err: errorSerializer(verbose) },
      redact: { paths: ["botToken", "token", "*.botToken", "*.token", "apiKey", "*.apiKey", "headers.authorization"], censor: "[secret]" },
    },
    destination,
  );
}
