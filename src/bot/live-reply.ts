// A reply that is still being written: "typing…" while waiting, a streamed preview edited at most once a second.
import { GrammyError, type InlineKeyboard } from "grammy";
import type { BotContext } from "./context.ts";
import { splitMessage } from "./html.ts";
import { replyHtml } from "./reply.ts";

/** Telegram shows a chat action for about five seconds. */
const TYPING_EVERY_MS = 4_500;
const EDIT_EVERY_MS = 1_000;
/** Short answers are not worth a preview: they arrive whole. */
const MIN_PREVIEW = 60;

export interface LiveReply {
  /** Shows the text written so far (HTML); ignored when the last edit was under a second ago. */
  preview(html: string): void;
  /** Sends or edits in the final text and stops "typing…". */
  finish(html: string, keyboard?: InlineKeyboard): Promise<void>;
  /** Stops "typing…" without sending anything. */
  stop(): void;
}

export function liveReply(ctx: BotContext, now: () => number = Date.now): LiveReply {
  let messageId: number | undefined;
  let lastEdit = 0;
  let shown = "";
  let chain: Promise<void> = Promise.resolve();
  let inFlight = false;

  const typing = () => void ctx.replyWithChatAction("typing").catch(() => {});
  typing();
  const timer = setInterval(typing, TYPING_EVERY_MS);
  timer.unref?.();
  const stop = () => clearInterval(timer);

  const send = async (html: string) => {
    try {
      if (messageId === undefined) {
        const sent = await ctx.reply(html, { parse_mode: "HTML", link_preview_options: { is_disabled: true } });
        messageId = sent.message_id;
      } else {
        await ctx.api.editMessageText(ctx.chat!.id, messageId, html, { parse_mode: "HTML", link_preview_options: { is_disabled: true } });
      }
      shown = html;
    } catch {
      // A preview that fails (rate limit, a half-written entity) is skipped; the final text decides.
    } finally {
      inFlight = false;
    }
  };

  return {
    preview(html) {
      if (inFlight || html.length < MIN_PREVIEW || splitMessage(html).length > 1) return;
      if (now() - lastEdit < EDIT_EVERY_MS) return;
      lastEdit = now();
      inFlight = true;
      chain = chain.then(() => send(html));
    },
    async finish(html, keyboard) {
      stop();
      await chain;
      if (messageId === undefined) return replyHtml(ctx, html, keyboard);
      const parts = splitMessage(html);
      const first = parts[0]!;
      const only = parts.length === 1;
      try {
        if (first !== shown || (only && keyboard)) {
          await ctx.api.editMessageText(ctx.chat!.id, messageId, first, {
            parse_mode: "HTML",
            link_preview_options: { is_disabled: true },
            ...(only && keyboard ? { reply_markup: keyboard } : {}),
          });
        }
      } catch (error) {
        if (!(error instanceof GrammyError && error.description.includes("message is not modified"))) {
          return replyHtml(ctx, html, keyboard);
        }
      }
      if (!only) await replyHtml(ctx, parts.slice(1).join("\n\n"), keyboard);
    },
    stop,
  };
}
