// pino, with secrets redacted by path; message texts and phones are logged only at debug level by callers.
import { pino, type Logger } from "pino";

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: "attache" },
      redact: { paths: ["botToken", "token", "*.botToken", "*.token", "apiKey", "*.apiKey", "headers.authorization"], censor: "[secret]" },
    },
    destination,
  );
}
