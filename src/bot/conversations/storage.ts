// Where the organizer wizards keep their replay logs: one Keyv entry per private chat, versioned, kept a day.
import type { ConversationData, ConversationStorage, VersionedState } from "@grammyjs/conversations";
import type { BotContext } from "../context.ts";

/**
 * Bump when a wizard's steps change shape: a log recorded by older code would replay into the wrong
 * step, so the plugin discards entries of another version and the organizer simply starts again.
 */
export const WIZARD_STORAGE_VERSION = 1;

/** An unfinished wizard is forgotten after a day, like an unsent preview. */
const TTL_MS = 24 * 3_600_000;

type Stored = VersionedState<ConversationData>;

const space = (ctx: BotContext) => ctx.deps.storage.namespace<Stored>("conversations");
/** Wizards run in private chats only, so the chat is the organizer. */
const keyOf = (ctx: BotContext) => `chat:${ctx.chatId ?? ctx.from?.id ?? 0}`;

/** The plugin's storage on the deps' Keyv (read per update, so the store is the one of this bot's deps). */
export function wizardStorage(): ConversationStorage<BotContext, ConversationData> {
  return {
    type: "context",
    version: WIZARD_STORAGE_VERSION,
    adapter: {
      read: async (ctx) => (await space(ctx).get(keyOf(ctx))) ?? undefined,
      write: async (ctx, state) => void (await space(ctx).set(keyOf(ctx), state, TTL_MS)),
      delete: async (ctx) => void (await space(ctx).delete(keyOf(ctx))),
    },
  };
}
