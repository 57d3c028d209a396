// The sender reports each sent notice's Telegram message id to one hook; several features want it (relays
// map organizers' replies back to delegates; others may pin or edit). This runs a list of hooks, each on its
// own: the notice is already marked sent, so a failing hook must never make the sender retry it.
import type { Logger } from "pino";
import type { Notice } from "./outbox.ts";

export type SentHook = (notice: Notice, messageId: number) => Promise<void> | void;

export function composeSentHooks(hooks: readonly SentHook[], logger: Logger): SentHook {
  return async (notice, messageId) => {
    for (const hook of hooks) {
      try {
        await hook(notice, messageId);
      } catch (error) {
        logger.error({ err: error, notice: notice.id }, "outbox: a sent hook failed");
      }
    }
  };
}
