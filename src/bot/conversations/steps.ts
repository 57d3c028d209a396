// The steps every organizer wizard is made of: wait for a button of this step, or for typed text, and the
// ways out (✖️ Cancel, /stop, any other command). The wizards are replayed from the start on each update,
// so everything that touches the world (replies, storage, the clock) runs in `conversation.external`.
import { InlineKeyboard, type Context } from "grammy";
import type { Conversation } from "@grammyjs/conversations";
import type { BotContext } from "../context.ts";
import { decode, encode, type WizardStep } from "../keyboards/callback-data.ts";
import { escapeHtml } from "../html.ts";
import { replyHtml } from "../reply.ts";
import { auditAction } from "../features/organizer/audit.ts";

/** Outside: the bot's context (deps, language); inside: plain contexts rebuilt from each update. */
export type Wizard = Conversation<BotContext, Context>;
export type WizardName = "change" | "announce";
/** What a wizard is entered with (JSON: the plugin stores it). */
export interface WizardStart {
  eventId?: string;
  text?: string;
}

export const wizardButton = (label: string, step: WizardStep, value = "") =>
  InlineKeyboard.text(label.slice(0, 64), encode({ kind: "wizard", step, value }));

/** One button per row, then ✖️ Cancel: every step can be left. */
export function stepKeyboard(t: BotContext["t"], buttons: ReturnType<typeof wizardButton>[]): InlineKeyboard {
  return InlineKeyboard.from([...buttons.map((b) => [b]), [wizardButton(`✖️ ${t("wizard.cancel")}`, "cancel")]]);
}

const COMMAND = /^\/([A-Za-z0-9_]{1,32})(@\w+)?(\s|$)/;

/** The steps of one running wizard. */
export function steps(conversation: Wizard, name: WizardName) {
  const run = <R>(task: (ctx: BotContext) => Promise<R>) => conversation.external(task);

  /** Leaves the wizard; after another command, that command runs (the update goes on down the bot). */
  async function leave(why: "cancel" | "stop" | "command"): Promise<never> {
    await run(async (ctx) => {
      if (ctx.callbackQuery) {
        await ctx.answerCallbackQuery();
        await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => {});
      }
      await auditAction(ctx, `${name}.wizard.${why}`);
      await replyHtml(ctx, ctx.t("wizard.left"));
    });
    return conversation.halt(why === "command" ? { next: true } : {});
  }

  /** Whatever is not this step's: /stop and commands leave, buttons and messages go to the rest of the bot. */
  async function elsewhere(ctx: Context): Promise<never> {
    const command = COMMAND.exec(ctx.message?.text ?? "")?.[1];
    if (command === "stop") return leave("stop");
    if (command) return leave("command");
    // Not ours: an organizer's question, a "Got it", a day button of /today. The wizard keeps waiting.
    return conversation.skip({ next: true });
  }

  /** A wizard button of another step (an older message): answered, and the wizard keeps waiting. */
  const stale = () => run(async (ctx) => void (await ctx.answerCallbackQuery({ text: ctx.t("errors.staleButton") })));

  return {
    run,
    leave,

    /** Waits for a button of one of `wanted`; the pressed message keeps the choice, without its buttons. */
    async choose(...wanted: WizardStep[]): Promise<{ step: WizardStep; value: string }> {
      for (;;) {
        const ctx = await conversation.wait();
        const cb = decode(ctx.callbackQuery?.data);
        if (cb?.kind !== "wizard") await elsewhere(ctx);
        else if (cb.step === "cancel") await leave("cancel");
        else if (!wanted.includes(cb.step)) await stale();
        else {
          await run(settle);
          return { step: cb.step, value: cb.value };
        }
      }
    },

    /** Waits for typed text (not a command); other messages get a hint and the wizard keeps waiting. */
    async typed(): Promise<string> {
      for (;;) {
        const ctx = await conversation.wait();
        const cb = decode(ctx.callbackQuery?.data);
        const text = ctx.message?.text;
        if (cb?.kind === "wizard") await (cb.step === "cancel" ? leave("cancel") : stale());
        else if (text !== undefined && !text.startsWith("/") && text.trim()) return text.trim();
        else if (ctx.message && text === undefined) await run((o) => replyHtml(o, o.t("wizard.textPlease")));
        else await elsewhere(ctx);
      }
    },
  };
}

/** Answers the button and writes the choice under the question, so the chat reads as a record. */
async function settle(ctx: BotContext): Promise<void> {
  await ctx.answerCallbackQuery();
  const message = ctx.callbackQuery?.message;
  const data = ctx.callbackQuery?.data;
  const label = message?.reply_markup?.inline_keyboard.flat().find((b) => "callback_data" in b && b.callback_data === data)?.text;
  if (!message || !("text" in message) || !message.text || !label) {
    return void (await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => {}));
  }
  await ctx
    .editMessageText(`${escapeHtml(message.text)}\n→ <b>${escapeHtml(label)}</b>`, { parse_mode: "HTML" })
    .catch(() => ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => {}));
}
